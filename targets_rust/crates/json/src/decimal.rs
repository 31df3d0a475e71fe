//! The simple decimal conversion (Nigel Tao's, as in Wuffs and Rust core's `dec2flt::slow` and
//! `dec2flt::decimal`): exact for every input, slow, and only reached when Eisel–Lemire cannot
//! decide. The decimal is `0.d1 d2 d3 ... × 10^point`.

use crate::number::MIN_EXPONENT;
use crate::number::{EXPONENT_SATURATION, INFINITE_POWER, INFINITY_BITS, MANTISSA_BITS};
use crate::pow5_table::{POW5_DIGITS, SHIFT_DIGITS};

/// Digits kept: enough to round any double exactly (767, plus one).
const MAX_DIGITS: usize = 768;
const DECIMAL_POINT_RANGE: i32 = 2047;
/// The largest shift: `digit << shift` plus the carry stays within 64 bits.
const MAX_SHIFT: u32 = 60;
/// By decimal point: the shift that keeps the accumulator from overflowing.
const POWERS: [u8; 19] = [
    0, 3, 6, 9, 13, 16, 19, 23, 26, 29, 33, 36, 39, 43, 46, 49, 53, 56, 59,
];

struct Decimal {
    /// Digits kept in `digits`.
    count: usize,
    /// The value is `0.digits × 10^point`.
    point: i32,
    /// A non-zero digit beyond `MAX_DIGITS` was dropped.
    truncated: bool,
    digits: [u8; MAX_DIGITS],
}

fn shift_for(point: usize) -> u32 {
    POWERS.get(point).map_or(MAX_SHIFT, |&s| s as u32)
}

impl Decimal {
    fn trim(&mut self) {
        while self.count > 0 && self.digits[self.count - 1] == 0 {
            self.count -= 1;
        }
    }

    /// How many digits a left shift by `shift` adds: one fewer when the digits are below
    /// 5^shift's.
    fn new_digits_of_left_shift(&self, shift: u32) -> usize {
        let shift = shift as usize;
        let (added, from) = SHIFT_DIGITS[shift];
        let to = SHIFT_DIGITS[shift + 1].1;
        let added = added as usize;
        for (i, &p5) in POW5_DIGITS[from as usize..to as usize].iter().enumerate() {
            if i >= self.count {
                return added - 1;
            }
            if self.digits[i] != p5 {
                return if self.digits[i] < p5 {
                    added - 1
                } else {
                    added
                };
            }
        }
        added
    }

    /// `self × 2^shift`, `shift <= MAX_SHIFT`.
    fn left_shift(&mut self, shift: u32) {
        if self.count == 0 {
            return;
        }
        let added = self.new_digits_of_left_shift(shift);
        let mut read = self.count;
        let mut write = self.count + added;
        let mut n: u64 = 0;
        while read != 0 {
            read -= 1;
            write -= 1;
            n += (self.digits[read] as u64) << shift;
            let (quotient, remainder) = (n / 10, n % 10);
            if write < MAX_DIGITS {
                self.digits[write] = remainder as u8;
            } else if remainder > 0 {
                self.truncated = true;
            }
            n = quotient;
        }
        while n > 0 {
            write -= 1;
            let (quotient, remainder) = (n / 10, n % 10);
            if write < MAX_DIGITS {
                self.digits[write] = remainder as u8;
            } else if remainder > 0 {
                self.truncated = true;
            }
            n = quotient;
        }
        self.count = (self.count + added).min(MAX_DIGITS);
        self.point += added as i32;
        self.trim();
    }

    /// `self × 2^-shift`, `shift <= MAX_SHIFT`.
    fn right_shift(&mut self, shift: u32) {
        let mut read = 0;
        let mut write = 0;
        let mut n: u64 = 0;
        while n >> shift == 0 {
            if read < self.count {
                n = 10 * n + self.digits[read] as u64;
                read += 1;
            } else if n == 0 {
                return;
            } else {
                while n >> shift == 0 {
                    n *= 10;
                    read += 1;
                }
                break;
            }
        }
        self.point -= read as i32 - 1;
        if self.point < -DECIMAL_POINT_RANGE {
            self.count = 0;
            self.point = 0;
            self.truncated = false;
            return;
        }
        let mask = (1u64 << shift) - 1;
        while read < self.count {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask) + self.digits[read] as u64;
            read += 1;
            self.digits[write] = digit;
            write += 1;
        }
        while n > 0 {
            let digit = (n >> shift) as u8;
            n = 10 * (n & mask);
            if write < MAX_DIGITS {
                self.digits[write] = digit;
                write += 1;
            } else if digit > 0 {
                self.truncated = true;
            }
        }
        self.count = write;
        self.trim();
    }

    /// The integer part, rounded half to even (a dropped non-zero digit breaks a tie upward).
    fn round(&self) -> u64 {
        if self.count == 0 || self.point < 0 {
            return 0;
        }
        if self.point > 18 {
            return u64::MAX;
        }
        let point = self.point as usize;
        let mut n: u64 = 0;
        for i in 0..point {
            n = 10 * n
                + if i < self.count {
                    self.digits[i] as u64
                } else {
                    0
                };
        }
        let mut round_up = false;
        if point < self.count {
            round_up = self.digits[point] >= 5;
            if self.digits[point] == 5 && point + 1 == self.count {
                round_up = self.truncated || (point > 0 && self.digits[point - 1] % 2 == 1);
            }
        }
        n + round_up as u64
    }
}

/// The decimal of a number's text (grammar checked, no sign), its point as i64 (the fraction's
/// leading zeros and the exponent can take it far beyond i32 before the range check).
fn parse_decimal(text: &[u8]) -> (Decimal, i64) {
    let mut d = Decimal {
        count: 0,
        point: 0,
        truncated: false,
        digits: [0; MAX_DIGITS],
    };
    let mut point: i64 = 0;
    let mut all_digits = 0usize;
    let mut in_fraction = false;
    let mut p = 0;
    while p < text.len() {
        let c = text[p];
        if c == b'.' {
            in_fraction = true;
            p += 1;
            continue;
        }
        if c == b'e' || c == b'E' {
            break;
        }
        p += 1;
        if all_digits == 0 && c == b'0' {
            // A leading zero of the fraction moves the point.
            point -= in_fraction as i64;
            continue;
        }
        point += !in_fraction as i64;
        if all_digits < MAX_DIGITS {
            d.digits[all_digits] = c - b'0';
        } else if c != b'0' {
            d.truncated = true;
        }
        all_digits += 1;
    }
    if p < text.len() {
        // At the `e`.
        p += 1;
        let negative = text.get(p) == Some(&b'-');
        if matches!(text.get(p), Some(b'-' | b'+')) {
            p += 1;
        }
        let mut exponent: i64 = 0;
        for &c in &text[p..] {
            if exponent < EXPONENT_SATURATION {
                exponent = exponent * 10 + (c - b'0') as i64;
            }
        }
        point += if negative { -exponent } else { exponent };
    }
    d.count = all_digits.min(MAX_DIGITS);
    d.trim();
    (d, point)
}

/// The bits of the magnitude of a number's text (grammar checked, no sign), correctly rounded;
/// infinity when it rounds beyond DBL_MAX. Rust core's `dec2flt::slow::parse_long_mantissa`.
pub(crate) fn decimal_to_bits(text: &[u8]) -> u64 {
    let (mut d, point) = parse_decimal(text);
    if d.count == 0 || point < -324 {
        return 0;
    }
    if point >= 310 {
        return INFINITY_BITS;
    }
    d.point = point as i32;
    let mut exp2: i32 = 0;
    // Down toward [1/2, 1).
    while d.point > 0 {
        let shift = shift_for(d.point as usize);
        d.right_shift(shift);
        if d.point < -DECIMAL_POINT_RANGE {
            return 0;
        }
        exp2 += shift as i32;
    }
    // Up toward [1/2, 1).
    while d.point <= 0 {
        let shift = if d.point == 0 {
            match d.digits[0] {
                5.. => break,
                0 | 1 => 2,
                _ => 1,
            }
        } else {
            shift_for(d.point.unsigned_abs() as usize)
        };
        d.left_shift(shift);
        if d.point > DECIMAL_POINT_RANGE {
            return INFINITY_BITS;
        }
        exp2 -= shift as i32;
    }
    // From [1/2, 1) to the binary format's [1, 2).
    exp2 -= 1;
    while MIN_EXPONENT + 1 > exp2 {
        let n = ((MIN_EXPONENT + 1 - exp2) as u32).min(MAX_SHIFT);
        d.right_shift(n);
        exp2 += n as i32;
    }
    if exp2 - MIN_EXPONENT >= INFINITE_POWER {
        return INFINITY_BITS;
    }
    d.left_shift(MANTISSA_BITS + 1);
    let mut mantissa = d.round();
    if mantissa >= 1 << (MANTISSA_BITS + 1) {
        // Rounding carried into a new bit.
        d.right_shift(1);
        exp2 += 1;
        mantissa = d.round();
        if exp2 - MIN_EXPONENT >= INFINITE_POWER {
            return INFINITY_BITS;
        }
    }
    let mut power2 = exp2 - MIN_EXPONENT;
    if mantissa < 1 << MANTISSA_BITS {
        power2 -= 1;
    }
    mantissa &= (1 << MANTISSA_BITS) - 1;
    mantissa | (power2 as u64) << MANTISSA_BITS
}
