//! The record kind of contract (harness/include/twinbench/record.h): the table's and the sink's
//! Rust mirrors and the getter every Rust record parser exports, so that a record component's
//! ffi crate writes only its safe `fn(&[u8], &mut Fields) -> Result<(), TbStatus>` and one
//! [`export_record!`](crate::export_record) line.

use crate::status::{TbStatus, TB_ERR_INVALID_ARGUMENT, TB_OK};
use std::ffi::{c_char, c_void, CStr};

pub type FieldFn = unsafe extern "C" fn(*mut c_void, *const c_char, *const u8, usize);
pub type ParseFn = unsafe extern "C" fn(*const u8, usize, *const TbRecordSink) -> TbStatus;

/// Mirror of `tb_record_sink`.
#[repr(C)]
pub struct TbRecordSink {
    pub context: *mut c_void,
    pub field: Option<FieldFn>,
}

/// Mirror of `tb_record_api`.
#[repr(C)]
pub struct TbRecordApi {
    pub name: *const c_char,
    pub parse: ParseFn,
}

// SAFETY: the table is immutable; `name` points to a 'static C string literal.
unsafe impl Sync for TbRecordApi {}

/// Where a safe parser gives its record's fields: the caller's sink.
pub struct Fields<'a> {
    sink: &'a TbRecordSink,
    field: FieldFn,
}

impl Fields<'_> {
    /// Gives one field of the record, in the spec's order; each name once.
    pub fn put(&mut self, name: &'static CStr, value: &[u8]) {
        // SAFETY: the contract (record.h) makes `field` callable with the sink's context for the
        // duration of the parse; the name is a 'static C string and the value is read before the
        // call returns.
        unsafe {
            (self.field)(
                self.sink.context,
                name.as_ptr(),
                value.as_ptr(),
                value.len(),
            )
        }
    }
}

/// The C side of `parse(in, len, sink)`: NULL with a non-zero length, or no sink (or a sink
/// without its function), is `TB_ERR_INVALID_ARGUMENT`, and nothing is given to the sink.
///
/// # Safety
/// `input`/`len` as for [`crate::slices::input`]; `sink`, when non-NULL, must point to a sink
/// whose `field` may be called with its `context` until this returns.
pub unsafe fn parse_into(
    input: *const u8,
    len: usize,
    sink: *const TbRecordSink,
    parse: impl FnOnce(&[u8], &mut Fields) -> Result<(), TbStatus>,
) -> TbStatus {
    // SAFETY: the caller gives readable `input[..len]` and a valid or NULL `sink`.
    let (Some(input), Some(sink)) = (unsafe { crate::slices::input(input, len) }, unsafe {
        sink.as_ref()
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    let Some(field) = sink.field else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    match parse(input, &mut Fields { sink, field }) {
        Ok(()) => TB_OK,
        Err(status) => status,
    }
}

/// `export_record!(getter, c"name", parse)` exports `getter() -> &'static TbRecordApi`, the table
/// of the implementation registered as `name`, whose parse is the safe `parse`. The C side is
/// [`parse_into`].
#[macro_export]
macro_rules! export_record {
    ($getter:ident, $name:literal, $parse:path) => {
        #[no_mangle]
        pub extern "C" fn $getter() -> &'static $crate::record::TbRecordApi {
            // Not `parse`: the safe function is often called that.
            unsafe extern "C" fn c_parse(
                input: *const u8,
                len: usize,
                sink: *const $crate::record::TbRecordSink,
            ) -> $crate::status::TbStatus {
                // SAFETY: the contract's pointers (record.h), passed on as they came.
                unsafe { $crate::record::parse_into(input, len, sink, $parse) }
            }
            static API: $crate::record::TbRecordApi = $crate::record::TbRecordApi {
                name: $name.as_ptr(),
                parse: c_parse,
            };
            &API
        }
    };
}
