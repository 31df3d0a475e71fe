//! The Rust json twin: a strict RFC 8259 parser to a flat tape of 64-bit words, and the
//! canonical serializer, written to docs/components/json.md with the same algorithm as the C
//! twin (targets_c/json). The caller owns every buffer; nothing is allocated.
// Safe Rust, but for the seeded bugs whose mistake is an `unsafe` shortcut (docs/bugs.md): only
// their builds relax `forbid` to `deny`, which the bug's own site overrides.
#![cfg_attr(not(feature = "bug-json-string-end-unchecked"), forbid(unsafe_code))]
#![cfg_attr(feature = "bug-json-string-end-unchecked", deny(unsafe_code))]

mod decimal;
mod number;
mod parse;
mod pow5_table;
mod serialize;
mod string;

pub use parse::parse;
pub use serialize::{serialize, SerializeError};

/// Tags: the top byte of a tape word (spec: "The document (a tape)").
pub const ARRAY: u8 = b'[';
pub const OBJECT: u8 = b'{';
pub const ARRAY_END: u8 = b']';
pub const OBJECT_END: u8 = b'}';
pub const STRING: u8 = b'"';
pub const INT64: u8 = b'l';
pub const UINT64: u8 = b'u';
pub const DOUBLE: u8 = b'd';
pub const TRUE: u8 = b't';
pub const FALSE: u8 = b'f';
pub const NULL: u8 = b'n';

pub const DEFAULT_MAX_DEPTH: u32 = 1024;
pub const MAX_DEPTH_LIMIT: u32 = 4096;
/// The longest input: every tape index then fits 32 bits.
pub const MAX_INPUT: usize = 0xFFFF_FFFE;
/// Bits 0–55 of a word.
pub const PAYLOAD_MASK: u64 = (1 << 56) - 1;

/// The tag of a tape word.
#[inline]
pub fn tag(word: u64) -> u8 {
    (word >> 56) as u8
}

/// The payload of a tape word.
#[inline]
pub fn payload(word: u64) -> u64 {
    word & PAYLOAD_MASK
}

#[inline]
pub(crate) fn word(tag: u8, payload: u64) -> u64 {
    (tag as u64) << 56 | payload
}

/// Enough output for the canonical form of any document parsed from `len` bytes.
pub fn serialized_max(len: usize) -> usize {
    len.saturating_mul(12).saturating_add(32)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `max_depth` outside [1, 4096] or an input longer than [`MAX_INPUT`].
    InvalidArgument,
    /// `tape.len() < len + 1` or `arena.len() < len`.
    OutputTooSmall,
    /// The input ends where more is needed; the offset is the input's length.
    Truncated,
    BadUtf8,
    BadEscape,
    BadSurrogate,
    ControlInString,
    BadNumber,
    BadLiteral,
    UnexpectedByte,
    TrailingContent,
    TooDeep,
}

/// An error and the offset of the first byte that does not fit (the input's length when it
/// ends too early; 0 for the output-too-small argument error).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub offset: usize,
}

impl Error {
    #[inline]
    pub(crate) fn at(kind: ErrorKind, offset: usize) -> Error {
        Error { kind, offset }
    }
}

#[cfg(test)]
mod tests;
