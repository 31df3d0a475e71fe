//! The httparse crate (Debian: librust-httparse-dev) as the Rust baseline of the http1
//! benchmark: the loop a server built on httparse runs over pipelined requests — parse a head,
//! find the body's framing in its fields, skip or de-chunk the body (httparse::parse_chunk_size).

use std::ffi::c_char;
use tb_ffi_support::slices;

/// Mirror of `tb_http1_pipeline_result` (harness/include/twinbench/http1.h).
#[repr(C)]
pub struct TbHttp1PipelineResult {
    pub requests: usize,
    pub fields: usize,
    pub body_bytes: usize,
    pub failed: i32,
}

/// Mirror of `tb_http1_baseline_api`.
#[repr(C)]
pub struct TbHttp1BaselineApi {
    pub name: *const c_char,
    pub pipeline: unsafe extern "C" fn(
        buf: *const u8,
        len: usize,
        scratch: *mut u8,
        cap: usize,
        result: *mut TbHttp1PipelineResult,
    ),
}

// SAFETY: the table is immutable and its name points to a static C string.
unsafe impl Sync for TbHttp1BaselineApi {}

/// Body framing from the fields, as an httparse user decides it.
enum Framing {
    None,
    Length(usize),
    Chunked,
}

fn framing(headers: &[httparse::Header]) -> Option<Framing> {
    let mut framing = Framing::None;
    for h in headers {
        if h.name.eq_ignore_ascii_case("content-length") {
            let n = std::str::from_utf8(h.value).ok()?.parse().ok()?;
            framing = Framing::Length(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            framing = Framing::Chunked;
        }
    }
    Some(framing)
}

/// Copies a chunked body's data into `scratch`; returns the bytes it took and the data length.
fn dechunk(buf: &[u8], scratch: &mut [u8]) -> Option<(usize, usize)> {
    let (mut pos, mut written) = (0, 0);
    loop {
        let httparse::Status::Complete((line, size)) =
            httparse::parse_chunk_size(&buf[pos..]).ok()?
        else {
            return None;
        };
        pos += line;
        let size = usize::try_from(size).ok()?;
        if size == 0 {
            // No trailer fields in the benchmark input: the empty line ends the body.
            return buf[pos..]
                .starts_with(b"\r\n")
                .then_some((pos + 2, written));
        }
        let data = buf.get(pos..pos + size)?;
        scratch[written..written + size].copy_from_slice(data);
        written += size;
        pos += size;
        if !buf[pos..].starts_with(b"\r\n") {
            return None;
        }
        pos += 2;
    }
}

fn pipeline(buf: &[u8], scratch: &mut [u8], result: &mut TbHttp1PipelineResult) -> Option<()> {
    let mut headers = [httparse::EMPTY_HEADER; 100];
    let mut pos = 0;
    while pos < buf.len() {
        let mut req = httparse::Request::new(&mut headers);
        let httparse::Status::Complete(head) = req.parse(&buf[pos..]).ok()? else {
            return None;
        };
        result.requests += 1;
        result.fields += req.headers.len();
        let framing = framing(req.headers)?;
        pos += head;
        match framing {
            Framing::None => {}
            Framing::Length(n) => {
                scratch[..n].copy_from_slice(buf.get(pos..pos + n)?);
                result.body_bytes += n;
                pos += n;
            }
            Framing::Chunked => {
                let (used, data) = dechunk(&buf[pos..], scratch)?;
                result.body_bytes += data;
                pos += used;
            }
        }
    }
    Some(())
}

/// # Safety
/// `buf[..len]` readable, `scratch[..cap]` writable and disjoint, `cap >= len`, `result` valid.
unsafe extern "C" fn run_pipeline(
    buf: *const u8,
    len: usize,
    scratch: *mut u8,
    cap: usize,
    result: *mut TbHttp1PipelineResult,
) {
    // SAFETY: the caller's contract: a valid, exclusive result.
    let result = unsafe { &mut *result };
    *result = TbHttp1PipelineResult {
        requests: 0,
        fields: 0,
        body_bytes: 0,
        failed: 1,
    };
    // SAFETY: the caller's contract gives readable `buf[..len]`, writable disjoint `scratch[..cap]`.
    let (Some(buf), Some(scratch)) = (unsafe { slices::input(buf, len) }, unsafe {
        slices::output(scratch, cap)
    }) else {
        return;
    };
    if scratch.len() >= buf.len() && pipeline(buf, scratch, result).is_some() {
        result.failed = 0;
    }
}

static HTTPARSE: TbHttp1BaselineApi = TbHttp1BaselineApi {
    name: c"httparse".as_ptr(),
    pipeline: run_pipeline,
};

#[no_mangle]
pub extern "C" fn tb_http1_httparse() -> &'static TbHttp1BaselineApi {
    &HTTPARSE
}
