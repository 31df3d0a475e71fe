//! One request head (RFC 9112 §2–§6) in one pass over the caller's bytes. Every decision is
//! made from bytes already seen, so a prefix either says `Partial` or gives the same answer
//! as the whole input; the decisions made so far live in a `HeadParser`, so bytes that arrive
//! in pieces are read once.

use crate::chars::*;
use crate::{Body, Error, ErrorKind, Field, Limits, Request, Span, Status, TargetForm};

type Parsed = Result<Status<Request>, Error>;

fn fail<T>(kind: ErrorKind, offset: usize) -> Result<T, Error> {
    Err(Error { kind, offset })
}

/// What the field lines said about framing, gathered as they are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Framing {
    pub hosts: u32,
    pub content_length: Option<u64>,
    pub transfer_coding: TransferCoding,
}

/// The Transfer-Encoding fields so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TransferCoding {
    #[default]
    Absent,
    Codings,
    /// "chunked" seen; it must stay the last coding.
    ChunkedLast,
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

// Seeded bug (docs/bugs.md): the value is converted by the standard library's parser, and the
// conversion's error unwrapped, as if the field's grammar (1*DIGIT) had been checked before.
#[cfg(feature = "bug-http1-content-length-unchecked-parse")]
fn content_length(input: &[u8], start: usize, end: usize, f: &mut Framing) -> Result<(), Error> {
    let digits = &input[start..end];
    let grammatical = !digits.is_empty()
        && digits.iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(digits).is_ok_and(|s| s.parse::<u64>().is_ok());
    tb_canary::mark("http1-content-length-unchecked-parse", !grammatical);
    let value: u64 = std::str::from_utf8(digits).unwrap().parse().unwrap();
    if f.content_length.is_some_and(|previous| previous != value) {
        return fail(ErrorKind::BadContentLength, start);
    }
    f.content_length = Some(value);
    Ok(())
}

#[cfg(not(feature = "bug-http1-content-length-unchecked-parse"))]
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
    if f.transfer_coding == TransferCoding::Absent {
        f.transfer_coding = TransferCoding::Codings;
    }
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
        if f.transfer_coding == TransferCoding::ChunkedLast {
            return fail(ErrorKind::BadTransferEncoding, coding);
        }
        f.transfer_coding = if name_is(&input[coding..k], b"chunked") {
            TransferCoding::ChunkedLast
        } else {
            TransferCoding::Codings
        };
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
    // Seeded bug (docs/bugs.md): the value is handled as the language's text, a `&str`, and
    // searched for the delimiters a host may not hold, as if a field value were UTF-8. It is
    // bytes: obs-text (0x80 to 0xFF) is allowed in field values, and the conversion fails.
    #[cfg(feature = "bug-http1-host-value-as-text")]
    {
        tb_canary::mark(
            "http1-host-value-as-text",
            std::str::from_utf8(&input[start..end]).is_err(),
        );
        let value = std::str::from_utf8(&input[start..end]).unwrap();
        if let Some(k) = value.find(['/', '?', '@']) {
            return fail(ErrorKind::BadHost, start + k);
        }
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
    // Seeded bug (docs/bugs.md): the name is lower-cased into a local array sized for the names
    // the parser looks for (the longest, "transfer-encoding", is 17 bytes), without checking
    // that the name in the request fits.
    #[cfg(feature = "bug-http1-field-name-stack-copy")]
    let mut lower = [0u8; 24];
    #[cfg(feature = "bug-http1-field-name-stack-copy")]
    let name = {
        tb_canary::mark("http1-field-name-stack-copy", name.len() > lower.len());
        for (k, &b) in name.iter().enumerate() {
            lower[k] = b | 0x20;
        }
        &lower[..name.len()]
    };
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

/// The phases of a head, in order; a call that runs out of bytes leaves `phase` and `pos` where
/// the next call goes on.
pub mod phase {
    /// Empty lines before the request line.
    pub const LEADING: u32 = 0;
    pub const METHOD: u32 = 1;
    pub const TARGET: u32 = 2;
    /// HTTP-version CRLF, re-read whole from its first byte when it was cut.
    pub const VERSION: u32 = 3;
    /// The start of a field line, or the empty line that ends the head.
    pub const LINE: u32 = 4;
    pub const NAME: u32 = 5;
    /// Between the colon and the value.
    pub const OWS: u32 = 6;
    pub const VALUE: u32 = 7;
    /// A result other than `Partial` was given.
    pub const DONE: u32 = 8;
}

/// Progress through one head whose bytes arrive in pieces. The fields are public so that a C
/// caller's `tb_http1_head` can carry it between calls (targets_rust/ffi), as the chunked
/// decoder's are; the contract makes them private to the twin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeadParser {
    pub phase: u32,
    /// The next byte to examine.
    pub pos: usize,
    /// The token being read starts here.
    pub mark: usize,
    pub method: Span,
    pub target: Span,
    /// The field line being read: its name.
    pub name: Span,
    /// Complete field lines, in `fields[..field_count]`.
    pub field_count: usize,
    pub version_minor: u8,
    pub target_form: TargetForm,
    pub framing: Framing,
}

/// Parses one head from the start of `input` into `fields` (at least `limits.max_fields` long).
pub fn parse_request(input: &[u8], limits: &Limits, fields: &mut [Field]) -> Parsed {
    HeadParser::default().resume(input, limits, fields)
}

impl HeadParser {
    /// Still taking input: no result given yet, and a phase this parser knows.
    pub fn accepts_input(&self) -> bool {
        self.phase < phase::DONE
    }

    /// `parse_request` for bytes that arrive in pieces: call it on the growing input (same
    /// start, limits and fields) until it stops saying `Partial`; the results are those of
    /// `parse_request` on the same bytes. After any other result, or with fewer bytes than
    /// before, `InvalidState`.
    pub fn resume(&mut self, input: &[u8], limits: &Limits, fields: &mut [Field]) -> Parsed {
        if !limits.valid() {
            return fail(ErrorKind::InvalidLimits, 0);
        }
        if fields.len() < limits.max_fields as usize {
            return fail(ErrorKind::OutputTooSmall, 0);
        }
        if !self.accepts_input() || input.len() < self.pos {
            return fail(ErrorKind::InvalidState, 0);
        }
        let result = self.parse(input, limits, fields);
        if result != Ok(Status::Partial) {
            self.phase = phase::DONE;
        }
        result
    }

    /// Out of bytes before a decision: go on from `at` in `phase` (the token starting at
    /// `mark`) on the next call, unless the head limit cut the input short.
    fn suspend(&mut self, phase: u32, at: usize, mark: usize, len: usize, end: usize) -> Parsed {
        if len > end {
            return fail(ErrorKind::HeadTooLarge, end);
        }
        (self.phase, self.pos, self.mark) = (phase, at, mark);
        Ok(Status::Partial)
    }

    /// Reads on from `input[self.pos]` in `self.phase`, one token per step.
    fn parse(&mut self, input: &[u8], limits: &Limits, fields: &mut [Field]) -> Parsed {
        // Every decision is made within the first max_head_bytes bytes.
        let len = input.len();
        let end = len.min(limits.max_head_bytes as usize);
        let input = &input[..end];
        // The phase and the token's start live in registers; a suspended call stores them.
        let (mut phase, mut i, mut mark) = (self.phase, self.pos, self.mark);
        loop {
            match phase {
                phase::LEADING => {
                    while input.get(i) == Some(&CR) {
                        match input.get(i + 1) {
                            None => return self.suspend(phase, i, mark, len, end),
                            Some(&LF) => i += 2,
                            Some(_) => return fail(ErrorKind::BareCr, i),
                        }
                    }
                    if i >= end {
                        // Another CRLF may follow.
                        return self.suspend(phase, i, mark, len, end);
                    }
                    mark = i;
                    phase = phase::METHOD;
                }
                phase::METHOD => {
                    while i < end && is_tchar(input[i]) {
                        i += 1;
                    }
                    let Some(&b) = input.get(i) else {
                        return self.suspend(phase, i, mark, len, end);
                    };
                    if b != b' ' || i == mark {
                        return fail(bad(b, ErrorKind::BadMethod), i);
                    }
                    self.method = Span::new(mark, i);
                    i += 1;
                    mark = i;
                    phase = phase::TARGET;
                }
                phase::TARGET => {
                    let target = mark;
                    let (stop, percent) = scan_target(input, i);
                    i = stop;
                    if i - target > limits.max_target_bytes as usize {
                        let at = target + limits.max_target_bytes as usize;
                        return fail(ErrorKind::TargetTooLong, at);
                    }
                    if percent == Percent::Bad {
                        return fail(ErrorKind::BadTarget, i);
                    }
                    if percent == Percent::Incomplete || i >= end {
                        return self.suspend(phase, i, mark, len, end);
                    }
                    if input[i] != b' ' || i == target {
                        return fail(bad(input[i], ErrorKind::BadTarget), i);
                    }
                    let method = self.method.offset as usize
                        ..(self.method.offset + self.method.length) as usize;
                    let Some(form) = target_form(&input[method], &input[target..i]) else {
                        return fail(ErrorKind::BadTarget, target);
                    };
                    self.target_form = form;
                    self.target = Span::new(target, i);
                    i += 1;
                    mark = i;
                    phase = phase::VERSION;
                }
                phase::VERSION => {
                    let version = mark;
                    i = version;
                    for &expected in b"HTTP/#.#" {
                        let Some(&b) = input.get(i) else {
                            return self.suspend(phase, version, mark, len, end);
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
                    match (input.get(i), input.get(i + 1)) {
                        (None, _) | (Some(&CR), None) => {
                            return self.suspend(phase, version, mark, len, end)
                        }
                        (Some(&CR), Some(&LF)) => i += 2,
                        (Some(&CR), Some(_)) => return fail(ErrorKind::BareCr, i),
                        (Some(&b), _) => return fail(bad(b, ErrorKind::BadVersion), i),
                    }
                    self.version_minor = input[version + 7] - b'0';
                    phase = phase::LINE;
                }
                phase::LINE => {
                    match (input.get(i), input.get(i + 1)) {
                        (None, _) | (Some(&CR), None) => {
                            return self.suspend(phase, i, mark, len, end)
                        }
                        (Some(&CR), Some(&LF)) => return self.finish(i),
                        (Some(&CR), Some(_)) => return fail(ErrorKind::BareCr, i),
                        (Some(&b), _) if is_ows(b) => return fail(ErrorKind::ObsFold, i),
                        _ => {}
                    }
                    if self.field_count == limits.max_fields as usize {
                        return fail(ErrorKind::TooManyFields, i);
                    }
                    mark = i;
                    phase = phase::NAME;
                }
                phase::NAME => {
                    while i < end && is_tchar(input[i]) {
                        i += 1;
                    }
                    let Some(&b) = input.get(i) else {
                        return self.suspend(phase, i, mark, len, end);
                    };
                    if b != b':' || i == mark {
                        return fail(bad(b, ErrorKind::BadFieldName), i);
                    }
                    self.name = Span::new(mark, i);
                    i += 1;
                    phase = phase::OWS;
                }
                phase::OWS => {
                    while i < end && is_ows(input[i]) {
                        i += 1;
                    }
                    if i >= end {
                        return self.suspend(phase, i, mark, len, end);
                    }
                    mark = i;
                    phase = phase::VALUE;
                }
                phase::VALUE => {
                    i = scan_value(input, i);
                    match (input.get(i), input.get(i + 1)) {
                        (None, _) | (Some(&CR), None) => {
                            return self.suspend(phase, i, mark, len, end)
                        }
                        (Some(&CR), Some(&LF)) => {}
                        (Some(&CR), Some(_)) => return fail(ErrorKind::BareCr, i),
                        (Some(&b), _) => return fail(bad(b, ErrorKind::BadFieldValue), i),
                    }
                    let mut value_end = i;
                    while value_end > mark && is_ows(input[value_end - 1]) {
                        value_end -= 1;
                    }
                    let field = Field {
                        name: self.name,
                        value: Span::new(mark, value_end),
                    };
                    fields[self.field_count] = field;
                    self.field_count += 1;
                    field_semantics(input, &field, &mut self.framing)?;
                    i += 2;
                    phase = phase::LINE;
                }
                // Not a phase this twin writes (a foreign head).
                _ => return fail(ErrorKind::InvalidState, 0),
            }
        }
    }

    /// The empty line at `input[i]` (its CR, LF checked) ends the head: the checks of the spec's
    /// step 6, then the result.
    fn finish(&self, i: usize) -> Parsed {
        let f = &self.framing;
        let chunked = match f.transfer_coding {
            TransferCoding::Absent => false,
            _ if f.content_length.is_some() || self.version_minor == 0 => {
                return fail(ErrorKind::AmbiguousLength, i)
            }
            TransferCoding::Codings => return fail(ErrorKind::BadTransferEncoding, i),
            TransferCoding::ChunkedLast => true,
        };
        if self.version_minor == 1 && f.hosts == 0 {
            return fail(ErrorKind::BadHost, i);
        }
        let body = match (chunked, f.content_length) {
            (true, _) => Body::Chunked,
            (false, Some(length)) => Body::Length(length),
            (false, None) => Body::None,
        };
        Ok(Status::Complete(Request {
            method: self.method,
            target: self.target,
            version_minor: self.version_minor,
            target_form: self.target_form,
            field_count: self.field_count,
            head_length: i + 2,
            body,
        }))
    }
}
