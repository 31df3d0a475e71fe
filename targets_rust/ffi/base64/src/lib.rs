//! The Rust base64 implementations behind harness/include/twinbench/base64.h: the twin
//! (`tb_base64_rust`) and the base64 crate baseline (`tb_base64_base64_crate`).

mod baseline_base64_crate;
mod native_loop;

use std::ffi::c_char;
use tb_base64::{Alphabet, Config, ErrorKind};
use tb_ffi_support::slices;
use tb_ffi_support::status::*;

pub const TB_BASE64_URL: u32 = 1 << 0;
pub const TB_BASE64_PAD: u32 = 1 << 1;
pub const TB_BASE64_SKIP_WS: u32 = 1 << 2;
pub const TB_BASE64_ALL_FLAGS: u32 = TB_BASE64_URL | TB_BASE64_PAD | TB_BASE64_SKIP_WS;

pub type EncodedLenFn = unsafe extern "C" fn(usize, u32, *mut usize) -> TbStatus;
pub type EncodeFn =
    unsafe extern "C" fn(*const u8, usize, *mut u8, usize, u32, *mut usize) -> TbStatus;
pub type DecodeFn =
    unsafe extern "C" fn(*const u8, usize, *mut u8, usize, u32, *mut usize, *mut usize) -> TbStatus;

/// Mirror of `tb_base64_api`.
#[repr(C)]
pub struct TbBase64Api {
    pub name: *const c_char,
    pub encoded_len: EncodedLenFn,
    pub decoded_max_len: extern "C" fn(usize) -> usize,
    pub encode: EncodeFn,
    pub decode: DecodeFn,
}

// SAFETY: the table is immutable; `name` points to a 'static string literal.
unsafe impl Sync for TbBase64Api {}

pub fn config_from_flags(flags: u32) -> Option<Config> {
    if flags & !TB_BASE64_ALL_FLAGS != 0 {
        return None;
    }
    Some(Config {
        alphabet: if flags & TB_BASE64_URL != 0 {
            Alphabet::UrlSafe
        } else {
            Alphabet::Standard
        },
        pad: flags & TB_BASE64_PAD != 0,
        skip_whitespace: flags & TB_BASE64_SKIP_WS != 0,
    })
}

fn status_of(kind: ErrorKind) -> TbStatus {
    match kind {
        ErrorKind::OutputTooSmall => TB_ERR_OUTPUT_TOO_SMALL,
        ErrorKind::Overflow => TB_ERR_OVERFLOW,
        ErrorKind::InvalidByte => TB_ERR_INVALID_BYTE,
        ErrorKind::BadPadding => TB_ERR_BAD_PADDING,
        ErrorKind::TrailingBits => TB_ERR_TRAILING_BITS,
        ErrorKind::Truncated => TB_ERR_TRUNCATED,
    }
}

unsafe extern "C" fn encoded_len(n: usize, flags: u32, len: *mut usize) -> TbStatus {
    // SAFETY: the contract requires a valid `len` out-pointer.
    let len = unsafe { &mut *len };
    *len = 0;
    let Some(config) = config_from_flags(flags) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    match tb_base64::encoded_len(n, config.pad) {
        Some(l) => {
            *len = l;
            TB_OK
        }
        None => TB_ERR_OVERFLOW,
    }
}

extern "C" fn decoded_max_len(n: usize) -> usize {
    tb_base64::decoded_max_len(n)
}

unsafe extern "C" fn encode(
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    flags: u32,
    written: *mut usize,
) -> TbStatus {
    // SAFETY: the contract requires a valid `written` out-pointer.
    let written = unsafe { &mut *written };
    *written = 0;
    let Some(config) = config_from_flags(flags) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // SAFETY: the contract gives readable `input[..in_len]` and writable, disjoint `out[..out_cap]`.
    let (Some(input), Some(out)) = (unsafe { slices::input(input, in_len) }, unsafe {
        slices::output(out, out_cap)
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    match tb_base64::encode(input, out, config) {
        Ok(n) => {
            *written = n;
            TB_OK
        }
        Err(e) => status_of(e.kind),
    }
}

unsafe extern "C" fn decode(
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    flags: u32,
    written: *mut usize,
    error_offset: *mut usize,
) -> TbStatus {
    // SAFETY: the contract requires valid `written` and `error_offset` out-pointers.
    let (written, error_offset) = unsafe { (&mut *written, &mut *error_offset) };
    (*written, *error_offset) = (0, 0);
    let Some(config) = config_from_flags(flags) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    #[cfg(not(feature = "bug-base64-output-length-trusted"))]
    // SAFETY: the contract gives readable `input[..in_len]` and writable, disjoint `out[..out_cap]`.
    let (Some(input), Some(out)) = (unsafe { slices::input(input, in_len) }, unsafe {
        slices::output(out, out_cap)
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // Seeded bug (docs/bugs.md): the output slice is made as long as the contract says the
    // caller must provide, decoded_max_len(in_len), not as long as the caller says it is.
    #[cfg(feature = "bug-base64-output-length-trusted")]
    let (Some(input), Some(out)) = ({
        tb_canary::mark(
            "base64-output-length-trusted",
            out_cap < tb_base64::decoded_max_len(in_len),
        );
        // SAFETY (mistaken): the contract requires out_cap >= decoded_max_len(in_len), and the
        // caller is believed to keep it.
        (unsafe { slices::input(input, in_len) }, unsafe {
            slices::output(out, tb_base64::decoded_max_len(in_len))
        })
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    match tb_base64::decode(input, out, config) {
        Ok(n) => {
            *written = n;
            TB_OK
        }
        Err(e) => {
            *error_offset = e.offset;
            status_of(e.kind)
        }
    }
}

static API: TbBase64Api = TbBase64Api {
    name: c"rust".as_ptr(),
    encoded_len,
    decoded_max_len,
    encode,
    decode,
};

#[no_mangle]
pub extern "C" fn tb_base64_rust() -> &'static TbBase64Api {
    &API
}

// Size, alignment and every field offset of each mirror, as clang lays out the C structs of the
// contract header (generated by tb-contract at build time: no hand-kept numbers).
include!(concat!(env!("OUT_DIR"), "/layout_checks.rs"));
