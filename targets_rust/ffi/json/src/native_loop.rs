//! The twin without the FFI, for the benchmark's `rust-native` cases (mirrored by the C twin's
//! `c-native` loop, targets_c/json/native_loop.c; the contract is twinbench/native_loops.h): a
//! loop in Rust calling the crate directly, so the C++ benchmark crosses the FFI once per batch
//! of `iterations` and each operation costs what it costs a Rust caller. `black_box` does for
//! the loop what the C++ cases' DoNotOptimize and ClobberMemory do: the input is opaque, the
//! output observed.

use std::hint::black_box;

use tb_ffi_support::slices;
use tb_ffi_support::status::*;

use crate::status_of;

/// Parses `input` into `tape[..tape_cap]` and `arena[..arena_cap]` `iterations` times; the
/// status of the last run.
///
/// # Safety
/// Readable `input[..len]`, writable `tape[..tape_cap]` and `arena[..arena_cap]`, all disjoint.
#[no_mangle]
pub unsafe extern "C" fn tb_rust_native_json_parse(
    input: *const u8,
    len: usize,
    max_depth: u32,
    tape: *mut u64,
    tape_cap: usize,
    arena: *mut u8,
    arena_cap: usize,
    iterations: u64,
) -> TbStatus {
    // SAFETY: the caller's contract.
    let (Some(input), Some(tape), Some(arena)) = (
        unsafe { slices::input(input, len) },
        unsafe { slices::output(tape, tape_cap) },
        unsafe { slices::output(arena, arena_cap) },
    ) else {
        return TB_ERR_INVALID_ARGUMENT;
    };
    // What the FFI's parse lets the parser use: `len + 1` words and `len` bytes.
    let tape_use = tape.len().min(len + 1);
    let arena_use = arena.len().min(len);
    let (tape, arena) = (&mut tape[..tape_use], &mut arena[..arena_use]);
    let mut status = TB_OK;
    for _ in 0..iterations {
        status = match tb_json::parse(black_box(input), max_depth, tape, arena) {
            Ok(_) => TB_OK,
            Err(e) => status_of(e.kind),
        };
        black_box(&mut *tape);
    }
    status
}
