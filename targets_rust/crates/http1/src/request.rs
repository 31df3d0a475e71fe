//! One request head (RFC 9112 §2–§6) in one pass over the caller's bytes. Every decision is
//! made from bytes already seen, so a prefix either says `Partial` or gives the same answer
//! as the whole input.

use crate::chars::*;
use crate::{Body, Error, ErrorKind, Field, Limits, Request, Span, Status, TargetForm};

type Parsed = Result<Status<Request>, Error>;

fn fail<T>(kind: ErrorKind, offset: usize) -> Result<T, Error> {
    Err(Error { kind, offset })
}

/// What the field lines said about framing, gathered as they are read.
#[derive(Default)]
struct Framing {
    hosts: u32,
    content_length: Option<u64>,
    has_transfer_encoding: bool,
    /// "chunked" seen; it must stay the last coding.
    chunked: bool,
}

/// The first byte in `input[i..]` that ends a field value (`ends_value`), or the length. Eight
/// bytes per step: the lowest byte flagged by the borrow trick is always a true hit.
fn scan_value(input: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = input.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap());
        let del = w ^ (0x7f * ONES);
        let hits =
            (w.wrapping_sub(0x20 * ONES) & !w & HIGHS) | (del.wrapping_sub(ONES) & !del & HIGHS);
        if hits == 0 {
            i += 8;
            continue;
        }
        i += hits.trailing_zeros() as usize / 8;
        if input[i] != b'\t' {
            return i;
        }
        // Seeded bug (docs/bugs.md): a TAB (allowed in a value) is passed over by rescanning the
        // word, without stepping past it first.
        #[cfg(feature = "bug-http1-tab-stall")]
        tb_canary::mark("http1-tab-stall", true);
        #[cfg(not(feature = "bug-http1-tab-stall"))]
        {
            i += 1;
        }
    }
    while i < input.len() && !ends_value(input[i]) {
        i += 1;
    }
    i
}

fn content_length(input: &[u8], start: usize, end: usize, f: &mut Framing) -> Result<(), Error> {
    let digits = &input[start..end];
    #[cfg(not(feature = "bug-http1-content-length-u32"))]
    let mut value: u64 = 0;
    // Seeded bug (docs/bugs.md): the length is accumulated in 32 bits, under the 64-bit check.
    #[cfg(feature = "bug-http1-content-length-u32")]
    let mut value: u32 = 0;
    if digits.is_empty() {
        return fail(ErrorKind::BadContentLength, start);
    }
    for &b in digits {
        let digit = b.wrapping_sub(b'0') as u64;
        #[cfg(not(feature = "bug-http1-content-length-u32"))]
        {
            if digit > 9 || value > (u64::MAX - digit) / 10 {
                return fail(ErrorKind::BadContentLength, start);
            }
            value = value * 10 + digit;
        }
        #[cfg(feature = "bug-http1-content-length-u32")]
        {
            if digit > 9 || u64::from(value) > (u64::MAX - digit) / 10 {
                return fail(ErrorKind::BadContentLength, start);
            }
            tb_canary::mark(
                "http1-content-length-u32",
                u64::from(value) > (u64::from(u32::MAX) - digit) / 10,
            );
            value = value * 10 + digit as u32;
        }
    }
    #[cfg(feature = "bug-http1-content-length-u32")]
    let value = u64::from(value);
    // Seeded bug (docs/bugs.md): a repeated Content-Length replaces the earlier one.
    #[cfg(feature = "bug-http1-duplicate-content-length")]
    tb_canary::mark(
        "http1-duplicate-content-length",
        f.content_length.is_some_and(|previous| previous != value),
    );
    #[cfg(not(feature = "bug-http1-duplicate-content-length"))]
    if f.content_length.is_some_and(|previous| previous != value) {
        return fail(ErrorKind::BadContentLength, start);
    }
    f.content_length = Some(value);
    Ok(())
}

/// A list of codings, each a bare token; "chunked" once, and last.
fn transfer_encoding(input: &[u8], start: usize, end: usize, f: &mut Framing) -> Result<(), Error> {
    let mut any = false;
    let mut k = start;
    f.has_transfer_encoding = true;
    loop {
        while k < end && (input[k] == b',' || is_ows(input[k])) {
            k += 1;
        }
        if k == end {
            break;
        }
        let coding = k;
        while k < end && is_tchar(input[k]) {
            k += 1;
        }
        if k == coding {
            return fail(ErrorKind::BadTransferEncoding, k);
        }
        if f.chunked {
            return fail(ErrorKind::BadTransferEncoding, coding);
        }
        f.chunked = name_is(&input[coding..k], b"chunked");
        any = true;
        while k < end && is_ows(input[k]) {
            k += 1;
        }
        if k < end && input[k] != b',' {
            return fail(ErrorKind::BadTransferEncoding, k);
        }
    }
    if any {
        Ok(())
    } else {
        fail(ErrorKind::BadTransferEncoding, start)
    }
}

/// One Host field, its value a uri-host [":" port]: target chars other than '/', '?' and '@'.
fn host(input: &[u8], name: usize, start: usize, end: usize, f: &mut Framing) -> Result<(), Error> {
    f.hosts += 1;
    if f.hosts > 1 {
        return fail(ErrorKind::BadHost, name);
    }
    match (start..end).find(|&k| {
        let b = input[k];
        TARGET[b as usize] == 0 || b == b'/' || b == b'?' || b == b'@'
    }) {
        Some(k) => fail(ErrorKind::BadHost, k),
        None => Ok(()),
    }
}

fn field_semantics(input: &[u8], field: &Field, f: &mut Framing) -> Result<(), Error> {
    let name_start = field.name.offset as usize;
    let name = &input[name_start..name_start + field.name.length as usize];
    let start = field.value.offset as usize;
    let end = start + field.value.length as usize;
    match name.len() {
        4 if name_is(name, b"host") => return host(input, name_start, start, end, f),
        14 if name_is(name, b"content-length") => return content_length(input, start, end, f),
        17 if name_is(name, b"transfer-encoding") => {
            return transfer_encoding(input, start, end, f)
        }
        _ => {}
    }
    Ok(())
}

/// The request-target's form (§3.2), or `None` for a bad target.
fn target_form(method: &[u8], t: &[u8]) -> Option<TargetForm> {
    if method == b"CONNECT" {
        if t.iter().any(|&b| b == b'/' || b == b'?' || b == b'@') {
            return None;
        }
        #[cfg(not(feature = "bug-http1-connect-port-unchecked"))]
        let colon = t.iter().rposition(|&b| b == b':')?;
        // Seeded bug (docs/bugs.md): the last ':' is looked up, and the answer (None when there
        // is none) is taken as found.
        #[cfg(feature = "bug-http1-connect-port-unchecked")]
        let colon = {
            let found = t.iter().rposition(|&b| b == b':');
            tb_canary::mark("http1-connect-port-unchecked", found.is_none());
            found.unwrap()
        };
        let port = &t[colon + 1..];
        let valid = colon > 0 && !port.is_empty() && port.iter().all(u8::is_ascii_digit);
        return valid.then_some(TargetForm::Authority);
    }
    if t == b"*" {
        return (method == b"OPTIONS").then_some(TargetForm::Asterisk);
    }
    if t[0] == b'/' {
        return Some(TargetForm::Origin);
    }
    if !t[0].is_ascii_alphabetic() {
        return None;
    }
    for &b in &t[1..] {
        if b == b':' {
            return Some(TargetForm::Absolute);
        }
        if !(b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.') {
            break;
        }
    }
    None
}

/// Why `scan_target` stopped early at a '%'.
#[derive(PartialEq)]
enum Percent {
    Ok,
    Bad,
    Incomplete,
}

/// Scans the request-target from `input[start]`: the index of the first byte after it (or the
/// length). A '%' not followed by two HEXDIG stops the scan at the '%', saying whether the
/// digits are wrong or not there yet.
fn scan_target(input: &[u8], start: usize) -> (usize, Percent) {
    let mut i = start;
    while i < input.len() {
        let kind = TARGET[input[i] as usize];
        if kind == TARGET_CHAR {
            i += 1;
            continue;
        }
        if kind != TARGET_PERCENT {
            return (i, Percent::Ok);
        }
        for k in 1..=2 {
            match input.get(i + k) {
                None => return (i, Percent::Incomplete),
                Some(&b) if hex(b).is_none() => return (i, Percent::Bad),
                Some(_) => {}
            }
        }
        i += 3;
    }
    (i, Percent::Ok)
}

/// Parses one head from the start of `input` into `fields` (at least `limits.max_fields` long).
pub fn parse_request(input: &[u8], limits: &Limits, fields: &mut [Field]) -> Parsed {
    if !limits.valid() {
        return fail(ErrorKind::InvalidLimits, 0);
    }
    if fields.len() < limits.max_fields as usize {
        return fail(ErrorKind::OutputTooSmall, 0);
    }
    // Every decision is made within the first max_head_bytes bytes.
    let end = input.len().min(limits.max_head_bytes as usize);
    let out_of_bytes = || -> Parsed {
        if input.len() > end {
            fail(ErrorKind::HeadTooLarge, end)
        } else {
            Ok(Status::Partial)
        }
    };
    let input = &input[..end];
    let mut i = 0;

    while i < end && input[i] == CR {
        // empty lines before the request line
        match input.get(i + 1) {
            None => return out_of_bytes(),
            Some(&LF) => i += 2,
            Some(_) => return fail(ErrorKind::BareCr, i),
        }
    }

    let method = i;
    while i < end && is_tchar(input[i]) {
        i += 1;
    }
    let Some(&b) = input.get(i) else {
        return out_of_bytes();
    };
    if b != b' ' || i == method {
        return fail(bad(b, ErrorKind::BadMethod), i);
    }
    let method = method..i;

    let target = i + 1;
    let (stop, percent) = scan_target(input, target);
    i = stop;
    if i - target > limits.max_target_bytes as usize {
        return fail(
            ErrorKind::TargetTooLong,
            target + limits.max_target_bytes as usize,
        );
    }
    if percent == Percent::Bad {
        return fail(ErrorKind::BadTarget, i);
    }
    if percent == Percent::Incomplete || i >= end {
        return out_of_bytes();
    }
    if input[i] != b' ' || i == target {
        return fail(bad(input[i], ErrorKind::BadTarget), i);
    }
    let Some(form) = target_form(&input[method.clone()], &input[target..i]) else {
        return fail(ErrorKind::BadTarget, target);
    };
    let target = target..i;

    let version = i + 1;
    i = version;
    for &expected in b"HTTP/#.#" {
        let Some(&b) = input.get(i) else {
            return out_of_bytes();
        };
        let fits = if expected == b'#' {
            b.is_ascii_digit()
        } else {
            b == expected
        };
        if !fits {
            return fail(bad(b, ErrorKind::BadVersion), i);
        }
        i += 1;
    }
    if input[version + 5] != b'1' || !matches!(input[version + 7], b'0' | b'1') {
        return fail(ErrorKind::UnsupportedVersion, version);
    }
    let minor = input[version + 7] - b'0';
    match (input.get(i), input.get(i + 1)) {
        (None, _) | (Some(&CR), None) => return out_of_bytes(),
        (Some(&CR), Some(&LF)) => i += 2,
        (Some(&CR), Some(_)) => return fail(ErrorKind::BareCr, i),
        (Some(&b), _) => return fail(bad(b, ErrorKind::BadVersion), i),
    }

    let mut f = Framing::default();
    let mut count = 0usize;
    loop {
        let Some(&first) = input.get(i) else {
            return out_of_bytes();
        };
        if first == CR {
            break;
        }
        if is_ows(first) {
            return fail(ErrorKind::ObsFold, i);
        }
        if count == limits.max_fields as usize {
            return fail(ErrorKind::TooManyFields, i);
        }

        let name = i;
        while i < end && is_tchar(input[i]) {
            i += 1;
        }
        let Some(&b) = input.get(i) else {
            return out_of_bytes();
        };
        if b != b':' || i == name {
            return fail(bad(b, ErrorKind::BadFieldName), i);
        }
        let name = Span::new(name, i);
        i += 1;
        while i < end && is_ows(input[i]) {
            i += 1;
        }
        let value = i;
        i = scan_value(input, i);
        match (input.get(i), input.get(i + 1)) {
            (None, _) | (Some(&CR), None) => return out_of_bytes(),
            (Some(&CR), Some(&LF)) => {}
            (Some(&CR), Some(_)) => return fail(ErrorKind::BareCr, i),
            (Some(&b), _) => return fail(bad(b, ErrorKind::BadFieldValue), i),
        }
        let mut value_end = i;
        while value_end > value && is_ows(input[value_end - 1]) {
            value_end -= 1;
        }
        let field = Field {
            name,
            value: Span::new(value, value_end),
        };
        fields[count] = field;
        count += 1;
        field_semantics(input, &field, &mut f)?;
        i += 2;
    }

    // The empty line: input[i] is its CR.
    let empty_line = i;
    match input.get(i + 1) {
        None => return out_of_bytes(),
        Some(&LF) => {}
        Some(_) => return fail(ErrorKind::BareCr, i),
    }
    if f.has_transfer_encoding && (f.content_length.is_some() || minor == 0) {
        return fail(ErrorKind::AmbiguousLength, empty_line);
    }
    if f.has_transfer_encoding && !f.chunked {
        return fail(ErrorKind::BadTransferEncoding, empty_line);
    }
    if minor == 1 && f.hosts == 0 {
        return fail(ErrorKind::BadHost, empty_line);
    }

    let body = match (f.has_transfer_encoding, f.content_length) {
        (true, _) => Body::Chunked,
        (false, Some(length)) => Body::Length(length),
        (false, None) => Body::None,
    };
    Ok(Status::Complete(Request {
        method: Span::new(method.start, method.end),
        target: Span::new(target.start, target.end),
        version_minor: minor,
        target_form: form,
        field_count: count,
        head_length: empty_line + 2,
        body,
    }))
}
