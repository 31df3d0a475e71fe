//! What every ffi crate shares: the status codes, the one place where a C pointer and length
//! become a slice, and the decoder and record contracts' tables and getters.

pub mod decoder;
pub mod record;
pub mod slices;

/// The codes of harness/include/twinbench/status.h, generated from its `TB_STATUS_LIST`.
pub mod status {
    include!(concat!(env!("OUT_DIR"), "/status.rs"));
}
