//! The Rust twin of scaffold, written to docs/components/scaffold.md with the C twin's
//! algorithm. Safe Rust: the ffi crate (targets_rust/ffi/scaffold) puts it behind the C ABI.
#![forbid(unsafe_code)]

/// Why a call failed (the spec's errors; the ffi maps them to `tb_status` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    OutputTooSmall,
}

/// Copies `input` to the front of `out`; returns the number of bytes written.
pub fn copy(input: &[u8], out: &mut [u8]) -> Result<usize, Error> {
    let dest = out.get_mut(..input.len()).ok_or(Error::OutputTooSmall)?;
    dest.copy_from_slice(input);
    Ok(input.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_into_a_large_enough_buffer() {
        let mut out = [0u8; 4];
        assert_eq!(copy(b"abc", &mut out), Ok(3));
        assert_eq!(&out[..3], b"abc");
    }

    #[test]
    fn refuses_a_buffer_one_byte_short() {
        assert_eq!(copy(b"abc", &mut [0u8; 2]), Err(Error::OutputTooSmall));
    }
}
