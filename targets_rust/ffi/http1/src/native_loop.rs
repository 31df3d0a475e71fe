//! The twin without the FFI, for the benchmark's `rust-native` case: the pipeline loop of
//! harness/bench/http1.cc (parse a head, copy a Content-Length body, decode a chunked one),
//! written in Rust against the crate, so the C++ benchmark crosses the FFI once per batch of
//! `iterations` pipelines instead of once per head and body. `black_box` does for the loop what
//! the C++ case's DoNotOptimize and ClobberMemory do.

use std::hint::black_box;

use tb_ffi_support::slices;
use tb_http1::{Body, ChunkedDecoder, Field, Limits, Status};

use crate::baseline_httparse::TbHttp1PipelineResult;

fn pipeline(buf: &[u8], scratch: &mut [u8], fields: &mut [Field]) -> TbHttp1PipelineResult {
    let limits = Limits::default();
    let mut r = TbHttp1PipelineResult {
        requests: 0,
        fields: 0,
        body_bytes: 0,
        failed: 1,
    };
    let mut pos = 0;
    while pos < buf.len() {
        let Ok(Status::Complete(req)) = tb_http1::parse_request(&buf[pos..], &limits, fields)
        else {
            return r;
        };
        pos += req.head_length;
        r.requests += 1;
        r.fields += req.field_count;
        match req.body {
            Body::None => {}
            Body::Length(n) => {
                let Some(body) = usize::try_from(n).ok().and_then(|n| buf.get(pos..pos + n)) else {
                    return r;
                };
                scratch[..body.len()].copy_from_slice(body);
                r.body_bytes += body.len();
                pos += body.len();
            }
            Body::Chunked => {
                let Some(mut decoder) = ChunkedDecoder::new(limits) else {
                    return r;
                };
                let Ok(progress) = decoder.decode(&buf[pos..], scratch) else {
                    return r;
                };
                r.body_bytes += progress.written;
                pos += progress.consumed;
            }
        }
    }
    r.failed = 0;
    r
}

/// Runs the pipeline over `buf` `iterations` times; the result of the last run.
///
/// # Safety
/// Readable `buf[..len]`, writable `scratch[..cap]` disjoint from it, `result` valid.
#[no_mangle]
pub unsafe extern "C" fn tb_native_http1_pipeline(
    buf: *const u8,
    len: usize,
    scratch: *mut u8,
    cap: usize,
    iterations: u64,
    result: *mut TbHttp1PipelineResult,
) {
    // SAFETY: the caller's contract: a valid, exclusive result.
    let result = unsafe { &mut *result };
    result.failed = 1;
    // SAFETY: the caller's contract gives readable `buf[..len]`, writable disjoint `scratch[..cap]`.
    let (Some(buf), Some(scratch)) = (unsafe { slices::input(buf, len) }, unsafe {
        slices::output(scratch, cap)
    }) else {
        return;
    };
    if scratch.len() < buf.len() {
        return;
    }
    let mut fields = [Field::default(); 100];
    for _ in 0..iterations {
        *result = pipeline(black_box(buf), scratch, &mut fields);
        black_box(&mut *scratch);
    }
}
