//! Byte classes of RFC 9110 §5.6 and RFC 3986 (spec: "Vocabulary").

use crate::ErrorKind;

pub const CR: u8 = b'\r';
pub const LF: u8 = b'\n';

const fn table(bytes: &[u8], value: u8) -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = value;
        k += 1;
    }
    t
}

const TCHAR: [u8; 256] = table(
    b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    1,
);

pub const TARGET_CHAR: u8 = 1;
pub const TARGET_PERCENT: u8 = 2;
/// Request-target bytes: TARGET_CHAR, or TARGET_PERCENT for '%' (two HEXDIG must follow).
pub const TARGET: [u8; 256] = {
    let mut t = table(
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?[]",
        TARGET_CHAR,
    );
    t[b'%' as usize] = TARGET_PERCENT;
    t
};

#[inline]
pub fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize] != 0
}

#[inline]
pub fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

#[inline]
pub fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        _ => match b | 0x20 {
            l @ b'a'..=b'f' => Some(l - b'a' + 10),
            _ => None,
        },
    }
}

/// A field-value byte that ends the value: a control byte other than HTAB (CR, LF included), DEL.
#[inline]
pub fn ends_value(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

/// Where a byte stops a token or a value: a LF there has no CR before it.
#[inline]
pub fn bad(b: u8, otherwise: ErrorKind) -> ErrorKind {
    if b == LF {
        ErrorKind::BareLf
    } else {
        otherwise
    }
}

/// Case-insensitive match of a token against a lowercase name (tchars only, so |0x20 is safe).
#[inline]
pub fn name_is(name: &[u8], lower: &[u8]) -> bool {
    name.len() == lower.len() && name.iter().zip(lower).all(|(&b, &l)| b | 0x20 == l)
}
