//! The Rust http1 implementations behind harness/include/twinbench/http1.h: the twin
//! (`tb_http1_rust`) and the httparse baseline (`tb_http1_httparse`).

mod baseline_httparse;
mod native_loop;
pub use baseline_httparse::{TbHttp1BaselineApi, TbHttp1PipelineResult};

use std::ffi::c_char;
use tb_ffi_support::slices;
use tb_ffi_support::status::*;
use tb_http1::{
    Body, ChunkedDecoder, ErrorKind, Field, Framing, HeadParser, Limits, Request, Span, Status,
    TargetForm, TransferCoding,
};

/// Mirror of `tb_http1_limits`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct TbHttp1Limits {
    pub max_fields: u32,
    pub max_head_bytes: u32,
    pub max_target_bytes: u32,
    pub max_chunk_line_bytes: u32,
}

/// Mirror of `tb_http1_span`, `tb_http1_field`, `tb_http1_request`, `tb_http1_chunked`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct TbHttp1Span {
    pub offset: u32,
    pub length: u32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct TbHttp1Field {
    pub name: TbHttp1Span,
    pub value: TbHttp1Span,
}

#[repr(C)]
pub struct TbHttp1Request {
    pub method: TbHttp1Span,
    pub target: TbHttp1Span,
    pub version_minor: u8,
    pub target_form: u8,
    pub body: u8,
    pub reserved: u8,
    pub field_count: u32,
    pub head_length: u32,
    pub reserved2: u32,
    pub content_length: u64,
}

#[repr(C)]
pub struct TbHttp1Chunked {
    pub limits: TbHttp1Limits,
    pub remaining: u64,
    pub offset: u64,
    pub state: u32,
    pub line_bytes: u32,
    pub trailer_bytes: u32,
    pub trailer_fields: u32,
}

#[repr(C)]
pub struct TbHttp1Head {
    pub method: TbHttp1Span,
    pub target: TbHttp1Span,
    pub name: TbHttp1Span,
    pub phase: u32,
    pub pos: u32,
    pub mark: u32,
    pub field_count: u32,
    pub hosts: u32,
    pub version_minor: u8,
    pub target_form: u8,
    pub has_length: u8,
    pub transfer_coding: u8,
    pub content_length: u64,
}

type ResumeRequestFn = unsafe extern "C" fn(
    *mut TbHttp1Head,
    *const u8,
    usize,
    *const TbHttp1Limits,
    *mut TbHttp1Request,
    *mut TbHttp1Field,
    usize,
    *mut usize,
) -> TbStatus;
type ParseRequestFn = unsafe extern "C" fn(
    *const u8,
    usize,
    *const TbHttp1Limits,
    *mut TbHttp1Request,
    *mut TbHttp1Field,
    usize,
    *mut usize,
) -> TbStatus;
type ChunkedInitFn = unsafe extern "C" fn(*mut TbHttp1Chunked, *const TbHttp1Limits) -> TbStatus;
type ChunkedDecodeFn = unsafe extern "C" fn(
    *mut TbHttp1Chunked,
    *const u8,
    usize,
    *mut u8,
    usize,
    *mut usize,
    *mut usize,
    *mut usize,
) -> TbStatus;

/// Mirror of `tb_http1_api`.
#[repr(C)]
pub struct TbHttp1Api {
    pub name: *const c_char,
    pub parse_request: ParseRequestFn,
    pub resume_request: ResumeRequestFn,
    pub chunked_init: ChunkedInitFn,
    pub chunked_decode: ChunkedDecodeFn,
}

// SAFETY: the table is immutable; `name` points to a 'static string literal.
unsafe impl Sync for TbHttp1Api {}

// parse_request hands the C field array to the crate as &mut [Field]: the crate's own types
// must match the mirrors (which the generated checks below hold to C).
const _: () = {
    use std::mem::{offset_of, size_of};
    assert!(size_of::<Field>() == size_of::<TbHttp1Field>());
    assert!(offset_of!(Field, value) == offset_of!(TbHttp1Field, value));
    assert!(offset_of!(Span, length) == offset_of!(TbHttp1Span, length));
};

fn limits_of(l: &TbHttp1Limits) -> Limits {
    Limits {
        max_fields: l.max_fields,
        max_head_bytes: l.max_head_bytes,
        max_target_bytes: l.max_target_bytes,
        max_chunk_line_bytes: l.max_chunk_line_bytes,
    }
}

fn c_limits(l: &Limits) -> TbHttp1Limits {
    TbHttp1Limits {
        max_fields: l.max_fields,
        max_head_bytes: l.max_head_bytes,
        max_target_bytes: l.max_target_bytes,
        max_chunk_line_bytes: l.max_chunk_line_bytes,
    }
}

/// # Safety
/// `limits` is NULL (the defaults) or points to a valid `tb_http1_limits`.
unsafe fn read_limits(limits: *const TbHttp1Limits) -> Limits {
    // SAFETY: the caller's contract.
    unsafe { limits.as_ref() }.map_or_else(Limits::default, limits_of)
}

pub fn status_of(kind: ErrorKind) -> TbStatus {
    match kind {
        ErrorKind::InvalidLimits | ErrorKind::InvalidState => TB_ERR_INVALID_ARGUMENT,
        ErrorKind::OutputTooSmall => TB_ERR_OUTPUT_TOO_SMALL,
        ErrorKind::BadMethod => TB_ERR_HTTP_BAD_METHOD,
        ErrorKind::BadTarget => TB_ERR_HTTP_BAD_TARGET,
        ErrorKind::BadVersion => TB_ERR_HTTP_BAD_VERSION,
        ErrorKind::UnsupportedVersion => TB_ERR_HTTP_UNSUPPORTED_VERSION,
        ErrorKind::BadFieldName => TB_ERR_HTTP_BAD_FIELD_NAME,
        ErrorKind::BadFieldValue => TB_ERR_HTTP_BAD_FIELD_VALUE,
        ErrorKind::ObsFold => TB_ERR_HTTP_OBS_FOLD,
        ErrorKind::BareCr => TB_ERR_HTTP_BARE_CR,
        ErrorKind::BareLf => TB_ERR_HTTP_BARE_LF,
        ErrorKind::TooManyFields => TB_ERR_HTTP_TOO_MANY_FIELDS,
        ErrorKind::HeadTooLarge => TB_ERR_HTTP_HEAD_TOO_LARGE,
        ErrorKind::TargetTooLong => TB_ERR_HTTP_TARGET_TOO_LONG,
        ErrorKind::BadContentLength => TB_ERR_HTTP_BAD_CONTENT_LENGTH,
        ErrorKind::BadTransferEncoding => TB_ERR_HTTP_BAD_TRANSFER_ENCODING,
        ErrorKind::AmbiguousLength => TB_ERR_HTTP_AMBIGUOUS_LENGTH,
        ErrorKind::BadHost => TB_ERR_HTTP_BAD_HOST,
        ErrorKind::BadChunkSize => TB_ERR_HTTP_BAD_CHUNK_SIZE,
        ErrorKind::BadChunkExtension => TB_ERR_HTTP_BAD_CHUNK_EXTENSION,
        ErrorKind::BadChunk => TB_ERR_HTTP_BAD_CHUNK,
        ErrorKind::ChunkLineTooLong => TB_ERR_HTTP_CHUNK_LINE_TOO_LONG,
    }
}

fn c_span(s: Span) -> TbHttp1Span {
    TbHttp1Span {
        offset: s.offset,
        length: s.length,
    }
}

fn c_span_of(s: TbHttp1Span) -> Span {
    Span {
        offset: s.offset,
        length: s.length,
    }
}

const FORMS: [TargetForm; 4] = [
    TargetForm::Origin,
    TargetForm::Absolute,
    TargetForm::Authority,
    TargetForm::Asterisk,
];

fn form_number(form: TargetForm) -> u8 {
    FORMS.iter().position(|&f| f == form).unwrap_or(0) as u8
}

/// The parser a C caller's head carries; `None` for a head this twin cannot have written.
fn head_parser(h: &TbHttp1Head) -> Option<HeadParser> {
    Some(HeadParser {
        phase: h.phase,
        pos: h.pos as usize,
        mark: h.mark as usize,
        method: c_span_of(h.method),
        target: c_span_of(h.target),
        name: c_span_of(h.name),
        field_count: h.field_count as usize,
        version_minor: h.version_minor,
        target_form: *FORMS.get(h.target_form as usize)?,
        framing: Framing {
            hosts: h.hosts,
            content_length: (h.has_length != 0).then_some(h.content_length),
            transfer_coding: match h.transfer_coding {
                0 => TransferCoding::Absent,
                1 => TransferCoding::Codings,
                2 => TransferCoding::ChunkedLast,
                _ => return None,
            },
        },
    })
}

fn store_head(p: &HeadParser, h: &mut TbHttp1Head) {
    *h = TbHttp1Head {
        method: c_span(p.method),
        target: c_span(p.target),
        name: c_span(p.name),
        phase: p.phase,
        pos: p.pos as u32,
        mark: p.mark as u32,
        field_count: p.field_count as u32,
        hosts: p.framing.hosts,
        version_minor: p.version_minor,
        target_form: form_number(p.target_form),
        has_length: p.framing.content_length.is_some() as u8,
        transfer_coding: p.framing.transfer_coding as u8,
        content_length: p.framing.content_length.unwrap_or(0),
    };
}

fn c_request(r: &Request) -> TbHttp1Request {
    let (body, content_length) = match r.body {
        Body::None => (0, 0),
        Body::Length(n) => (1, n),
        Body::Chunked => (2, 0),
    };
    TbHttp1Request {
        method: c_span(r.method),
        target: c_span(r.target),
        version_minor: r.version_minor,
        target_form: form_number(r.target_form),
        body,
        reserved: 0,
        field_count: r.field_count as u32,
        head_length: r.head_length as u32,
        reserved2: 0,
        content_length,
    }
}

/// Both head entry points: `parse` runs the crate on the checked arguments.
///
/// # Safety
/// The contract of `parse_request` for every pointer.
#[allow(clippy::too_many_arguments)]
unsafe fn head_call(
    input: *const u8,
    len: usize,
    limits: *const TbHttp1Limits,
    req: *mut TbHttp1Request,
    fields: *mut TbHttp1Field,
    fields_cap: usize,
    error_offset: *mut usize,
    parse: impl FnOnce(&[u8], &Limits, &mut [Field]) -> Result<Status<Request>, tb_http1::Error>,
) -> TbStatus {
    if req.is_null() || error_offset.is_null() {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // SAFETY: checked non-NULL; the contract gives exclusive, valid out-pointers.
    let (req, error_offset) = unsafe { (&mut *req, &mut *error_offset) };
    *error_offset = 0;
    // SAFETY: the contract: NULL or valid limits.
    let limits = unsafe { read_limits(limits) };
    // SAFETY: the contract gives readable `input[..len]`.
    let Some(input) = (unsafe { slices::input(input, len) }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    if fields.is_null() && fields_cap != 0 {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // Seeded bug (docs/bugs.md): the array is taken to be as long as the contract says the
    // caller must provide, limits.max_fields, not as long as the caller says it is.
    #[cfg(feature = "bug-http1-fields-length-trusted")]
    let fields_cap = {
        tb_canary::mark(
            "http1-fields-length-trusted",
            fields_cap < limits.max_fields as usize,
        );
        limits.max_fields as usize
    };
    let out: &mut [Field] = if fields.is_null() {
        &mut []
    } else {
        // SAFETY: `tb_http1_field` and `Field` are both two pairs of u32 (checked above and in
        // the crate's layout test), and the contract gives `fields[..fields_cap]` exclusively.
        unsafe { std::slice::from_raw_parts_mut(fields.cast::<Field>(), fields_cap) }
    };
    match parse(input, &limits, out) {
        Ok(Status::Partial) => TB_NEED_MORE,
        Ok(Status::Complete(r)) => {
            *req = c_request(&r);
            TB_OK
        }
        Err(e) => {
            if !matches!(
                e.kind,
                ErrorKind::InvalidLimits | ErrorKind::OutputTooSmall | ErrorKind::InvalidState
            ) {
                *error_offset = e.offset;
            }
            status_of(e.kind)
        }
    }
}

unsafe extern "C" fn parse_request(
    input: *const u8,
    len: usize,
    limits: *const TbHttp1Limits,
    req: *mut TbHttp1Request,
    fields: *mut TbHttp1Field,
    fields_cap: usize,
    error_offset: *mut usize,
) -> TbStatus {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        head_call(
            input,
            len,
            limits,
            req,
            fields,
            fields_cap,
            error_offset,
            tb_http1::parse_request,
        )
    }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn resume_request(
    head: *mut TbHttp1Head,
    input: *const u8,
    len: usize,
    limits: *const TbHttp1Limits,
    req: *mut TbHttp1Request,
    fields: *mut TbHttp1Field,
    fields_cap: usize,
    error_offset: *mut usize,
) -> TbStatus {
    // SAFETY: the contract gives NULL or a valid, exclusive head.
    let Some(head) = (unsafe { head.as_mut() }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    let Some(mut parser) = head_parser(head) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // SAFETY: the caller's contract, passed on.
    let status = unsafe {
        head_call(
            input,
            len,
            limits,
            req,
            fields,
            fields_cap,
            error_offset,
            |input, limits, fields| parser.resume(input, limits, fields),
        )
    };
    store_head(&parser, head);
    status
}

fn store(decoder: &ChunkedDecoder, state: &mut TbHttp1Chunked) {
    *state = TbHttp1Chunked {
        limits: c_limits(&decoder.limits),
        remaining: decoder.remaining,
        offset: decoder.offset,
        state: decoder.state,
        line_bytes: decoder.line_bytes,
        trailer_bytes: decoder.trailer_bytes,
        trailer_fields: decoder.trailer_fields,
    };
}

unsafe extern "C" fn chunked_init(
    state: *mut TbHttp1Chunked,
    limits: *const TbHttp1Limits,
) -> TbStatus {
    // SAFETY: the contract gives NULL or a valid, exclusive state.
    let Some(state) = (unsafe { state.as_mut() }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // SAFETY: the contract: NULL or valid limits.
    match ChunkedDecoder::new(unsafe { read_limits(limits) }) {
        Some(decoder) => {
            store(&decoder, state);
            TB_OK
        }
        None => TB_ERR_INVALID_ARGUMENT,
    }
}

#[allow(clippy::too_many_arguments)]
unsafe extern "C" fn chunked_decode(
    state: *mut TbHttp1Chunked,
    input: *const u8,
    len: usize,
    out: *mut u8,
    out_cap: usize,
    consumed: *mut usize,
    written: *mut usize,
    error_offset: *mut usize,
) -> TbStatus {
    if consumed.is_null() || written.is_null() || error_offset.is_null() {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // SAFETY: checked non-NULL; the contract gives exclusive, valid out-pointers.
    let (consumed, written, error_offset) =
        unsafe { (&mut *consumed, &mut *written, &mut *error_offset) };
    (*consumed, *written, *error_offset) = (0, 0, 0);
    // SAFETY: the contract gives NULL or a valid, exclusive state.
    let Some(state) = (unsafe { state.as_mut() }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // SAFETY: the contract gives readable `input[..len]` and writable, disjoint `out[..out_cap]`.
    let (Some(input), Some(out)) = (unsafe { slices::input(input, len) }, unsafe {
        slices::output(out, out_cap)
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    let mut decoder = ChunkedDecoder {
        limits: limits_of(&state.limits),
        remaining: state.remaining,
        offset: state.offset,
        state: state.state,
        line_bytes: state.line_bytes,
        trailer_bytes: state.trailer_bytes,
        trailer_fields: state.trailer_fields,
    };
    if !decoder.accepts_input() || !decoder.limits.valid() {
        return TB_ERR_INVALID_ARGUMENT;
    }
    if out.len() < input.len() {
        return TB_ERR_OUTPUT_TOO_SMALL;
    }
    let result = decoder.decode(input, out);
    store(&decoder, state);
    match result {
        Ok(progress) => {
            (*consumed, *written) = (progress.consumed, progress.written);
            if progress.done {
                TB_OK
            } else {
                TB_NEED_MORE
            }
        }
        Err(e) => {
            (*written, *error_offset) = (e.written, e.error.offset);
            status_of(e.error.kind)
        }
    }
}

static API: TbHttp1Api = TbHttp1Api {
    name: c"rust".as_ptr(),
    parse_request,
    resume_request,
    chunked_init,
    chunked_decode,
};

#[no_mangle]
pub extern "C" fn tb_http1_rust() -> &'static TbHttp1Api {
    &API
}

// Size, alignment and every field offset of each mirror, as clang lays out the C structs of the
// contract header (generated by tb-contract at build time: no hand-kept numbers).
include!(concat!(env!("OUT_DIR"), "/layout_checks.rs"));
