//! Test-only: a deliberate Rust panic (an out-of-bounds index) for the triage tests.

fn checksum(data: &[u8]) -> u8 {
    // Indexes one past the end: the bounds check panics.
    data[data.len()]
}

/// # Safety
/// `data` must point to `size` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn tb_crasher_panic(data: *const u8, size: usize) {
    // SAFETY: the caller passes libFuzzer's input buffer and its length.
    let input = unsafe { std::slice::from_raw_parts(data, size) };
    std::hint::black_box(checksum(input));
}
