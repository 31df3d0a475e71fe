//! The twin without the FFI, for the benchmark's `rust-native` cases (mirrored by the C twin's
//! `c-native` loop, targets_c/base64/native_loop.c; the contract is twinbench/native_loops.h): a
//! loop in Rust calling the crate directly, so the C++ benchmark crosses the FFI once per batch
//! of `iterations` and each operation costs what it costs a Rust caller. `black_box` does for
//! the loop what the C++ cases' DoNotOptimize and ClobberMemory do: the input is opaque, the
//! output observed.

use std::hint::black_box;

use tb_ffi_support::slices;
use tb_ffi_support::status::*;

use tb_base64::{Config, Error};

use crate::{config_from_flags, status_of};

/// Encodes `input` into `out` `iterations` times; the status of the last run.
///
/// # Safety
/// As `tb_base64_rust()->encode`: readable `input[..in_len]`, writable disjoint `out[..out_cap]`.
#[no_mangle]
pub unsafe extern "C" fn tb_rust_native_base64_encode(
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    flags: u32,
    iterations: u64,
) -> TbStatus {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        looped(
            input,
            in_len,
            out,
            out_cap,
            flags,
            iterations,
            tb_base64::encode,
        )
    }
}

/// Decodes `input` into `out` `iterations` times; the status of the last run.
///
/// # Safety
/// As `tb_base64_rust()->decode`: readable `input[..in_len]`, writable disjoint `out[..out_cap]`.
#[no_mangle]
pub unsafe extern "C" fn tb_rust_native_base64_decode(
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    flags: u32,
    iterations: u64,
) -> TbStatus {
    // SAFETY: the caller's contract, passed on.
    unsafe {
        looped(
            input,
            in_len,
            out,
            out_cap,
            flags,
            iterations,
            tb_base64::decode,
        )
    }
}

/// Generic over the operation, so that it is inlined into the loop as a Rust caller's would be.
///
/// # Safety
/// Readable `input[..in_len]`, writable `out[..out_cap]`, disjoint.
unsafe fn looped<F: Fn(&[u8], &mut [u8], Config) -> Result<usize, Error>>(
    input: *const u8,
    in_len: usize,
    out: *mut u8,
    out_cap: usize,
    flags: u32,
    iterations: u64,
    operation: F,
) -> TbStatus {
    let Some(config) = config_from_flags(flags) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // SAFETY: the caller's contract.
    let (Some(input), Some(out)) = (unsafe { slices::input(input, in_len) }, unsafe {
        slices::output(out, out_cap)
    }) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    let mut status = TB_OK;
    for _ in 0..iterations {
        status = match operation(black_box(input), out, config) {
            Ok(_) => TB_OK,
            Err(e) => status_of(e.kind),
        };
        black_box(&mut *out);
    }
    status
}
