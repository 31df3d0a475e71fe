//! The parser: one left-to-right pass writing the tape, the open containers on a fixed stack
//! of header indices instead of recursion. Spec: docs/components/json.md.

use crate::number::parse_number;
use crate::string::parse_string;
use crate::{
    payload, tag, word, Error, ErrorKind, ARRAY, ARRAY_END, MAX_DEPTH_LIMIT, MAX_INPUT, OBJECT,
    OBJECT_END, STRING,
};

// A closer is its opener + 2.
const _: () = assert!(ARRAY + 2 == ARRAY_END && OBJECT + 2 == OBJECT_END);

#[inline]
fn skip_whitespace(input: &[u8], mut p: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = input.get(p) {
        p += 1;
    }
    p
}

#[inline]
fn truncated(input: &[u8]) -> Error {
    Error::at(ErrorKind::Truncated, input.len())
}

/// The literal `text` (`true`, `false` or `null`) whose first byte is at `input[p]`: the
/// position after it.
fn literal(input: &[u8], p: usize, text: &[u8]) -> Result<usize, Error> {
    for (i, &expected) in text.iter().enumerate().skip(1) {
        match input.get(p + i) {
            None => return Err(truncated(input)),
            Some(&c) if c != expected => return Err(Error::at(ErrorKind::BadLiteral, p + i)),
            Some(_) => {}
        }
    }
    Ok(p + text.len())
}

/// The tape's growing state: the next word and the next arena byte.
struct Writer<'a> {
    tape: &'a mut [u64],
    t: usize,
    arena: &'a mut [u8],
    a: usize,
}

impl Writer<'_> {
    /// The string whose opening quote is at `input[p]`: two words; the position after it.
    fn string(&mut self, input: &[u8], p: usize) -> Result<usize, Error> {
        let begin = self.a;
        let (end, a) = parse_string(input, p + 1, self.arena, begin)?;
        self.tape[self.t] = word(STRING, begin as u64);
        self.tape[self.t + 1] = (a - begin) as u64;
        self.t += 2;
        self.a = a;
        Ok(end)
    }

    /// After an object's `{` or `,`: the key and its `:`; the position after the `:`.
    fn key(&mut self, input: &[u8], p: usize) -> Result<usize, Error> {
        let p = skip_whitespace(input, p);
        match input.get(p) {
            None => return Err(truncated(input)),
            Some(b'"') => {}
            Some(_) => return Err(Error::at(ErrorKind::UnexpectedByte, p)),
        }
        let p = skip_whitespace(input, self.string(input, p)?);
        match input.get(p) {
            None => Err(truncated(input)),
            Some(b':') => Ok(p + 1),
            Some(_) => Err(Error::at(ErrorKind::UnexpectedByte, p)),
        }
    }
}

/// Parses one JSON text into `tape` and `arena`: the number of tape words and arena bytes
/// used. `max_depth` is in [1, 4096] and `input` at most [`crate::MAX_INPUT`] bytes, else
/// `InvalidArgument`; `tape` needs `input.len() + 1` words and `arena` `input.len()` bytes,
/// else `OutputTooSmall` (both at offset 0).
pub fn parse(
    input: &[u8],
    max_depth: u32,
    tape: &mut [u64],
    arena: &mut [u8],
) -> Result<(usize, usize), Error> {
    let len = input.len();
    if !(1..=MAX_DEPTH_LIMIT).contains(&max_depth) || len > MAX_INPUT {
        return Err(Error::at(ErrorKind::InvalidArgument, 0));
    }
    if tape.len() < len + 1 || arena.len() < len {
        return Err(Error::at(ErrorKind::OutputTooSmall, 0));
    }
    let max_depth = max_depth as usize;
    let mut w = Writer {
        tape,
        t: 0,
        arena,
        a: 0,
    };
    // The tape indices of the open containers' headers, innermost last.
    let mut open = [0u32; MAX_DEPTH_LIMIT as usize];
    let mut depth = 0usize;
    // Elements or members of the innermost open container; a parent's count is parked in its
    // header's payload while a child is open.
    let mut count: u64 = 0;
    let mut in_object = false;
    let mut p = 0usize;

    loop {
        // A value at `p` (after whitespace).
        p = skip_whitespace(input, p);
        let Some(&c) = input.get(p) else {
            return Err(truncated(input));
        };
        // Set when a container closes right after it opened.
        let mut close_now = false;
        match c {
            b'[' | b'{' => {
                if depth == max_depth {
                    return Err(Error::at(ErrorKind::TooDeep, p));
                }
                if depth > 0 {
                    let parent = open[depth - 1] as usize;
                    w.tape[parent] = word(if in_object { OBJECT } else { ARRAY }, count);
                }
                in_object = c == OBJECT;
                open[depth] = w.t as u32;
                depth += 1;
                w.tape[w.t] = word(c, 0);
                w.t += 1;
                count = 0;
                p = skip_whitespace(input, p + 1);
                let Some(&next) = input.get(p) else {
                    return Err(truncated(input));
                };
                if next == c + 2 {
                    // `]` is `[` + 2, `}` is `{` + 2.
                    close_now = true;
                } else if in_object {
                    p = w.key(input, p)?;
                    continue;
                } else {
                    continue;
                }
            }
            b'"' => p = w.string(input, p)?,
            b't' | b'f' | b'n' => {
                let text: &[u8] = match c {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                p = literal(input, p, text)?;
                w.tape[w.t] = word(c, 0);
                w.t += 1;
            }
            b'-' | b'0'..=b'9' => {
                let (end, tag, value) = parse_number(input, p)?;
                w.tape[w.t] = word(tag, 0);
                w.tape[w.t + 1] = value;
                w.t += 2;
                p = end;
            }
            _ => return Err(Error::at(ErrorKind::UnexpectedByte, p)),
        }

        // After a value: a comma, a closer, or the end.
        loop {
            if !close_now {
                p = skip_whitespace(input, p);
                if depth == 0 {
                    if p != len {
                        return Err(Error::at(ErrorKind::TrailingContent, p));
                    }
                    return Ok((w.t, w.a));
                }
                count += 1;
                let Some(&next) = input.get(p) else {
                    return Err(truncated(input));
                };
                if next == b',' {
                    p += 1;
                    if in_object {
                        p = w.key(input, p)?;
                    }
                    break;
                }
                if next != if in_object { b'}' } else { b']' } {
                    return Err(Error::at(ErrorKind::UnexpectedByte, p));
                }
            }
            close_now = false;
            // `input[p]` closes the innermost container.
            depth -= 1;
            let header = open[depth] as usize;
            w.tape[w.t] = word(input[p], count);
            w.t += 1;
            w.tape[header] = word(if in_object { OBJECT } else { ARRAY }, w.t as u64);
            p += 1;
            if depth > 0 {
                let parent = w.tape[open[depth - 1] as usize];
                in_object = tag(parent) == OBJECT;
                count = payload(parent);
            }
        }
    }
}
