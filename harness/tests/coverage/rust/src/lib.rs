//! Test-only: the C probe's two functions in Rust, for the coverage test (named apart from C's,
//! so that the vectors' probe links both). Each is five lines as
//! LLVM counts them (the comment inside the body lies in its region), and each holds a closure,
//! which LLVM counts as a function of its own.

/// # Safety
/// `data` must point to `size` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn probe_rust_entered(data: *const u8, size: usize) -> u32 {
    // SAFETY: the caller passes libFuzzer's input buffer and its length.
    let input = unsafe { std::slice::from_raw_parts(data, size) };
    input.iter().fold(0, |sum: u32, &b| sum ^ u32::from(b))
}

/// # Safety
/// `data` must point to `size` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn probe_rust_never(data: *const u8, size: usize) -> u32 {
    // SAFETY: the caller passes libFuzzer's input buffer and its length.
    let input = unsafe { std::slice::from_raw_parts(data, size) };
    input.iter().fold(1, |p: u32, &b| p ^ u32::from(b) << 1)
}
