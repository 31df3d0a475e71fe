//! The one Rust staticlib linked into every twinbench binary: each Rust twin (and the Rust
//! baselines) behind the C ABI declared in harness/include/twinbench/. All `unsafe` in the
//! Rust side of twinbench lives in this crate; the component crates forbid it.

mod base64;
mod baseline_httparse;
mod baseline_serde_json;
mod baselines;
mod http1;
mod json;
mod ringbuf;
mod slices;
pub mod status;
