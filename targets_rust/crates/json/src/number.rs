//! Numbers: the RFC 8259 grammar, exact integers, and doubles correctly rounded by Clinger's
//! fast path, Eisel–Lemire, and the simple decimal conversion (decimal.rs) behind them.
//! Spec: docs/components/json.md, "Numbers: one algorithm in both twins".

use crate::pow5_table::{LARGEST_POWER_OF_FIVE, POW5_128, SMALLEST_POWER_OF_FIVE};
use crate::{decimal, Error, ErrorKind, DOUBLE, INT64, UINT64};

pub(crate) const MANTISSA_BITS: u32 = 52;
pub(crate) const MIN_EXPONENT: i32 = -1023;
pub(crate) const INFINITE_POWER: i32 = 0x7FF;
pub(crate) const INFINITY_BITS: u64 = 0x7FF0_0000_0000_0000;
/// The exponent's digits accumulate while it is below this; later ones are read and ignored.
pub(crate) const EXPONENT_SATURATION: i64 = 1 << 48;

/// 10^0 ..= 10^22, every one exact in a double.
#[rustfmt::skip]
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

#[inline]
fn bad(offset: usize) -> Error {
    Error::at(ErrorKind::BadNumber, offset)
}

#[inline]
fn digit_at(input: &[u8], p: usize) -> Option<u64> {
    match input.get(p) {
        Some(&c @ b'0'..=b'9') => Some((c - b'0') as u64),
        _ => None,
    }
}

/// The number that starts at `input[start]` (`-` or a digit): the position after it, its tag
/// (INT64, UINT64 or DOUBLE) and the value word.
pub(crate) fn parse_number(input: &[u8], start: usize) -> Result<(usize, u8, u64), Error> {
    let negative = input.get(start) == Some(&b'-');
    let mut p = start + negative as usize;
    let int_start = p;
    // All digits, wrapping beyond 19; then only the digit counts are used.
    let mut w: u64 = 0;
    match digit_at(input, p) {
        Some(0) => {
            p += 1;
            if digit_at(input, p).is_some() {
                return Err(bad(p));
            }
        }
        Some(_) => {
            while let Some(d) = digit_at(input, p) {
                w = w.wrapping_mul(10).wrapping_add(d);
                p += 1;
            }
        }
        None => return Err(bad(p)),
    }
    let int_digits = p - int_start;
    let mut integer = true;
    let mut frac_start = p;
    let mut frac_digits = 0;
    if input.get(p) == Some(&b'.') {
        integer = false;
        p += 1;
        frac_start = p;
        while let Some(d) = digit_at(input, p) {
            w = w.wrapping_mul(10).wrapping_add(d);
            p += 1;
        }
        frac_digits = p - frac_start;
        if frac_digits == 0 {
            return Err(bad(p));
        }
    }
    let mut exponent: i64 = 0;
    if let Some(b'e' | b'E') = input.get(p) {
        integer = false;
        p += 1;
        let exponent_negative = match input.get(p) {
            Some(b'-') => {
                p += 1;
                true
            }
            Some(b'+') => {
                p += 1;
                false
            }
            _ => false,
        };
        if digit_at(input, p).is_none() {
            return Err(bad(p));
        }
        while let Some(d) = digit_at(input, p) {
            if exponent < EXPONENT_SATURATION {
                exponent = exponent * 10 + d as i64;
            }
            p += 1;
        }
        if exponent_negative {
            exponent = -exponent;
        }
    }

    if integer && int_digits <= 20 {
        // Exact integers: INT64 in [-2^63, 2^63 - 1], UINT64 above; -0 and the rest are doubles.
        let magnitude = if int_digits == 20 {
            exact_integer(&input[int_start..p])
        } else {
            Some(w)
        };
        if let Some(m) = magnitude {
            if !negative {
                return Ok((p, if m > i64::MAX as u64 { UINT64 } else { INT64 }, m));
            }
            if m != 0 && m <= 1 << 63 {
                return Ok((p, INT64, m.wrapping_neg()));
            }
        }
    }

    // Significant digits: without the leading zeros (a lone integer 0 and the fraction's
    // first zeros).
    let mut leading_zeros = 0;
    if input[int_start] == b'0' {
        leading_zeros = 1;
        while leading_zeros - 1 < frac_digits && input[frac_start + leading_zeros - 1] == b'0' {
            leading_zeros += 1;
        }
    }
    let significant = int_digits + frac_digits - leading_zeros;
    let mut q = exponent - frac_digits as i64;
    let many = significant > 19;
    if many {
        w = first_19_digits(&input[int_start..p]);
        q += (significant - 19) as i64;
    }
    let (bits, _) = magnitude_bits(w, q, many, &input[int_start..p]);
    if bits == INFINITY_BITS {
        return Err(bad(start));
    }
    Ok((p, DOUBLE, bits | (negative as u64) << 63))
}

/// A 20-digit integer's value, when it fits 64 bits.
fn exact_integer(digits: &[u8]) -> Option<u64> {
    digits.iter().try_fold(0u64, |v, &c| {
        v.checked_mul(10)?.checked_add((c - b'0') as u64)
    })
}

/// The first 19 significant digits of a number's text (integer part, `.`, fraction) that has
/// more than 19 of them.
fn first_19_digits(text: &[u8]) -> u64 {
    let mut w = 0;
    let mut taken = 0;
    for &c in text {
        if taken == 19 {
            break;
        }
        if c.is_ascii_digit() && (taken > 0 || c != b'0') {
            w = w * 10 + (c - b'0') as u64;
            taken += 1;
        }
    }
    w
}

/// Which step of the double conversion gave the result (for the tests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    Zero,
    Clinger,
    EiselLemire,
    Decimal,
}

/// The bits of the magnitude of `w × 10^q`, where `w` holds the first 19 significant digits of
/// `text` (the number without its sign) and `many` says more were dropped; infinity when it
/// rounds beyond DBL_MAX.
pub(crate) fn magnitude_bits(w: u64, q: i64, many: bool, text: &[u8]) -> (u64, Path) {
    if w == 0 {
        return (0, Path::Zero);
    }
    if !many && w <= 1 << 53 && (-22..=22).contains(&q) {
        // One correctly rounded IEEE operation on exact operands.
        let v = w as f64;
        let v = if q < 0 {
            v / EXACT_POWERS_OF_TEN[q.unsigned_abs() as usize]
        } else {
            v * EXACT_POWERS_OF_TEN[q as usize]
        };
        return (v.to_bits(), Path::Clinger);
    }
    if let Some(bits) = eisel_lemire(w, q) {
        if !many || eisel_lemire(w + 1, q) == Some(bits) {
            return (bits, Path::EiselLemire);
        }
    }
    (decimal::decimal_to_bits(text), Path::Decimal)
}

/// floor(log2(10^q)) + 63 for q in [-342, 308] (Lemire 2021).
#[inline]
fn power_of_two_of_ten(q: i32) -> i32 {
    (q.wrapping_mul(152_170 + 65536) >> 16) + 63
}

/// Eisel–Lemire for `w × 10^q`, `w != 0` (Rust core's `dec2flt::lemire::compute_float` for
/// f64): the double's bits (0 below the table, infinity above), or `None` when the 128-bit
/// product cannot decide the rounding.
pub(crate) fn eisel_lemire(w: u64, q: i64) -> Option<u64> {
    if w == 0 || q < SMALLEST_POWER_OF_FIVE {
        return Some(0);
    }
    if q > LARGEST_POWER_OF_FIVE {
        return Some(INFINITY_BITS);
    }
    let lz = w.leading_zeros();
    let w = w << lz;
    // The table's first word is the high one.
    let (pow5_hi, pow5_lo) = POW5_128[(q - SMALLEST_POWER_OF_FIVE) as usize];
    let first = w as u128 * pow5_hi as u128;
    let (mut lo, mut hi) = (first as u64, (first >> 64) as u64);
    const PRECISION_MASK: u64 = u64::MAX >> (MANTISSA_BITS + 3);
    if hi & PRECISION_MASK == PRECISION_MASK {
        // hi <= 2^64 - 2 (a product of two 64-bit words), so the carry cannot overflow.
        let second_hi = ((w as u128 * pow5_lo as u128) >> 64) as u64;
        lo = lo.wrapping_add(second_hi);
        if second_hi > lo {
            hi += 1;
        }
    }
    if lo == u64::MAX && !(-27..=55).contains(&q) {
        return None;
    }
    let upperbit = (hi >> 63) as i32;
    let shift = upperbit + 64 - MANTISSA_BITS as i32 - 3;
    let mut mantissa = hi >> shift;
    let mut power2 = power_of_two_of_ten(q as i32) + upperbit - lz as i32 - MIN_EXPONENT;
    if power2 <= 0 {
        // Subnormal, or zero.
        if -power2 + 1 >= 64 {
            return Some(0);
        }
        mantissa >>= -power2 + 1;
        mantissa += mantissa & 1;
        mantissa >>= 1;
        let power2 = (mantissa >= 1 << MANTISSA_BITS) as u64;
        return Some(mantissa | power2 << MANTISSA_BITS);
    }
    // Exactly halfway with an even result below: round down (only when 5^q is exact).
    if lo <= 1 && (-4..=23).contains(&q) && mantissa & 3 == 1 && mantissa << shift == hi {
        mantissa &= !1;
    }
    mantissa += mantissa & 1;
    mantissa >>= 1;
    if mantissa >= 2 << MANTISSA_BITS {
        mantissa = 1 << MANTISSA_BITS;
        power2 += 1;
    }
    mantissa &= !(1 << MANTISSA_BITS);
    if power2 >= INFINITE_POWER {
        return Some(INFINITY_BITS);
    }
    Some(mantissa | (power2 as u64) << MANTISSA_BITS)
}
