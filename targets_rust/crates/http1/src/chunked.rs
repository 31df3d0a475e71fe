//! The chunked body decoder (RFC 9112 §7.1): a state machine that takes bytes one at a time
//! in chunk lines and trailers, and copies chunk data in bulk. The body may arrive in any split.

use crate::chars::*;
use crate::{Error, ErrorKind, Limits};

// The same numbers as the C twin's, for anyone reading a state dump; neither reads the other's.
const SIZE_FIRST: u32 = 0;
const SIZE: u32 = 1;
/// BWS: only ';' may follow.
const EXT_SPACE: u32 = 2;
const EXT_NAME_START: u32 = 3;
const EXT_NAME: u32 = 4;
/// BWS: '=' or ';' may follow.
const EXT_AFTER_NAME: u32 = 5;
const EXT_VALUE_START: u32 = 6;
const EXT_TOKEN: u32 = 7;
const EXT_QUOTED: u32 = 8;
const EXT_QUOTED_ESCAPE: u32 = 9;
/// After a quoted-string.
const EXT_VALUE_END: u32 = 10;
const LINE_LF: u32 = 11;
const DATA: u32 = 12;
const DATA_CR: u32 = 13;
const DATA_LF: u32 = 14;
const TRAILER_START: u32 = 15;
const TRAILER_NAME: u32 = 16;
const TRAILER_VALUE: u32 = 17;
const TRAILER_LF: u32 = 18;
const FINAL_LF: u32 = 19;
const DONE: u32 = 20;
const FAILED: u32 = 21;

/// Why a byte was refused: an error at this byte, or a bare CR just before it.
enum Refusal {
    Here(ErrorKind),
    BareCrBefore,
}

use Refusal::*;

type Step = Result<(), Refusal>;

/// Decoder state. The fields are public so that a C caller's `tb_http1_chunked` can carry it
/// between calls (targets_rust/ffi). The contract makes the state private to the twin that
/// initialised it; of a foreign state only an unknown state number is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkedDecoder {
    pub limits: Limits,
    /// chunk-size, then data bytes left in the current chunk.
    pub remaining: u64,
    /// Body bytes consumed by all calls so far.
    pub offset: u64,
    pub state: u32,
    pub line_bytes: u32,
    pub trailer_bytes: u32,
    pub trailer_fields: u32,
}

/// What one call did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the input used (all of it unless the body ended).
    pub consumed: usize,
    /// Chunk data bytes written to the output.
    pub written: usize,
    /// The body ended; the rest of the input belongs to the next message.
    pub done: bool,
}

/// Why a call failed (`Error::offset` counts from the body's first byte) and the data bytes it
/// had written before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub error: Error,
    pub written: usize,
}

fn is_qdtext(b: u8) -> bool {
    matches!(b, b'\t' | b' ' | 0x21 | 0x23..=0x5b | 0x5d..=0x7e | 0x80..=0xff)
}

impl ChunkedDecoder {
    pub fn new(limits: Limits) -> Option<ChunkedDecoder> {
        limits.valid().then_some(ChunkedDecoder {
            limits,
            remaining: 0,
            offset: 0,
            state: SIZE_FIRST,
            line_bytes: 0,
            trailer_bytes: 0,
            trailer_fields: 0,
        })
    }

    /// Still taking input: not done, not failed, and a state this decoder knows.
    pub fn accepts_input(&self) -> bool {
        self.state < DONE
    }

    /// One byte of a chunk line: chunk-size [chunk-ext] CRLF.
    fn chunk_line(&mut self, b: u8) -> Step {
        if b == LF {
            return Err(Here(ErrorKind::BareLf));
        }
        if b != CR {
            #[cfg(not(feature = "bug-http1-chunk-extension-unbounded"))]
            if self.line_bytes == self.limits.max_chunk_line_bytes {
                return Err(Here(ErrorKind::ChunkLineTooLong));
            }
            // Seeded bug (docs/bugs.md): only the chunk-size's bytes are held to the line limit;
            // the extensions after it, read and ignored, are not, so a line may go on without end.
            #[cfg(feature = "bug-http1-chunk-extension-unbounded")]
            {
                let in_size = self.state == SIZE_FIRST || self.state == SIZE;
                tb_canary::mark(
                    "http1-chunk-extension-unbounded",
                    !in_size && self.line_bytes >= self.limits.max_chunk_line_bytes,
                );
                if in_size && self.line_bytes == self.limits.max_chunk_line_bytes {
                    return Err(Here(ErrorKind::ChunkLineTooLong));
                }
            }
            self.line_bytes += 1;
        }
        let (ows, token) = (is_ows(b), is_tchar(b));
        let bad_extension = Err(Here(ErrorKind::BadChunkExtension));
        match self.state {
            SIZE_FIRST | SIZE => {
                if let Some(digit) = hex(b) {
                    // Seeded bug (docs/bugs.md): the hex digits are accumulated without asking
                    // whether the next one still fits in 64 bits.
                    #[cfg(feature = "bug-http1-chunk-size-overflow")]
                    {
                        tb_canary::mark(
                            "http1-chunk-size-overflow",
                            self.remaining > u64::MAX >> 4,
                        );
                        self.remaining = self.remaining * 16 + digit as u64;
                    }
                    #[cfg(not(feature = "bug-http1-chunk-size-overflow"))]
                    {
                        if self.remaining > u64::MAX >> 4 {
                            return Err(Here(ErrorKind::BadChunkSize));
                        }
                        self.remaining = self.remaining << 4 | digit as u64;
                    }
                    self.state = SIZE;
                    return Ok(());
                }
                self.state = match b {
                    _ if self.state == SIZE_FIRST => return Err(Here(ErrorKind::BadChunkSize)),
                    CR => LINE_LF,
                    b';' => EXT_NAME_START,
                    _ if ows => EXT_SPACE,
                    _ => return Err(Here(ErrorKind::BadChunkSize)),
                };
            }
            EXT_SPACE => match b {
                b';' => self.state = EXT_NAME_START,
                _ if ows => {}
                _ => return bad_extension,
            },
            EXT_NAME => match b {
                _ if token => {}
                CR => self.state = LINE_LF,
                b';' => self.state = EXT_NAME_START,
                b'=' => self.state = EXT_VALUE_START,
                _ if ows => self.state = EXT_AFTER_NAME,
                _ => return bad_extension,
            },
            EXT_AFTER_NAME => match b {
                b';' => self.state = EXT_NAME_START,
                b'=' => self.state = EXT_VALUE_START,
                _ if ows => {}
                _ => return bad_extension,
            },
            EXT_TOKEN | EXT_VALUE_END => match b {
                _ if token && self.state == EXT_TOKEN => {}
                CR => self.state = LINE_LF,
                b';' => self.state = EXT_NAME_START,
                _ if ows => self.state = EXT_SPACE,
                _ => return bad_extension,
            },
            EXT_NAME_START => match b {
                _ if token => self.state = EXT_NAME,
                _ if ows => {}
                _ => return bad_extension,
            },
            EXT_VALUE_START => match b {
                _ if token => self.state = EXT_TOKEN,
                b'"' => self.state = EXT_QUOTED,
                _ if ows => {}
                _ => return bad_extension,
            },
            EXT_QUOTED => match b {
                b'"' => self.state = EXT_VALUE_END,
                b'\\' => self.state = EXT_QUOTED_ESCAPE,
                _ if is_qdtext(b) => {}
                _ => return bad_extension,
            },
            _ => {
                // EXT_QUOTED_ESCAPE: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
                if !(ows || (b >= 0x21 && b != 0x7f)) {
                    return bad_extension;
                }
                self.state = EXT_QUOTED;
            }
        }
        Ok(())
    }

    /// One byte of the trailer section: field lines, then the final CRLF.
    fn trailer(&mut self, b: u8) -> Step {
        if self.trailer_bytes == self.limits.max_head_bytes {
            return Err(Here(ErrorKind::HeadTooLarge));
        }
        self.trailer_bytes += 1;
        match self.state {
            TRAILER_START => {
                // the same order of checks as a head's field line
                if b == CR {
                    self.state = FINAL_LF;
                } else if is_ows(b) {
                    return Err(Here(ErrorKind::ObsFold));
                } else if self.trailer_fields == self.limits.max_fields {
                    return Err(Here(ErrorKind::TooManyFields));
                } else if !is_tchar(b) {
                    return Err(Here(bad(b, ErrorKind::BadFieldName)));
                } else {
                    self.trailer_fields += 1;
                    self.state = TRAILER_NAME;
                }
            }
            TRAILER_NAME => {
                if b == b':' {
                    self.state = TRAILER_VALUE;
                } else if !is_tchar(b) {
                    return Err(Here(bad(b, ErrorKind::BadFieldName)));
                }
            }
            TRAILER_VALUE => {
                if b == CR {
                    self.state = TRAILER_LF;
                } else if ends_value(b) {
                    return Err(Here(bad(b, ErrorKind::BadFieldValue)));
                }
            }
            TRAILER_LF => {
                if b != LF {
                    return Err(BareCrBefore);
                }
                self.state = TRAILER_START;
            }
            _ => {
                // FINAL_LF
                if b != LF {
                    return Err(BareCrBefore);
                }
                self.state = DONE;
            }
        }
        Ok(())
    }

    /// One byte outside chunk data.
    fn step(&mut self, b: u8) -> Step {
        match self.state {
            LINE_LF => {
                if b != LF {
                    return Err(BareCrBefore);
                }
                self.line_bytes = 0;
                self.state = if self.remaining == 0 {
                    TRAILER_START
                } else {
                    DATA
                };
            }
            DATA_CR => {
                if b != CR {
                    return Err(Here(ErrorKind::BadChunk));
                }
                self.state = DATA_LF;
            }
            DATA_LF => {
                if b != LF {
                    return Err(Here(ErrorKind::BadChunk));
                }
                self.state = SIZE_FIRST;
            }
            s if s >= TRAILER_START => return self.trailer(b),
            _ => return self.chunk_line(b),
        }
        Ok(())
    }

    /// Decodes the next piece of the body into `out`, which must be at least as long as
    /// `input` (the caller checks; chunk data never outgrows its encoding). Call only while
    /// `accepts_input()`.
    pub fn decode(&mut self, input: &[u8], out: &mut [u8]) -> Result<Progress, DecodeError> {
        let (mut i, mut w) = (0usize, 0usize);
        while i < input.len() {
            if self.state == DATA {
                #[cfg(not(feature = "bug-http1-chunk-data-overread"))]
                let n =
                    (input.len() - i).min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
                // Seeded bug (docs/bugs.md): the chunk's data is copied as its size line
                // announced it, as if the whole chunk had arrived.
                #[cfg(feature = "bug-http1-chunk-data-overread")]
                let n = {
                    tb_canary::mark(
                        "http1-chunk-data-overread",
                        self.remaining > (input.len() - i) as u64,
                    );
                    self.remaining as usize
                };
                out[w..w + n].copy_from_slice(&input[i..i + n]);
                i += n;
                w += n;
                self.remaining -= n as u64;
                if self.remaining == 0 {
                    self.state = DATA_CR;
                }
                continue;
            }
            if let Err(refusal) = self.step(input[i]) {
                let at = self.offset as usize + i;
                self.state = FAILED;
                let error = match refusal {
                    Here(kind) => Error { kind, offset: at },
                    BareCrBefore => Error {
                        kind: ErrorKind::BareCr,
                        offset: at - 1,
                    },
                };
                return Err(DecodeError { error, written: w });
            }
            i += 1;
            if self.state == DONE {
                break;
            }
        }
        self.offset += i as u64;
        Ok(Progress {
            consumed: i,
            written: w,
            done: self.state == DONE,
        })
    }
}
