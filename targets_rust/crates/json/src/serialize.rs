//! The canonical serializer: tape → bytes (docs/components/json.md, "Canonical serializer").
//! Iterative and total: any tape and arena, garbage included, give bytes or an error, never a
//! panic. The checks are those a tape from a parse passes by construction: known tags, the
//! second word of a pair present, strings inside the arena, each header's skip index the index
//! after its matching end, each end's count the actual count, object keys strings, nesting at
//! most 4096, and nothing after the root value.

use crate::{
    payload, tag, ARRAY, ARRAY_END, DOUBLE, FALSE, INT64, MAX_DEPTH_LIMIT, NULL, OBJECT,
    OBJECT_END, STRING, TRUE, UINT64,
};
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SerializeError {
    /// The canonical text does not fit (`serialized_max` of the parsed length always does).
    OutputTooSmall,
    /// A tape no parse could make. Reported whatever the output's size.
    InvalidTape,
}

use SerializeError::InvalidTape;

/// The output: bytes are written while they fit; once one does not, `full` is set and the
/// walk goes on checking the tape.
struct Out<'a> {
    buf: &'a mut [u8],
    len: usize,
    full: bool,
}

impl Out<'_> {
    fn put(&mut self, bytes: &[u8]) {
        if self.full {
            return;
        }
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(bytes);
                self.len = end;
            }
            None => self.full = true,
        }
    }

    fn byte(&mut self, c: u8) {
        self.put(&[c]);
    }

    /// `"`, `\`, and bytes below 0x20 escaped; every other byte as it is.
    fn string(&mut self, s: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.byte(b'"');
        let mut run = 0;
        for (i, &c) in s.iter().enumerate() {
            if c >= 0x20 && c != b'"' && c != b'\\' {
                continue;
            }
            self.put(&s[run..i]);
            run = i + 1;
            let short = match c {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                0x0C => b'f',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                _ => {
                    self.put(&[
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[(c >> 4) as usize],
                        HEX[(c & 15) as usize],
                    ]);
                    continue;
                }
            };
            self.put(&[b'\\', short]);
        }
        self.put(&s[run..]);
        self.byte(b'"');
    }

    fn unsigned(&mut self, negative: bool, mut v: u64) {
        let mut digits = [0u8; 21];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if negative {
            at -= 1;
            digits[at] = b'-';
        }
        self.put(&digits[at..]);
    }

    /// 17 significant digits, `d.dddddddddddddddde±XX` (at least two exponent digits), as
    /// glibc's `%.16e`: Rust's `{:.16e}` (exact, half to even) with the exponent rewritten.
    fn double(&mut self, v: f64) -> Result<(), SerializeError> {
        if !v.is_finite() {
            return Err(InvalidTape);
        }
        let mut text = Text {
            buf: [0; 32],
            len: 0,
        };
        write!(text, "{v:.16e}").map_err(|_| InvalidTape)?;
        let text = &text.buf[..text.len];
        let e = text.iter().position(|&c| c == b'e').ok_or(InvalidTape)?;
        self.put(&text[..e]);
        let exponent = &text[e + 1..];
        let (sign, digits) = match exponent.split_first() {
            Some((b'-', digits)) => (b'-', digits),
            _ => (b'+', exponent),
        };
        self.put(&[b'e', sign]);
        if digits.len() < 2 {
            self.byte(b'0');
        }
        self.put(digits);
        Ok(())
    }
}

/// A small stack buffer for `write!`.
struct Text {
    buf: [u8; 32],
    len: usize,
}

impl std::fmt::Write for Text {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// The word at `tape[i]`, which a valid tape has.
#[inline]
fn at(tape: &[u64], i: usize) -> Result<u64, SerializeError> {
    tape.get(i).copied().ok_or(InvalidTape)
}

/// The string whose first word is `tape[i]`: the index after its two words.
fn string(tape: &[u64], arena: &[u8], i: usize, out: &mut Out) -> Result<usize, SerializeError> {
    let offset = payload(at(tape, i)?);
    let len = at(tape, i + 1)?;
    let end = offset.checked_add(len).ok_or(InvalidTape)?;
    let (Ok(offset), Ok(end)) = (usize::try_from(offset), usize::try_from(end)) else {
        return Err(InvalidTape);
    };
    out.string(arena.get(offset..end).ok_or(InvalidTape)?);
    Ok(i + 2)
}

/// An object's key at `tape[i]` and its `:`: the index of the value.
fn key(tape: &[u64], arena: &[u8], i: usize, out: &mut Out) -> Result<usize, SerializeError> {
    if tag(at(tape, i)?) != STRING {
        return Err(InvalidTape);
    }
    let i = string(tape, arena, i, out)?;
    out.byte(b':');
    Ok(i)
}

/// Writes the canonical text of the document in `tape` and `arena` to `out`: the number of
/// bytes written.
pub fn serialize(tape: &[u64], arena: &[u8], out: &mut [u8]) -> Result<usize, SerializeError> {
    // A parse makes at most 2^32 - 1 words, so indices and counts below fit 32 bits.
    if tape.len() > u32::MAX as usize {
        return Err(InvalidTape);
    }
    let mut out = Out {
        buf: out,
        len: 0,
        full: false,
    };
    // The open containers, innermost last: header index and elements so far.
    let mut headers = [0u32; MAX_DEPTH_LIMIT as usize];
    let mut counts = [0u32; MAX_DEPTH_LIMIT as usize];
    let mut depth = 0usize;
    let mut in_object = false;
    let mut i = 0usize;
    loop {
        // A value at `tape[i]`.
        let word = at(tape, i)?;
        let t = tag(word);
        let mut close_now = false;
        match t {
            ARRAY | OBJECT => {
                if depth == headers.len() {
                    return Err(InvalidTape);
                }
                headers[depth] = i as u32;
                counts[depth] = 0;
                depth += 1;
                in_object = t == OBJECT;
                out.byte(t);
                i += 1;
                if tag(at(tape, i)?) == t + 2 {
                    close_now = true;
                } else if in_object {
                    i = key(tape, arena, i, &mut out)?;
                    continue;
                } else {
                    continue;
                }
            }
            STRING => i = string(tape, arena, i, &mut out)?,
            INT64 => {
                let v = at(tape, i + 1)? as i64;
                out.unsigned(v < 0, v.unsigned_abs());
                i += 2;
            }
            UINT64 => {
                out.unsigned(false, at(tape, i + 1)?);
                i += 2;
            }
            DOUBLE => {
                out.double(f64::from_bits(at(tape, i + 1)?))?;
                i += 2;
            }
            TRUE | FALSE | NULL => {
                out.put(match t {
                    TRUE => b"true",
                    FALSE => b"false",
                    _ => b"null",
                });
                i += 1;
            }
            _ => return Err(InvalidTape),
        }

        // After a value: the next element, the container's end, or the end of the tape.
        loop {
            if !close_now {
                if depth == 0 {
                    if i != tape.len() {
                        return Err(InvalidTape);
                    }
                    return if out.full {
                        Err(SerializeError::OutputTooSmall)
                    } else {
                        Ok(out.len)
                    };
                }
                // Each element takes a word, so the count stays below tape.len() <= u32::MAX.
                counts[depth - 1] += 1;
                let closer = if in_object { OBJECT_END } else { ARRAY_END };
                if tag(at(tape, i)?) != closer {
                    out.byte(b',');
                    if in_object {
                        i = key(tape, arena, i, &mut out)?;
                    }
                    break;
                }
            }
            close_now = false;
            // `tape[i]` ends the innermost container (checked just above), and the header's
            // index is below `i`.
            depth -= 1;
            let header = headers[depth] as usize;
            let end = tape[i];
            if payload(end) != counts[depth] as u64 || payload(tape[header]) != i as u64 + 1 {
                return Err(InvalidTape);
            }
            out.byte(tag(end));
            i += 1;
            if depth > 0 {
                in_object = tag(tape[headers[depth - 1] as usize]) == OBJECT;
            }
        }
    }
}
