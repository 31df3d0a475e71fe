//! Rust baselines for the benchmarks, behind the same API tables as the twins where their
//! semantics match; anything they cannot do is TB_ERR_UNSUPPORTED, never a different answer.

use crate::{config_from_flags, TbBase64Api, TB_BASE64_PAD, TB_BASE64_URL};
use tb_ffi_support::slices;
use tb_ffi_support::status::*;

/// The `base64` crate (Debian: librust-base64-dev), strict on trailing bits like the twins,
/// lenient on padding when decoding; it has no whitespace skipping.
fn crate_config(flags: u32) -> Option<base64::Config> {
    let config = config_from_flags(flags)?;
    if config.skip_whitespace {
        return None;
    }
    let charset = if flags & TB_BASE64_URL != 0 {
        base64::CharacterSet::UrlSafe
    } else {
        base64::CharacterSet::Standard
    };
    Some(base64::Config::new(charset, flags & TB_BASE64_PAD != 0))
}

/// RFC 4648 lengths; the crate does not export its own helper.
fn crate_encoded_len(n: usize, flags: u32) -> Option<usize> {
    let rest = match (n % 3, flags & TB_BASE64_PAD != 0) {
        (0, _) => 0,
        (_, true) => 4,
        (r, false) => r + 1,
    };
    (n / 3).checked_mul(4)?.checked_add(rest)
}

unsafe extern "C" fn encoded_len(n: usize, flags: u32, len: *mut usize) -> TbStatus {
    // SAFETY: the contract requires a valid out-pointer.
    let len = unsafe { &mut *len };
    *len = 0;
    if crate_config(flags).is_none() {
        return TB_ERR_UNSUPPORTED;
    }
    match crate_encoded_len(n, flags) {
        Some(l) => {
            *len = l;
            TB_OK
        }
        None => TB_ERR_OVERFLOW,
    }
}

extern "C" fn decoded_max_len(n: usize) -> usize {
    // The crate asks for (n + 3) / 4 * 3, a little more than the twins for partial quanta.
    n.div_ceil(4) * 3
}

unsafe extern "C" fn encode(
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    flags: u32,
    written: *mut usize,
) -> TbStatus {
    // SAFETY: the contract requires a valid out-pointer.
    let written = unsafe { &mut *written };
    *written = 0;
    let Some(config) = crate_config(flags) else {
        return TB_ERR_UNSUPPORTED;
    };
    // SAFETY: the contract gives readable `input[..in_len]` and writable, disjoint `out[..out_cap]`.
    let (Some(input), Some(out)) = (unsafe { slices::input(input, in_len) }, unsafe {
        slices::output(out, out_cap)
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    match crate_encoded_len(input.len(), flags) {
        None => TB_ERR_OVERFLOW,
        Some(need) if need > out.len() => TB_ERR_OUTPUT_TOO_SMALL,
        Some(_) => {
            *written = base64::encode_config_slice(input, config, out);
            TB_OK
        }
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
    // SAFETY: the contract requires valid out-pointers.
    let (written, error_offset) = unsafe { (&mut *written, &mut *error_offset) };
    (*written, *error_offset) = (0, 0);
    let Some(config) = crate_config(flags) else {
        return TB_ERR_UNSUPPORTED;
    };
    // SAFETY: the contract gives readable `input[..in_len]` and writable, disjoint `out[..out_cap]`.
    let (Some(input), Some(out)) = (unsafe { slices::input(input, in_len) }, unsafe {
        slices::output(out, out_cap)
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    if out.len() < decoded_max_len(input.len()) {
        return TB_ERR_OUTPUT_TOO_SMALL;
    }
    match base64::decode_config_slice(input, config, out) {
        Ok(n) => {
            *written = n;
            TB_OK
        }
        Err(base64::DecodeError::InvalidByte(at, _)) => {
            *error_offset = at;
            TB_ERR_INVALID_BYTE
        }
        Err(base64::DecodeError::InvalidLength) => {
            *error_offset = input.len();
            TB_ERR_TRUNCATED
        }
        Err(base64::DecodeError::InvalidLastSymbol(at, _)) => {
            *error_offset = at;
            TB_ERR_TRAILING_BITS
        }
    }
}

static BASE64_CRATE: TbBase64Api = TbBase64Api {
    name: c"base64-crate".as_ptr(),
    encoded_len,
    decoded_max_len,
    encode,
    decode,
};

#[no_mangle]
pub extern "C" fn tb_base64_base64_crate() -> &'static TbBase64Api {
    &BASE64_CRATE
}
