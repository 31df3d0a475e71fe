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

/// The C side of `tb_status f(in, len, out, out_cap, size_t *written)`, the shape of every
/// decoder contract (inflate, brotli, ...): `*written` is 0 unless `decode` succeeds, and NULL
/// with a non-zero length is `TB_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// `written` must be valid for a write; `input`/`len` and `out`/`out_cap` as for [`input`] and
/// [`output`], not overlapping.
pub unsafe fn decode_into(
    input: *const u8,
    len: usize,
    out: *mut u8,
    out_cap: usize,
    written: *mut usize,
    decode: impl FnOnce(&[u8], &mut [u8]) -> Result<usize, crate::status::TbStatus>,
) -> crate::status::TbStatus {
    // SAFETY: the caller gives a valid `written`.
    let written = unsafe { &mut *written };
    *written = 0;
    // SAFETY: the caller gives readable `input[..len]` and writable, disjoint `out[..out_cap]`.
    let (Some(input), Some(out)) = (unsafe { self::input(input, len) }, unsafe {
        output(out, out_cap)
    }) else {
        return crate::status::TB_ERR_INVALID_ARGUMENT;
    };
    match decode(input, out) {
        Ok(n) => {
            *written = n;
            crate::status::TB_OK
        }
        Err(status) => status,
    }
}
