//! The Rust twin of scaffold, written to docs/components/scaffold.md with the C twin's
//! algorithm. Safe Rust: the ffi crate (targets_rust/ffi/scaffold) puts it behind the C ABI.
#![forbid(unsafe_code)]

/// Why a call failed (the spec's errors; the ffi maps them to `tb_status` codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    NulByte,
}

/// The record of `input`: its name, and its value when it holds a ':'.
#[derive(Debug, PartialEq, Eq)]
pub struct Record<'a> {
    pub name: &'a [u8],
    pub value: Option<&'a [u8]>,
}

/// Splits `input` at its first ':'.
pub fn split(input: &[u8]) -> Result<Record<'_>, Error> {
    if input.contains(&0) {
        return Err(Error::NulByte);
    }
    Ok(match input.iter().position(|&b| b == b':') {
        Some(at) => Record {
            name: &input[..at],
            value: Some(&input[at + 1..]),
        },
        None => Record {
            name: input,
            value: None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_the_first_colon() {
        let r = split(b"a:b:c").unwrap();
        assert_eq!((r.name, r.value), (&b"a"[..], Some(&b"b:c"[..])));
    }

    #[test]
    fn without_a_colon_there_is_no_value() {
        assert_eq!(split(b"abc").unwrap().value, None);
    }

    #[test]
    fn refuses_a_nul_byte() {
        assert_eq!(split(b"a\0:b"), Err(Error::NulByte));
    }
}
