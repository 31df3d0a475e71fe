//! The Rust http1 twin: an HTTP/1.1 request-head parser and a chunked body decoder
//! (RFC 9112), written to docs/components/http1.md with the same algorithm as the C twin.
//! Results are spans into the caller's input; nothing is allocated.
#![forbid(unsafe_code)]

mod chars;
mod chunked;
mod request;

pub use chunked::ChunkedDecoder;
pub use request::{parse_request, phase, Framing, HeadParser, TransferCoding};

/// The configurable limits (spec: "Limits").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_fields: u32,
    pub max_head_bytes: u32,
    pub max_target_bytes: u32,
    pub max_chunk_line_bytes: u32,
}

/// The largest value any limit may take: offsets then fit in 32 bits.
pub const MAX_LIMIT: u32 = 1 << 30;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_fields: 100,
            max_head_bytes: 65536,
            max_target_bytes: 8192,
            max_chunk_line_bytes: 4096,
        }
    }
}

impl Limits {
    pub fn valid(&self) -> bool {
        [
            self.max_fields,
            self.max_head_bytes,
            self.max_target_bytes,
            self.max_chunk_line_bytes,
        ]
        .iter()
        .all(|&l| l <= MAX_LIMIT)
    }
}

/// Bytes `input[offset..offset + length]`. `repr(C)`, like `Field`, because the FFI crate hands
/// a C caller's `tb_http1_field` array to the parser as `&mut [Field]`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub offset: u32,
    pub length: u32,
}

impl Span {
    fn new(start: usize, end: usize) -> Span {
        Span {
            offset: start as u32,
            length: (end - start) as u32,
        }
    }
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Field {
    pub name: Span,
    /// Surrounding whitespace trimmed.
    pub value: Span,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TargetForm {
    #[default]
    Origin,
    Absolute,
    Authority,
    Asterisk,
}

/// The framing decision for the body (RFC 9112 §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    None,
    Length(u64),
    Chunked,
}

/// A complete head: `fields[..field_count]` were filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Span,
    pub target: Span,
    pub version_minor: u8,
    pub target_form: TargetForm,
    pub field_count: usize,
    /// The body starts at this offset.
    pub head_length: usize,
    pub body: Body,
}

/// Parsing a head: done, or a valid beginning that needs more bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status<T> {
    Complete(T),
    Partial,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    InvalidLimits,
    /// A `HeadParser` given input after its result, or fewer bytes than before.
    InvalidState,
    OutputTooSmall,
    BadMethod,
    BadTarget,
    BadVersion,
    UnsupportedVersion,
    BadFieldName,
    BadFieldValue,
    ObsFold,
    BareCr,
    BareLf,
    TooManyFields,
    HeadTooLarge,
    TargetTooLong,
    BadContentLength,
    BadTransferEncoding,
    AmbiguousLength,
    BadHost,
    BadChunkSize,
    BadChunkExtension,
    BadChunk,
    ChunkLineTooLong,
}

/// An error and the offset of the first byte that does not fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub offset: usize,
}

#[cfg(test)]
mod tests;
