//! Turning the C ABI's pointer + length pairs into slices, in one place.

/// A byte slice from a C pointer and length; `None` for NULL with a non-zero length.
///
/// # Safety
/// When `ptr` is non-NULL it must point to `len` readable bytes that nothing writes while the
/// slice lives (the contract says input and output buffers never overlap).
pub unsafe fn input<'a>(ptr: *const u8, len: usize) -> Option<&'a [u8]> {
    if ptr.is_null() {
        return if len == 0 { Some(&[]) } else { None };
    }
    // SAFETY: non-NULL and, by the caller's contract, valid for `len` reads.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A mutable byte slice from a C pointer and length; `None` for NULL with a non-zero length.
///
/// # Safety
/// When `ptr` is non-NULL it must point to `len` writable bytes that nothing else accesses
/// while the slice lives.
pub unsafe fn output<'a>(ptr: *mut u8, len: usize) -> Option<&'a mut [u8]> {
    if ptr.is_null() {
        return if len == 0 { Some(&mut []) } else { None };
    }
    // SAFETY: non-NULL and, by the caller's contract, valid and exclusive for `len` writes.
    Some(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}
