//! Turning the C ABI's pointer + length pairs into slices, in one place.

/// A slice from a C pointer and element count; `None` for NULL with a non-zero length, or for
/// a pointer not aligned for `T` (only possible for wider types such as json's tape words).
///
/// # Safety
/// When `ptr` is non-NULL it must point to `len` readable elements that nothing writes while
/// the slice lives (the contract says input and output buffers never overlap).
pub unsafe fn input<'a, T>(ptr: *const T, len: usize) -> Option<&'a [T]> {
    if ptr.is_null() {
        return if len == 0 { Some(&[]) } else { None };
    }
    if !ptr.is_aligned() {
        return None;
    }
    // SAFETY: non-NULL, aligned and, by the caller's contract, valid for `len` reads.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// As [`input`], writable.
///
/// # Safety
/// When `ptr` is non-NULL it must point to `len` writable elements that nothing else accesses
/// while the slice lives.
pub unsafe fn output<'a, T>(ptr: *mut T, len: usize) -> Option<&'a mut [T]> {
    if ptr.is_null() {
        return if len == 0 { Some(&mut []) } else { None };
    }
    if !ptr.is_aligned() {
        return None;
    }
    // SAFETY: non-NULL, aligned and, by the caller's contract, valid and exclusive for `len`.
    Some(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}
