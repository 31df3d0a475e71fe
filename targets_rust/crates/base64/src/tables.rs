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

/// Encode: 12 bits -> their two characters, the first in the low byte (two lookups per 3 bytes
/// instead of four).
const fn pair_table(alphabet: &[u8; 64]) -> [u16; 4096] {
    let mut table = [0u16; 4096];
    let mut i = 0;
    while i < 4096 {
        table[i] = alphabet[i >> 6] as u16 | (alphabet[i & 63] as u16) << 8;
        i += 1;
    }
    table
}

pub const STANDARD_PAIRS: [u16; 4096] = pair_table(STANDARD);
pub const URL_SAFE_PAIRS: [u16; 4096] = pair_table(URL_SAFE);

/// Decode, the fast loops: a byte's 6-bit value already shifted to its place among a quantum's
/// 24 bits, one table per place, or `BAD` (modp_b64's technique): a quantum is the OR of four
/// lookups, and one test of the ORs of many quanta finds anything special.
pub const BAD: u32 = 0x0100_0000;

pub type Placed = [[u32; 256]; 4];

const fn placed_tables(alphabet: &[u8; 64]) -> Placed {
    let values = decode_table(alphabet);
    let mut tables = [[0u32; 256]; 4];
    let mut place = 0;
    while place < 4 {
        let mut c = 0;
        while c < 256 {
            tables[place][c] = if values[c] == SPECIAL {
                BAD
            } else {
                (values[c] as u32) << (18 - 6 * place)
            };
            c += 1;
        }
        place += 1;
    }
    tables
}

pub const STANDARD_PLACED: Placed = placed_tables(STANDARD);
pub const URL_SAFE_PLACED: Placed = placed_tables(URL_SAFE);

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

pub fn pairs_for(a: crate::Alphabet) -> &'static [u16; 4096] {
    match a {
        crate::Alphabet::Standard => &STANDARD_PAIRS,
        crate::Alphabet::UrlSafe => &URL_SAFE_PAIRS,
    }
}

pub fn placed_for(a: crate::Alphabet) -> &'static Placed {
    match a {
        crate::Alphabet::Standard => &STANDARD_PLACED,
        crate::Alphabet::UrlSafe => &URL_SAFE_PLACED,
    }
}
