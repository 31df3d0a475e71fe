//! Strings: scanned 8 bytes at a time, escapes decoded, UTF-8 validated (Unicode table 3-7),
//! decoded bytes appended to the arena. Spec: docs/components/json.md, "Input" and "Errors".

use crate::{Error, ErrorKind};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (little-endian) that is `"`, `\`, below 0x20 or from 0x80
/// up. A borrow can only flag a byte above a real hit, so the lowest flag is always exact.
#[inline]
fn specials(x: u64) -> u64 {
    let quote = x ^ (ONES * b'"' as u64);
    let backslash = x ^ (ONES * b'\\' as u64);
    ((quote.wrapping_sub(ONES) & !quote)
        | (backslash.wrapping_sub(ONES) & !backslash)
        | (x.wrapping_sub(ONES * 0x20) & !x)
        | x)
        & HIGHS
}

#[inline]
fn is_plain(c: u8) -> bool {
    (0x20..0x80).contains(&c) && c != b'"' && c != b'\\'
}

#[inline]
fn hex_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'a'..=b'f' => Some((c - b'a' + 10) as u32),
        b'A'..=b'F' => Some((c - b'A' + 10) as u32),
        _ => None,
    }
}

/// The four hex digits at `input[p..p + 4]`, left to right: a non-hex byte is `bad-escape`
/// there, the end of input `truncated`.
fn hex4(input: &[u8], p: usize) -> Result<u32, Error> {
    let mut v = 0;
    for i in p..p + 4 {
        let Some(&c) = input.get(i) else {
            return Err(Error::at(ErrorKind::Truncated, input.len()));
        };
        let Some(h) = hex_value(c) else {
            return Err(Error::at(ErrorKind::BadEscape, i));
        };
        v = v << 4 | h;
    }
    Ok(v)
}

/// Seeded bugs (docs/bugs.md): the code point is encoded into a local buffer case by case, the
/// case of four bytes (above U+FFFF, from a surrogate pair) is missing, and the buffer is copied
/// out all the same. Left uninitialised (json-utf8-uninit), safe Rust refuses to read it (E0381):
/// that does not compile. Zeroed first, as a Rust programmer writes a buffer (json-utf8-zeroed),
/// it compiles and stores four zero bytes.
#[cfg(any(feature = "bug-json-utf8-uninit", feature = "bug-json-utf8-zeroed"))]
fn put_utf8(arena: &mut [u8], a: usize, cp: u32) -> usize {
    #[cfg(feature = "bug-json-utf8-zeroed")]
    let mut utf8 = [0u8; 4];
    #[cfg(not(feature = "bug-json-utf8-zeroed"))]
    let mut utf8: [u8; 4];
    let n = if cp < 0x80 {
        1
    } else if cp < 0x800 {
        2
    } else if cp < 0x10000 {
        3
    } else {
        4
    };
    #[cfg(feature = "bug-json-utf8-zeroed")]
    tb_canary::mark("json-utf8-zeroed", n == 4);
    if n == 1 {
        utf8[0] = cp as u8;
    } else if n == 2 {
        utf8[0] = 0xC0 | (cp >> 6) as u8;
        utf8[1] = 0x80 | (cp & 0x3F) as u8;
    } else if n == 3 {
        utf8[0] = 0xE0 | (cp >> 12) as u8;
        utf8[1] = 0x80 | ((cp >> 6) & 0x3F) as u8;
        utf8[2] = 0x80 | (cp & 0x3F) as u8;
    }
    arena[a..a + n].copy_from_slice(&utf8[..n]);
    a + n
}

/// Appends the UTF-8 form of `cp` (not a surrogate) at `arena[a..]`; the new arena length.
#[cfg(not(any(feature = "bug-json-utf8-uninit", feature = "bug-json-utf8-zeroed")))]
fn put_utf8(arena: &mut [u8], a: usize, cp: u32) -> usize {
    if cp < 0x80 {
        arena[a] = cp as u8;
        a + 1
    } else if cp < 0x800 {
        arena[a] = 0xC0 | (cp >> 6) as u8;
        arena[a + 1] = 0x80 | (cp & 0x3F) as u8;
        a + 2
    } else if cp < 0x10000 {
        arena[a] = 0xE0 | (cp >> 12) as u8;
        arena[a + 1] = 0x80 | ((cp >> 6) & 0x3F) as u8;
        arena[a + 2] = 0x80 | (cp & 0x3F) as u8;
        a + 3
    } else {
        arena[a] = 0xF0 | (cp >> 18) as u8;
        arena[a + 1] = 0x80 | ((cp >> 12) & 0x3F) as u8;
        arena[a + 2] = 0x80 | ((cp >> 6) & 0x3F) as u8;
        arena[a + 3] = 0x80 | (cp & 0x3F) as u8;
        a + 4
    }
}

/// Seeded bug (docs/bugs.md): the code point of the `\u` escape at `input[p]` (not a lone low
/// surrogate) and the position after it. A high surrogate's low half is read by calling this
/// function again (meant: `hex4`, which reads one unit), and checked only once the call
/// returns, so every high surrogate in a run of them costs one more stack frame.
#[cfg(feature = "bug-json-surrogate-recursion")]
fn code_point(input: &[u8], p: usize) -> Result<(u32, usize), Error> {
    let unit = hex4(input, p + 2)?;
    if !(0xD800..=0xDBFF).contains(&unit) {
        return Ok((unit, p + 6));
    }
    let q = p + 6;
    match (input.get(q), input.get(q + 1)) {
        (None, _) | (Some(b'\\'), None) => {
            return Err(Error::at(ErrorKind::Truncated, input.len()))
        }
        (Some(b'\\'), Some(b'u')) => {}
        _ => return Err(Error::at(ErrorKind::BadSurrogate, q)),
    }
    tb_canary::mark(
        "json-surrogate-recursion",
        hex4(input, q + 2).is_ok_and(|next| (0xD800..=0xDBFF).contains(&next)),
    );
    let (low, end) = code_point(input, q)?;
    if !(0xDC00..=0xDFFF).contains(&low) {
        return Err(Error::at(ErrorKind::BadSurrogate, q));
    }
    Ok((0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), end))
}

/// The escape whose `\` is at `input[p]`: decoded at `arena[a..]`; the positions after it.
fn escape(input: &[u8], p: usize, arena: &mut [u8], a: usize) -> Result<(usize, usize), Error> {
    let len = input.len();
    #[cfg(not(feature = "bug-json-escape-lookahead"))]
    let Some(&e) = input.get(p + 1) else {
        return Err(Error::at(ErrorKind::Truncated, len));
    };
    // Seeded bug (docs/bugs.md): the byte after the backslash is read without asking whether the
    // input has one.
    #[cfg(feature = "bug-json-escape-lookahead")]
    let e = {
        tb_canary::mark("json-escape-lookahead", p + 1 >= len);
        input[p + 1]
    };
    let simple = match e {
        b'"' => b'"',
        b'\\' => b'\\',
        b'/' => b'/',
        b'b' => 0x08,
        b'f' => 0x0C,
        b'n' => b'\n',
        b'r' => b'\r',
        b't' => b'\t',
        #[cfg(feature = "bug-json-surrogate-recursion")]
        b'u' => {
            if (0xDC00..=0xDFFF).contains(&hex4(input, p + 2)?) {
                return Err(Error::at(ErrorKind::BadSurrogate, p));
            }
            let (cp, end) = code_point(input, p)?;
            return Ok((end, put_utf8(arena, a, cp)));
        }
        #[cfg(not(feature = "bug-json-surrogate-recursion"))]
        b'u' => {
            let mut cp = hex4(input, p + 2)?;
            #[cfg(not(feature = "bug-json-lone-low-surrogate"))]
            if (0xDC00..=0xDFFF).contains(&cp) {
                // A low surrogate alone: at its `\`.
                return Err(Error::at(ErrorKind::BadSurrogate, p));
            }
            // Seeded bug (docs/bugs.md): a low surrogate alone is not refused, and is encoded
            // like any code point: three bytes that are not UTF-8.
            #[cfg(feature = "bug-json-lone-low-surrogate")]
            tb_canary::mark("json-lone-low-surrogate", (0xDC00..=0xDFFF).contains(&cp));
            let mut end = p + 6;
            if (0xD800..=0xDBFF).contains(&cp) {
                // A high surrogate must be followed at once by `\u` and a low one. The error is
                // at the byte after the high escape (the second escape's `\` when there is one).
                let q = end;
                match (input.get(q), input.get(q + 1)) {
                    (None, _) | (Some(b'\\'), None) => {
                        return Err(Error::at(ErrorKind::Truncated, len));
                    }
                    (Some(b'\\'), Some(b'u')) => {}
                    _ => return Err(Error::at(ErrorKind::BadSurrogate, q)),
                }
                let low = hex4(input, q + 2)?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(Error::at(ErrorKind::BadSurrogate, q));
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                end = q + 6;
            }
            return Ok((end, put_utf8(arena, a, cp)));
        }
        _ => return Err(Error::at(ErrorKind::BadEscape, p + 1)),
    };
    arena[a] = simple;
    Ok((p + 2, a + 1))
}

/// The UTF-8 sequence that starts at `input[p]` (a byte from 0x80 up), per Unicode table 3-7:
/// its length.
fn utf8_sequence(input: &[u8], p: usize) -> Result<usize, Error> {
    // The sequence length and the range of the second byte; later bytes are 80..=BF.
    let (n, lo, hi) = match input[p] {
        0xC2..=0xDF => (2, 0x80, 0xBF),
        0xE0 => (3, 0xA0, 0xBF),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF),
        0xED => (3, 0x80, 0x9F),
        0xF0 => (4, 0x90, 0xBF),
        0xF1..=0xF3 => (4, 0x80, 0xBF),
        0xF4 => (4, 0x80, 0x8F),
        _ => return Err(Error::at(ErrorKind::BadUtf8, p)),
    };
    let (mut lo, mut hi) = (lo, hi);
    for i in p + 1..p + n {
        let Some(&c) = input.get(i) else {
            return Err(Error::at(ErrorKind::Truncated, input.len()));
        };
        if !(lo..=hi).contains(&c) {
            return Err(Error::at(ErrorKind::BadUtf8, i));
        }
        (lo, hi) = (0x80, 0xBF);
    }
    Ok(n)
}

/// The string whose opening quote is just before `input[p]`: its bytes decoded at
/// `arena[a..]`. Returns the position after the closing quote and the new arena length.
///
/// The arena never outgrows the text (quotes are not stored, an escape or a UTF-8 sequence
/// takes no more bytes decoded than in the input), so `a <= p - 1` holds throughout, and an
/// 8-byte store at `arena[a..]` fits whenever the 8-byte load at `input[p..]` does.
pub(crate) fn parse_string(
    input: &[u8],
    mut p: usize,
    arena: &mut [u8],
    mut a: usize,
) -> Result<(usize, usize), Error> {
    let len = input.len();
    #[cfg(feature = "bug-json-utf8-revalidate")]
    let begin = a;
    loop {
        // The clean run: 8 bytes at a time while they are in the input, then byte by byte.
        while let Some(chunk) = input.get(p..p + 8) {
            // `chunk` has 8 bytes; this form lets the compiler drop the checks.
            let bytes: [u8; 8] = chunk.try_into().unwrap_or([0; 8]);
            arena[a..a + 8].copy_from_slice(&bytes);
            let hits = specials(u64::from_le_bytes(bytes));
            if hits == 0 {
                p += 8;
                a += 8;
                continue;
            }
            let clean = (hits.trailing_zeros() / 8) as usize;
            p += clean;
            a += clean;
            break;
        }
        #[cfg(not(feature = "bug-json-string-end-unchecked"))]
        let Some(&c) = input.get(p) else {
            return Err(Error::at(ErrorKind::Truncated, len));
        };
        // Seeded bug (docs/bugs.md): the byte after the clean run is loaded unchecked for speed,
        // as if the 8-byte loop only ever stopped at a special byte; it also stops when fewer
        // than 8 bytes remain, and an unterminated string runs to the end.
        #[cfg(feature = "bug-json-string-end-unchecked")]
        let c = {
            tb_canary::mark("json-string-end-unchecked", p >= len);
            // SAFETY (mistaken): the 8-byte loop is believed to stop inside the input.
            #[allow(unsafe_code)]
            let c = unsafe { *input.get_unchecked(p) };
            c
        };
        if is_plain(c) {
            // Only near the end of the input (the 8-byte loop stops at a special byte).
            arena[a] = c;
            a += 1;
            p += 1;
        } else if c == b'"' {
            return Ok((p + 1, a));
        } else if c == b'\\' {
            (p, a) = escape(input, p, arena, a)?;
        } else if c < 0x20 {
            return Err(Error::at(ErrorKind::ControlInString, p));
        } else {
            // Stay here while the text is non-ASCII, then copy the run.
            let run = p;
            loop {
                p += utf8_sequence(input, p)?;
                if !matches!(input.get(p), Some(&b) if b >= 0x80) {
                    break;
                }
            }
            let n = p - run;
            match input.get(run..run + 8) {
                // A short run in one fixed-size store (within the arena: a + 8 <= run + 7).
                Some(chunk) if n <= 8 => arena[a..a + 8].copy_from_slice(chunk),
                _ => arena[a..a + n].copy_from_slice(&input[run..p]),
            }
            a += n;
            // Seeded bug (docs/bugs.md): after each non-ASCII run, the whole string decoded so
            // far is validated again, so a string of many runs costs time quadratic in its
            // length.
            #[cfg(feature = "bug-json-utf8-revalidate")]
            {
                // Bytes before this run are checked again.
                tb_canary::mark("json-utf8-revalidate", a - n > begin);
                if std::str::from_utf8(&arena[begin..a]).is_err() {
                    return Err(Error::at(ErrorKind::BadUtf8, p));
                }
            }
        }
    }
}
