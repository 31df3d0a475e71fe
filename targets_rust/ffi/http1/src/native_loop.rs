//! The twin without the FFI, for the benchmark's `rust-native` cases (mirrored by the C twin's
//! `c-native` loop, targets_c/http1/native_loop.c; the contract is twinbench/native_loops.h):
//! the pipeline loop of harness/bench/http1.cc (parse a head, copy a Content-Length body, decode
//! a chunked one) and its slow drip (one head resumed one byte at a time), written in Rust
//! against the crate, so the C++ benchmark crosses the FFI once per batch of `iterations` runs
//! instead of once per call. `black_box` does for the loop what the C++ case's DoNotOptimize
//! and ClobberMemory do.

use std::hint::black_box;

use tb_ffi_support::slices;
use tb_http1::{Body, ChunkedDecoder, Field, HeadParser, Limits, Status};

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
pub unsafe extern "C" fn tb_rust_native_http1_pipeline(
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

/// One head fed to a `HeadParser` one more byte per call: its length when it completes there.
fn drip(head: &[u8], fields: &mut [Field]) -> Option<usize> {
    let limits = Limits::default();
    let mut parser = HeadParser::default();
    for len in 1..=head.len() {
        match parser.resume(&head[..len], &limits, fields) {
            Ok(Status::Partial) => {}
            Ok(Status::Complete(req)) if len == head.len() => return Some(req.head_length),
            _ => return None,
        }
    }
    None
}

/// Resumes `head[..len]` byte by byte `iterations` times: the head length found by the last
/// run, 0 when a run did not end exactly at the head's last byte.
///
/// # Safety
/// Readable `head[..len]`.
#[no_mangle]
pub unsafe extern "C" fn tb_rust_native_http1_drip(
    head: *const u8,
    len: usize,
    iterations: u64,
) -> usize {
    // SAFETY: the caller's contract gives readable `head[..len]`.
    let Some(head) = (unsafe { slices::input(head, len) }) else {
        return 0;
    };
    let mut fields = [Field::default(); 100];
    let mut found = 0;
    for _ in 0..iterations {
        found = drip(black_box(head), &mut fields).unwrap_or(0);
        black_box(&mut fields);
    }
    found
}
