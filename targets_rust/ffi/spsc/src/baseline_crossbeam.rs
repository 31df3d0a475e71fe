//! The crossbeam baseline for the benchmarks: `crossbeam_queue::ArrayQueue<u8>` (Debian:
//! librust-crossbeam-queue-dev 0.3.8), the bounded lock-free queue a Rust programmer takes off
//! the shelf. It is a multi-producer/multi-consumer queue of elements, so the byte stream goes
//! through it one byte per push and pop (each a compare-and-swap on a shared index, and a slot
//! of 16 bytes: the byte and its stamp). It has no zero-copy regions: write_regions and
//! read_regions give two empty regions, publish and release move nothing.

use crate::{TbSpscApi, TbSpscRegions};
use crossbeam_queue::ArrayQueue;
use tb_ffi_support::slices;
use tb_ffi_support::status::*;

/// What `tb_spsc *` points to for this baseline. Both sides share it by `&`: ArrayQueue is Sync.
pub struct Crossbeam {
    queue: ArrayQueue<u8>,
}

unsafe extern "C" fn create(capacity: usize, out: *mut *mut Crossbeam) -> TbStatus {
    // SAFETY: the contract requires a valid out-pointer.
    let out = unsafe { &mut *out };
    *out = std::ptr::null_mut();
    // The contract's capacities (ArrayQueue itself takes any non-zero one).
    if !capacity.is_power_of_two() || capacity > 1 << 30 {
        return TB_ERR_INVALID_ARGUMENT;
    }
    *out = Box::into_raw(Box::new(Crossbeam {
        queue: ArrayQueue::new(capacity),
    }));
    TB_OK
}

unsafe extern "C" fn destroy(q: *mut Crossbeam) {
    if !q.is_null() {
        // SAFETY: `q` came from Box::into_raw in `create`; C gives it back exactly once, when
        // no other thread uses it.
        drop(unsafe { Box::from_raw(q) });
    }
}

/// The queue behind a live handle.
///
/// # Safety
/// `q` came from `create` and is not destroyed.
unsafe fn queue<'a>(q: *const Crossbeam) -> &'a ArrayQueue<u8> {
    // SAFETY: the caller's contract; a shared borrow, which both threads may hold at once.
    unsafe { &(*q).queue }
}

unsafe extern "C" fn capacity(q: *const Crossbeam) -> usize {
    // SAFETY: a live handle.
    unsafe { queue(q) }.capacity()
}

unsafe extern "C" fn push(q: *mut Crossbeam, data: *const u8, len: usize) -> usize {
    // SAFETY: the contract gives readable `data[..len]` (NULL only with 0).
    let Some(data) = (unsafe { slices::input(data, len) }) else {
        return 0;
    };
    // SAFETY: a live handle.
    let queue = unsafe { queue(q) };
    data.iter().take_while(|&&b| queue.push(b).is_ok()).count()
}

unsafe extern "C" fn pop(q: *mut Crossbeam, out: *mut u8, len: usize) -> usize {
    // SAFETY: the contract gives writable `out[..len]` (NULL only with 0).
    let Some(out) = (unsafe { slices::output(out, len) }) else {
        return 0;
    };
    // SAFETY: a live handle.
    let queue = unsafe { queue(q) };
    let mut n = 0;
    for slot in out.iter_mut() {
        match queue.pop() {
            Some(b) => *slot = b,
            None => break,
        }
        n += 1;
    }
    n
}

unsafe extern "C" fn no_regions(_: *mut Crossbeam, out: *mut TbSpscRegions) {
    // SAFETY: the contract requires a valid out-pointer.
    let out = unsafe { &mut *out };
    *out = TbSpscRegions {
        ptr: [std::ptr::null_mut(); 2],
        len: [0; 2],
    };
}

unsafe extern "C" fn moves_nothing(_: *mut Crossbeam, _: usize) -> usize {
    0
}

static CROSSBEAM: TbSpscApi<Crossbeam> = TbSpscApi {
    name: c"crossbeam".as_ptr(),
    create,
    destroy,
    capacity,
    push,
    write_regions: no_regions,
    publish: moves_nothing,
    pop,
    read_regions: no_regions,
    release: moves_nothing,
};

#[no_mangle]
pub extern "C" fn tb_spsc_crossbeam() -> &'static TbSpscApi<Crossbeam> {
    &CROSSBEAM
}
