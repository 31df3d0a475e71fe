//! tb_ringbuf_rust(): the Rust ring buffer twin behind harness/include/twinbench/ringbuf.h.
//! The opaque `tb_ringbuf *` handed to C is a `Box<RingBuf>` turned into a raw pointer.

mod native_loop;

use std::ffi::c_char;
use tb_ffi_support::slices;
use tb_ffi_support::status::*;
use tb_ringbuf::{CapacityError, RingBuf};

/// Mirror of `tb_ringbuf_regions`.
#[repr(C)]
pub struct TbRingbufRegions {
    pub ptr: [*mut u8; 2],
    pub len: [usize; 2],
}

/// Mirror of `tb_ringbuf_api`.
#[repr(C)]
pub struct TbRingbufApi {
    pub name: *const c_char,
    pub create: unsafe extern "C" fn(usize, *mut *mut RingBuf) -> TbStatus,
    pub destroy: unsafe extern "C" fn(*mut RingBuf),
    pub capacity: unsafe extern "C" fn(*const RingBuf) -> usize,
    pub size: unsafe extern "C" fn(*const RingBuf) -> usize,
    pub space: unsafe extern "C" fn(*const RingBuf) -> usize,
    pub write: unsafe extern "C" fn(*mut RingBuf, *const u8, usize) -> usize,
    pub read: unsafe extern "C" fn(*mut RingBuf, *mut u8, usize) -> usize,
    pub peek: unsafe extern "C" fn(*const RingBuf, *mut u8, usize) -> usize,
    pub discard: unsafe extern "C" fn(*mut RingBuf, usize) -> usize,
    pub clear: unsafe extern "C" fn(*mut RingBuf),
    pub read_regions: unsafe extern "C" fn(*const RingBuf, *mut TbRingbufRegions),
    pub write_regions: unsafe extern "C" fn(*mut RingBuf, *mut TbRingbufRegions),
    pub commit: unsafe extern "C" fn(*mut RingBuf, usize) -> usize,
    pub resize: unsafe extern "C" fn(*mut RingBuf, usize) -> TbStatus,
}

// SAFETY: the table is immutable; `name` points to a 'static string literal.
unsafe impl Sync for TbRingbufApi {}

// The handle helpers: the contract requires a live handle from `create` in every call below.
unsafe fn rb<'a>(p: *const RingBuf) -> &'a RingBuf {
    // SAFETY: `p` came from Box::into_raw in `create` and has not been destroyed.
    unsafe { &*p }
}
unsafe fn rb_mut<'a>(p: *mut RingBuf) -> &'a mut RingBuf {
    // SAFETY: as above, and the C caller holds no other reference during the call.
    unsafe { &mut *p }
}

fn status_of(error: CapacityError) -> TbStatus {
    match error {
        CapacityError::TooSmall => TB_ERR_INVALID_ARGUMENT,
        CapacityError::TooLarge => TB_ERR_OVERFLOW,
    }
}

unsafe extern "C" fn create(capacity: usize, out: *mut *mut RingBuf) -> TbStatus {
    // SAFETY: the contract requires a valid out-pointer.
    let out = unsafe { &mut *out };
    *out = std::ptr::null_mut();
    match RingBuf::with_capacity(capacity) {
        Ok(buf) => {
            *out = Box::into_raw(Box::new(buf));
            TB_OK
        }
        Err(error) => status_of(error),
    }
}

unsafe extern "C" fn destroy(p: *mut RingBuf) {
    if !p.is_null() {
        // SAFETY: `p` came from Box::into_raw in `create`; C gives it back exactly once.
        drop(unsafe { Box::from_raw(p) });
    }
}

unsafe extern "C" fn capacity(p: *const RingBuf) -> usize {
    unsafe { rb(p) }.capacity()
}

unsafe extern "C" fn size(p: *const RingBuf) -> usize {
    unsafe { rb(p) }.len()
}

unsafe extern "C" fn space(p: *const RingBuf) -> usize {
    unsafe { rb(p) }.space()
}

unsafe extern "C" fn write(p: *mut RingBuf, data: *const u8, len: usize) -> usize {
    // SAFETY: the contract gives `len` readable bytes at `data`, outside the buffer.
    match unsafe { slices::input(data, len) } {
        Some(data) => unsafe { rb_mut(p) }.write(data),
        None => 0, // the spec: NULL with any length moves nothing
    }
}

unsafe extern "C" fn read(p: *mut RingBuf, out: *mut u8, len: usize) -> usize {
    // SAFETY: the contract gives `len` writable bytes at `out`, outside the buffer.
    match unsafe { slices::output(out, len) } {
        Some(out) => unsafe { rb_mut(p) }.read(out),
        None => 0,
    }
}

unsafe extern "C" fn peek(p: *const RingBuf, out: *mut u8, len: usize) -> usize {
    // SAFETY: as in `read`.
    match unsafe { slices::output(out, len) } {
        Some(out) => unsafe { rb(p) }.peek(out),
        None => 0,
    }
}

unsafe extern "C" fn discard(p: *mut RingBuf, len: usize) -> usize {
    unsafe { rb_mut(p) }.discard(len)
}

unsafe extern "C" fn clear(p: *mut RingBuf) {
    unsafe { rb_mut(p) }.clear()
}

unsafe extern "C" fn read_regions(p: *const RingBuf, out: *mut TbRingbufRegions) {
    let (a, b) = unsafe { rb(p) }.read_regions();
    // The C side promises not to write through read regions; the struct is shared with
    // write_regions, hence the mutable pointer type.
    let regions = TbRingbufRegions {
        ptr: [a.as_ptr().cast_mut(), b.as_ptr().cast_mut()],
        len: [a.len(), b.len()],
    };
    // SAFETY: the contract requires a valid out-pointer.
    unsafe { out.write(regions) };
}

unsafe extern "C" fn write_regions(p: *mut RingBuf, out: *mut TbRingbufRegions) {
    let (a, b) = unsafe { rb_mut(p) }.write_regions();
    let regions = TbRingbufRegions {
        ptr: [a.as_mut_ptr(), b.as_mut_ptr()],
        len: [a.len(), b.len()],
    };
    // SAFETY: the contract requires a valid out-pointer.
    unsafe { out.write(regions) };
}

unsafe extern "C" fn commit(p: *mut RingBuf, len: usize) -> usize {
    unsafe { rb_mut(p) }.commit(len)
}

#[cfg(not(feature = "bug-ringbuf-resize-error-frees-handle"))]
unsafe extern "C" fn resize(p: *mut RingBuf, capacity: usize) -> TbStatus {
    match unsafe { rb_mut(p) }.resize(capacity) {
        Ok(()) => TB_OK,
        Err(error) => status_of(error),
    }
}

// Seeded bug (docs/bugs.md): the handle is taken back as a Box for the call and handed back to
// C with `Box::into_raw` on the success path only; the error path's early return drops the Box,
// freeing the buffer the C caller still holds.
#[cfg(feature = "bug-ringbuf-resize-error-frees-handle")]
unsafe extern "C" fn resize(p: *mut RingBuf, capacity: usize) -> TbStatus {
    // SAFETY (mistaken): `p` came from Box::into_raw in `create`, and is believed to be given
    // back below on every path.
    let mut buf = unsafe { Box::from_raw(p) };
    let result = buf.resize(capacity);
    tb_canary::mark("ringbuf-resize-error-frees-handle", result.is_err());
    if let Err(error) = result {
        return status_of(error);
    }
    let _ = Box::into_raw(buf); // ownership back to C
    TB_OK
}

static API: TbRingbufApi = TbRingbufApi {
    name: c"rust".as_ptr(),
    create,
    destroy,
    capacity,
    size,
    space,
    write,
    read,
    peek,
    discard,
    clear,
    read_regions,
    write_regions,
    commit,
    resize,
};

#[no_mangle]
pub extern "C" fn tb_ringbuf_rust() -> &'static TbRingbufApi {
    &API
}

// Size, alignment and every field offset of each mirror, as clang lays out the C structs of the
// contract header (generated by tb-contract at build time: no hand-kept numbers).
include!(concat!(env!("OUT_DIR"), "/layout_checks.rs"));
