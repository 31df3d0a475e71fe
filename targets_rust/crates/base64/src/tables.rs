//! The alphabets and their decode tables, built at compile time.

/// Decode-table value of every byte outside the alphabet (`=` and whitespace included).
pub const SPECIAL: u8 = 0x80;

pub const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const fn decode_table(alphabet: &[u8; 64]) -> [u8; 256] {
    let mut table = [SPECIAL; 256];
    let mut i = 0;
    while i < 64 {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
}

pub const STANDARD_DECODE: [u8; 256] = decode_table(STANDARD);
pub const URL_SAFE_DECODE: [u8; 256] = decode_table(URL_SAFE);

pub fn alphabet(a: crate::Alphabet) -> &'static [u8; 64] {
    match a {
        crate::Alphabet::Standard => STANDARD,
        crate::Alphabet::UrlSafe => URL_SAFE,
    }
}

pub fn decode_table_for(a: crate::Alphabet) -> &'static [u8; 256] {
    match a {
        crate::Alphabet::Standard => &STANDARD_DECODE,
        crate::Alphabet::UrlSafe => &URL_SAFE_DECODE,
    }
}
