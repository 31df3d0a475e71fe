//! The twin without the FFI, for the benchmark's `rust-native` cases (mirrored by the C twin's
//! `c-native` loop, targets_c/ringbuf/native_loop.c; the contract is twinbench/native_loops.h): a
//! loop in Rust calling the crate directly, so the C++ benchmark crosses the FFI once per batch
//! of `iterations` and each operation costs what it costs a Rust caller. `black_box` does for
//! the loop what the C++ cases' DoNotOptimize and ClobberMemory do: the input is opaque, the
//! output observed.

use std::hint::black_box;

use tb_ffi_support::slices;
use tb_ringbuf::RingBuf;

use crate::rb_mut;

/// Writes `input` into the ring buffer and reads it back into `output`, `iterations` times,
/// with `write`/`read` (`zerocopy` 0) or through the regions (`zerocopy` 1), as the C++ cases
/// do; the bytes the last lap read.
///
/// # Safety
/// `p` a live handle from `tb_ringbuf_rust()->create`; readable `input[..len]` and writable
/// `output[..len]`, disjoint from each other and from the buffer.
#[no_mangle]
pub unsafe extern "C" fn tb_rust_native_ringbuf_stream(
    p: *mut RingBuf,
    input: *const u8,
    output: *mut u8,
    len: usize,
    zerocopy: i32,
    iterations: u64,
) -> usize {
    // SAFETY: the caller's contract.
    let (rb, Some(input), Some(output)) = (
        unsafe { rb_mut(p) },
        unsafe { slices::input(input, len) },
        unsafe { slices::output(output, len) },
    ) else {
        return 0;
    };
    let mut moved = 0;
    for _ in 0..iterations {
        let input = black_box(input);
        moved = if zerocopy != 0 {
            copy_in(rb, input);
            copy_out(rb, output)
        } else {
            rb.write(input);
            rb.read(output)
        };
        black_box(&mut *output);
    }
    moved
}

fn copy_in(rb: &mut RingBuf, data: &[u8]) -> usize {
    let (first, second) = rb.write_regions();
    let a = first.len().min(data.len());
    let b = second.len().min(data.len() - a);
    first[..a].copy_from_slice(&data[..a]);
    second[..b].copy_from_slice(&data[a..a + b]);
    rb.commit(a + b)
}

fn copy_out(rb: &mut RingBuf, out: &mut [u8]) -> usize {
    let (first, second) = rb.read_regions();
    let a = first.len().min(out.len());
    let b = second.len().min(out.len() - a);
    out[..a].copy_from_slice(&first[..a]);
    out[a..a + b].copy_from_slice(&second[..b]);
    rb.discard(a + b)
}
