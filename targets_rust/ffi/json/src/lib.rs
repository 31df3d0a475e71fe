//! The Rust json implementations behind harness/include/twinbench/json.h: the twin
//! (`tb_json_rust`) and the serde_json baseline (`tb_json_serde_json`).

mod baseline_serde_json;
mod native_loop;
pub use baseline_serde_json::{TbJsonBaselineApi, TbJsonCounts};

use std::ffi::c_char;
use tb_ffi_support::slices;
use tb_ffi_support::status::*;
use tb_json::{ErrorKind, SerializeError};

/// Mirror of `tb_json_doc`.
#[repr(C)]
pub struct TbJsonDoc {
    pub tape: *mut u64,
    pub tape_cap: usize,
    pub tape_len: usize,
    pub arena: *mut u8,
    pub arena_cap: usize,
    pub arena_len: usize,
}

type ParseFn = unsafe extern "C" fn(*const u8, usize, u32, *mut TbJsonDoc, *mut usize) -> TbStatus;
type SerializeFn = unsafe extern "C" fn(*const TbJsonDoc, *mut u8, usize, *mut usize) -> TbStatus;

/// Mirror of `tb_json_api`.
#[repr(C)]
pub struct TbJsonApi {
    pub name: *const c_char,
    pub parse: ParseFn,
    pub serialize: SerializeFn,
}

// SAFETY: the table is immutable; `name` points to a 'static string literal.
unsafe impl Sync for TbJsonApi {}

pub fn status_of(kind: ErrorKind) -> TbStatus {
    match kind {
        ErrorKind::InvalidArgument => TB_ERR_INVALID_ARGUMENT,
        ErrorKind::OutputTooSmall => TB_ERR_OUTPUT_TOO_SMALL,
        ErrorKind::Truncated => TB_ERR_TRUNCATED,
        ErrorKind::BadUtf8 => TB_ERR_JSON_BAD_UTF8,
        ErrorKind::BadEscape => TB_ERR_JSON_BAD_ESCAPE,
        ErrorKind::BadSurrogate => TB_ERR_JSON_BAD_SURROGATE,
        ErrorKind::ControlInString => TB_ERR_JSON_CONTROL_IN_STRING,
        ErrorKind::BadNumber => TB_ERR_JSON_BAD_NUMBER,
        ErrorKind::BadLiteral => TB_ERR_JSON_BAD_LITERAL,
        ErrorKind::UnexpectedByte => TB_ERR_JSON_UNEXPECTED_BYTE,
        ErrorKind::TrailingContent => TB_ERR_JSON_TRAILING_CONTENT,
        ErrorKind::TooDeep => TB_ERR_JSON_TOO_DEEP,
    }
}

unsafe extern "C" fn parse(
    input: *const u8,
    len: usize,
    max_depth: u32,
    doc: *mut TbJsonDoc,
    error_offset: *mut usize,
) -> TbStatus {
    // The argument errors first, writing nothing (as the C twin).
    if doc.is_null() || error_offset.is_null() {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // SAFETY: checked non-NULL; the contract gives exclusive, valid out-pointers.
    let (doc, error_offset) = unsafe { (&mut *doc, &mut *error_offset) };
    // `len` is checked before a slice of that length is made.
    if len > tb_json::MAX_INPUT || !(1..=tb_json::MAX_DEPTH_LIMIT).contains(&max_depth) {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // SAFETY: the contract gives readable `input[..len]`, and writable `tape[..tape_cap]` and
    // `arena[..arena_cap]`, disjoint from each other and from the input.
    let (Some(input), Some(tape), Some(arena)) = (
        unsafe { slices::input(input, len) },
        unsafe { slices::output(doc.tape, doc.tape_cap) },
        unsafe { slices::output(doc.arena, doc.arena_cap) },
    ) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    doc.tape_len = 0;
    doc.arena_len = 0;
    *error_offset = 0;
    // Only what the parser may use: `len + 1` words and `len` bytes (fewer when the
    // capacities are smaller, which it reports as output-too-small).
    let tape_use = tape.len().min(len + 1);
    let arena_use = arena.len().min(len);
    match tb_json::parse(
        input,
        max_depth,
        &mut tape[..tape_use],
        &mut arena[..arena_use],
    ) {
        Ok((tape_len, arena_len)) => {
            doc.tape_len = tape_len;
            doc.arena_len = arena_len;
            TB_OK
        }
        Err(e) => {
            *error_offset = e.offset;
            status_of(e.kind)
        }
    }
}

unsafe extern "C" fn serialize(
    doc: *const TbJsonDoc,
    out: *mut u8,
    out_cap: usize,
    written: *mut usize,
) -> TbStatus {
    if doc.is_null() || written.is_null() {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // SAFETY: checked non-NULL; the contract gives a valid document and an exclusive,
    // valid out-pointer.
    let (doc, written) = unsafe { (&*doc, &mut *written) };
    if doc.tape_len > doc.tape_cap || doc.arena_len > doc.arena_cap {
        return TB_ERR_INVALID_ARGUMENT;
    }
    // SAFETY: the contract gives readable `tape[..tape_len]` and `arena[..arena_len]` (within
    // the capacities, checked above), and writable `out[..out_cap]` disjoint from both.
    let (Some(tape), Some(arena), Some(out)) = (
        unsafe { slices::input(doc.tape, doc.tape_len) },
        unsafe { slices::input(doc.arena, doc.arena_len) },
        unsafe { slices::output(out, out_cap) },
    ) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    let result = tb_json::serialize(tape, arena, out);
    *written = result.unwrap_or(0);
    match result {
        Ok(_) => TB_OK,
        Err(SerializeError::OutputTooSmall) => TB_ERR_OUTPUT_TOO_SMALL,
        Err(SerializeError::InvalidTape) => TB_ERR_INVALID_ARGUMENT,
    }
}

static API: TbJsonApi = TbJsonApi {
    name: c"rust".as_ptr(),
    parse,
    serialize,
};

#[no_mangle]
pub extern "C" fn tb_json_rust() -> &'static TbJsonApi {
    &API
}

// Size, alignment and every field offset of each mirror, as clang lays out the C structs of the
// contract header (generated by tb-contract at build time: no hand-kept numbers).
include!(concat!(env!("OUT_DIR"), "/layout_checks.rs"));
