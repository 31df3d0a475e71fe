//! base64 (RFC 4648 §4 and §5) twin: strict, canonical decoding with byte offsets, encoding
//! into caller buffers, no allocation. Spec: docs/components/base64.md.
// Safe Rust, but for the seeded bugs whose mistake is an `unsafe` shortcut (docs/bugs.md): only
// their builds relax `forbid` to `deny`, which the bug's own site overrides.
#![cfg_attr(not(feature = "bug-base64-fast-loop-overread"), forbid(unsafe_code))]
#![cfg_attr(feature = "bug-base64-fast-loop-overread", deny(unsafe_code))]

mod decode;
mod encode;
mod tables;

pub use decode::{decode, decoded_max_len};
pub use encode::{encode, encoded_len};

/// Which 64-character alphabet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    /// RFC 4648 §4: `+` and `/`.
    Standard,
    /// RFC 4648 §5: `-` and `_`.
    UrlSafe,
}

/// How to encode and what decoding accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    pub alphabet: Alphabet,
    /// Encode pads with `=`; decode requires exactly that padding (and forbids it if false).
    pub pad: bool,
    /// Decode skips TAB, LF, FF, CR and SPACE anywhere (MIME-style input).
    pub skip_whitespace: bool,
}

impl Config {
    pub const STANDARD: Config = Config {
        alphabet: Alphabet::Standard,
        pad: true,
        skip_whitespace: false,
    };
    pub const URL_SAFE_NO_PAD: Config = Config {
        alphabet: Alphabet::UrlSafe,
        pad: false,
        skip_whitespace: false,
    };
}

/// Why encoding or decoding failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    OutputTooSmall,
    Overflow,
    InvalidByte,
    BadPadding,
    TrailingBits,
    Truncated,
}

/// An error and the offset of the first bad input byte (the input length when it ended early).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub offset: usize,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} at byte {}", self.kind, self.offset)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(input: &[u8], config: Config) -> String {
        let mut out = vec![0; encoded_len(input.len(), config.pad).unwrap()];
        let n = encode(input, &mut out, config).unwrap();
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    fn dec(input: &str, config: Config) -> Result<Vec<u8>, Error> {
        let mut out = vec![0; decoded_max_len(input.len())];
        decode(input.as_bytes(), &mut out, config).map(|n| out[..n].to_vec())
    }

    #[test]
    fn rfc4648_section10_vectors_round_trip() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(enc(plain.as_bytes(), Config::STANDARD), encoded);
            assert_eq!(dec(encoded, Config::STANDARD).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn errors_name_the_first_bad_byte() {
        let err = |kind, offset| Err(Error { kind, offset });
        assert_eq!(
            dec("Zm9v!A==", Config::STANDARD),
            err(ErrorKind::InvalidByte, 4)
        );
        assert_eq!(
            dec("Zh==", Config::STANDARD),
            err(ErrorKind::TrailingBits, 1)
        );
        assert_eq!(dec("Zg=", Config::STANDARD), err(ErrorKind::BadPadding, 3));
        assert_eq!(dec("Zg", Config::URL_SAFE_NO_PAD), Ok(b"f".to_vec()));
        assert_eq!(
            dec("Zg==", Config::URL_SAFE_NO_PAD),
            err(ErrorKind::BadPadding, 2)
        );
        assert_eq!(
            dec("Zm9vY", Config::URL_SAFE_NO_PAD),
            err(ErrorKind::Truncated, 4)
        );
    }

    #[test]
    fn encoded_len_reports_overflow_instead_of_wrapping() {
        assert_eq!(encoded_len(usize::MAX, true), None);
        assert_eq!(
            encoded_len(usize::MAX / 4 * 3, false),
            Some(usize::MAX / 4 * 4)
        );
    }
}
