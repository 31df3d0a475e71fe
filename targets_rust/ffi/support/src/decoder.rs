//! The decoder kind of contract (harness/include/twinbench/decoder.h): the table's Rust mirror
//! and the getter every Rust decoder exports, so that a decoder's ffi crate writes only its safe
//! `fn(&[u8], &mut [u8]) -> Result<usize, TbStatus>` and one [`export_decoder!`](crate::export_decoder) line.

use crate::status::TbStatus;
use std::ffi::c_char;

pub type DecodeFn = unsafe extern "C" fn(*const u8, usize, *mut u8, usize, *mut usize) -> TbStatus;

/// Mirror of `tb_decoder_api`.
#[repr(C)]
pub struct TbDecoderApi {
    pub name: *const c_char,
    pub decode: DecodeFn,
}

// SAFETY: the table is immutable; `name` points to a 'static C string literal.
unsafe impl Sync for TbDecoderApi {}

/// `export_decoder!(getter, c"name", decode)` exports `getter() -> &'static TbDecoderApi`, the
/// table of the implementation registered as `name`, whose decode is the safe `decode`. The C
/// side (pointers to slices, `*written` 0 unless it succeeds) is [`crate::slices::decode_into`].
#[macro_export]
macro_rules! export_decoder {
    ($getter:ident, $name:literal, $decode:path) => {
        #[no_mangle]
        pub extern "C" fn $getter() -> &'static $crate::decoder::TbDecoderApi {
            // Not `decode`: the safe function is often called that.
            unsafe extern "C" fn c_decode(
                input: *const u8,
                len: usize,
                out: *mut u8,
                out_cap: usize,
                written: *mut usize,
            ) -> $crate::status::TbStatus {
                // SAFETY: the contract's pointers (decoder.h), passed on as they came.
                unsafe { $crate::slices::decode_into(input, len, out, out_cap, written, $decode) }
            }
            static API: $crate::decoder::TbDecoderApi = $crate::decoder::TbDecoderApi {
                name: $name.as_ptr(),
                decode: c_decode,
            };
            &API
        }
    };
}
