//! tb_spsc_rust(): the Rust spsc twin behind harness/include/twinbench/spsc.h. The opaque
//! `tb_spsc *` handed to C is a `Box<Queue>` holding both sides of one channel; C calls the
//! producer side from one thread and the consumer side from another, so every call below
//! borrows only its own side's field, never the whole handle. Also the crossbeam baseline
//! (`tb_spsc_crossbeam`, baseline_crossbeam.rs).

mod baseline_crossbeam;

use std::ffi::c_char;
use std::ptr::addr_of_mut;
use tb_ffi_support::slices;
use tb_ffi_support::status::*;
use tb_spsc::{Consumer, Error, Producer};

/// A value on a cache line of its own: the two sides' private fields do not false-share.
#[repr(align(64))]
pub struct Padded<T>(T);

/// What `tb_spsc *` points to.
pub struct Queue {
    capacity: usize, // read by any thread: never written after create
    producer: Padded<Producer>,
    consumer: Padded<Consumer>,
}

/// Mirror of `tb_spsc_regions`.
#[repr(C)]
pub struct TbSpscRegions {
    pub ptr: [*mut u8; 2],
    pub len: [usize; 2],
}

/// Mirror of `tb_spsc_api`, over the type `tb_spsc *` points to (the twin's `Queue`, or a
/// baseline's own).
#[repr(C)]
pub struct TbSpscApi<Q = Queue> {
    pub name: *const c_char,
    pub create: unsafe extern "C" fn(usize, *mut *mut Q) -> TbStatus,
    pub destroy: unsafe extern "C" fn(*mut Q),
    pub capacity: unsafe extern "C" fn(*const Q) -> usize,
    pub push: unsafe extern "C" fn(*mut Q, *const u8, usize) -> usize,
    pub write_regions: unsafe extern "C" fn(*mut Q, *mut TbSpscRegions),
    pub publish: unsafe extern "C" fn(*mut Q, usize) -> usize,
    pub pop: unsafe extern "C" fn(*mut Q, *mut u8, usize) -> usize,
    pub read_regions: unsafe extern "C" fn(*mut Q, *mut TbSpscRegions),
    pub release: unsafe extern "C" fn(*mut Q, usize) -> usize,
}

// SAFETY: the table is immutable; `name` points to a 'static string literal.
unsafe impl<Q> Sync for TbSpscApi<Q> {}

/// The producer side of a live handle, borrowed alone.
///
/// # Safety
/// `q` came from `create` and is not destroyed; the contract allows one thread at a time on
/// the producer side, so no other reference to this field exists during the call.
unsafe fn producer<'a>(q: *mut Queue) -> &'a mut Producer {
    // SAFETY: the caller's contract; addr_of_mut! reaches the field without a reference to the
    // whole queue, which the consumer's thread may be using at the same moment.
    unsafe { &mut (*addr_of_mut!((*q).producer)).0 }
}

/// The consumer side of a live handle, borrowed alone.
///
/// # Safety
/// As for `producer`, on the consumer side.
unsafe fn consumer<'a>(q: *mut Queue) -> &'a mut Consumer {
    // SAFETY: as in `producer`.
    unsafe { &mut (*addr_of_mut!((*q).consumer)).0 }
}

unsafe extern "C" fn create(capacity: usize, out: *mut *mut Queue) -> TbStatus {
    // SAFETY: the contract requires a valid out-pointer.
    let out = unsafe { &mut *out };
    *out = std::ptr::null_mut();
    match tb_spsc::channel(capacity) {
        Ok((producer, consumer)) => {
            *out = Box::into_raw(Box::new(Queue {
                capacity,
                producer: Padded(producer),
                consumer: Padded(consumer),
            }));
            TB_OK
        }
        Err(Error::InvalidCapacity) => TB_ERR_INVALID_ARGUMENT,
        Err(Error::OutOfMemory) => TB_ERR_OVERFLOW,
    }
}

unsafe extern "C" fn destroy(q: *mut Queue) {
    if !q.is_null() {
        // SAFETY: `q` came from Box::into_raw in `create`; C gives it back exactly once, when
        // no other thread uses it.
        drop(unsafe { Box::from_raw(q) });
    }
}

unsafe extern "C" fn capacity(q: *const Queue) -> usize {
    // SAFETY: a live handle; `capacity` is never written after create, so reading it races
    // with nothing.
    unsafe { (*q).capacity }
}

fn c_regions(out: &mut TbSpscRegions, [a, b]: [*mut u8; 2], [la, lb]: [usize; 2]) {
    *out = TbSpscRegions {
        ptr: [a, b],
        len: [la, lb],
    };
}

unsafe extern "C" fn push(q: *mut Queue, data: *const u8, len: usize) -> usize {
    // SAFETY: the contract gives readable `data[..len]` (NULL only with 0).
    let Some(data) = (unsafe { slices::input(data, len) }) else {
        return 0;
    };
    // SAFETY: a live handle, called on the producer's thread.
    unsafe { producer(q) }.push(data)
}

unsafe extern "C" fn write_regions(q: *mut Queue, out: *mut TbSpscRegions) {
    // SAFETY: a live handle, called on the producer's thread.
    let [a, b] = unsafe { producer(q) }.write_regions();
    let (lens, ptrs) = ([a.len(), b.len()], [a.as_mut_ptr(), b.as_mut_ptr()]);
    // SAFETY: the contract requires a valid out-pointer.
    c_regions(unsafe { &mut *out }, ptrs, lens);
}

unsafe extern "C" fn publish(q: *mut Queue, len: usize) -> usize {
    // SAFETY: a live handle, called on the producer's thread.
    unsafe { producer(q) }.publish(len)
}

unsafe extern "C" fn pop(q: *mut Queue, out: *mut u8, len: usize) -> usize {
    // SAFETY: the contract gives writable `out[..len]` (NULL only with 0), disjoint from the
    // queue's storage.
    let Some(out) = (unsafe { slices::output(out, len) }) else {
        return 0;
    };
    // SAFETY: a live handle, called on the consumer's thread.
    unsafe { consumer(q) }.pop(out)
}

unsafe extern "C" fn read_regions(q: *mut Queue, out: *mut TbSpscRegions) {
    // SAFETY: a live handle, called on the consumer's thread.
    let [a, b] = unsafe { consumer(q) }.read_regions();
    // The contract's regions are `uint8_t *`; the consumer may only read through them.
    let ptrs = [a.as_ptr().cast_mut(), b.as_ptr().cast_mut()];
    // SAFETY: the contract requires a valid out-pointer.
    c_regions(unsafe { &mut *out }, ptrs, [a.len(), b.len()]);
}

unsafe extern "C" fn release(q: *mut Queue, len: usize) -> usize {
    // SAFETY: a live handle, called on the consumer's thread.
    unsafe { consumer(q) }.release(len)
}

static API: TbSpscApi = TbSpscApi {
    name: c"rust".as_ptr(),
    create,
    destroy,
    capacity,
    push,
    write_regions,
    publish,
    pop,
    read_regions,
    release,
};

#[no_mangle]
pub extern "C" fn tb_spsc_rust() -> &'static TbSpscApi {
    &API
}

// Size, alignment and every field offset of each mirror, as clang lays out the C structs of the
// contract header (generated by tb-contract at build time: no hand-kept numbers).
include!(concat!(env!("OUT_DIR"), "/layout_checks.rs"));
