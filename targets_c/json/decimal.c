/* The simple decimal conversion: exact, slow, and only reached when Eisel–Lemire cannot decide
 * (as in Wuffs and Rust's core::num::dec2flt::slow). The decimal is 0.d1d2d3... × 10^point. */
#include <stdbool.h>
#include <string.h>

#include "number.h"
#include "pow5_table.h"

#define MAX_DIGITS 768
#define DECIMAL_POINT_RANGE 2047
#define MANTISSA_BITS 52
#define MIN_EXPONENT (-1023)
#define INFINITE_POWER 0x7FF

typedef struct decimal {
  size_t count;   /* digits kept */
  int32_t point;  /* the value is 0.digits × 10^point */
  bool truncated; /* a non-zero digit beyond MAX_DIGITS was dropped */
  uint8_t digits[MAX_DIGITS];
} decimal;

static void trim(decimal *d) {
  while (d->count > 0 && d->digits[d->count - 1] == 0) {
    d->count--;
  }
}

/* How many digits a left shift by `shift` adds: one fewer when the digits are below 5^shift's. */
static size_t new_digits_of_left_shift(const decimal *d, unsigned shift) {
  size_t added = tb_json_shift_digits[shift][0];
  const uint8_t *pow5 = tb_json_pow5_digits + tb_json_shift_digits[shift][1];
  size_t pow5_len = (size_t)(tb_json_shift_digits[shift + 1][1] - tb_json_shift_digits[shift][1]);
  for (size_t i = 0; i < pow5_len; i++) {
    if (i >= d->count) {
      return added - 1;
    }
    if (d->digits[i] != pow5[i]) {
      return d->digits[i] < pow5[i] ? added - 1 : added;
    }
  }
  return added;
}

static void left_shift(decimal *d, unsigned shift) {
  if (d->count == 0) {
    return;
  }
  size_t added = new_digits_of_left_shift(d, shift);
  size_t read = d->count, write = d->count + added;
  uint64_t n = 0;
  while (read != 0) {
    n += (uint64_t)d->digits[--read] << shift;
    uint64_t quotient = n / 10, remainder = n - 10 * quotient;
    if (--write < MAX_DIGITS) {
      d->digits[write] = (uint8_t)remainder;
    } else if (remainder > 0) {
      d->truncated = true;
    }
    n = quotient;
  }
  while (n > 0) {
    uint64_t quotient = n / 10, remainder = n - 10 * quotient;
    if (--write < MAX_DIGITS) {
      d->digits[write] = (uint8_t)remainder;
    } else if (remainder > 0) {
      d->truncated = true;
    }
    n = quotient;
  }
  d->count += added;
  if (d->count > MAX_DIGITS) {
    d->count = MAX_DIGITS;
  }
  d->point += (int32_t)added;
  trim(d);
}

static void right_shift(decimal *d, unsigned shift) {
  size_t read = 0, write = 0;
  uint64_t n = 0;
  while ((n >> shift) == 0) {
    if (read < d->count) {
      n = 10 * n + d->digits[read++];
    } else if (n == 0) {
      return;
    } else {
      while ((n >> shift) == 0) {
        n *= 10;
        read++;
      }
      break;
    }
  }
  d->point -= (int32_t)read - 1;
  if (d->point < -DECIMAL_POINT_RANGE) {
    d->count = 0;
    d->point = 0;
    d->truncated = false;
    return;
  }
  const uint64_t mask = (UINT64_C(1) << shift) - 1;
  while (read < d->count) {
    uint8_t digit = (uint8_t)(n >> shift);
    n = 10 * (n & mask) + d->digits[read++];
    d->digits[write++] = digit;
  }
  while (n > 0) {
    uint8_t digit = (uint8_t)(n >> shift);
    n = 10 * (n & mask);
    if (write < MAX_DIGITS) {
      d->digits[write++] = digit;
    } else if (digit > 0) {
      d->truncated = true;
    }
  }
  d->count = write;
  trim(d);
}

/* The integer part, rounded half to even (a dropped non-zero digit breaks the tie upward). */
static uint64_t round_to_integer(const decimal *d) {
  if (d->count == 0 || d->point < 0) {
    return 0;
  }
  if (d->point > 18) {
    return UINT64_MAX;
  }
  size_t point = (size_t)d->point;
  uint64_t n = 0;
  for (size_t i = 0; i < point; i++) {
    n = 10 * n + (i < d->count ? d->digits[i] : 0);
  }
  bool round_up = false;
  if (point < d->count) {
    round_up = d->digits[point] >= 5;
    if (d->digits[point] == 5 && point + 1 == d->count) {
      round_up = d->truncated || (point > 0 && d->digits[point - 1] % 2 == 1);
    }
  }
  return n + round_up;
}

/* Shift amounts that keep a 64-bit accumulator from overflowing, by decimal point. */
static unsigned shift_for(size_t point) {
  static const uint8_t powers[19] = {0,  3,  6,  9,  13, 16, 19, 23, 26, 29,
                                     33, 36, 39, 43, 46, 49, 53, 56, 59};
  return point < 19 ? powers[point] : TB_JSON_MAX_SHIFT;
}

static void parse_decimal(const uint8_t *text, size_t len, decimal *d) {
  size_t p = text[0] == '-';
  int64_t point = 0;
  bool seen_nonzero = false, in_fraction = false;
  size_t all_digits = 0;
  for (; p < len; p++) {
    uint8_t c = text[p];
    if (c == '.') {
      in_fraction = true;
      continue;
    }
    if ((c | 0x20) == 'e') {
      break;
    }
    if (!seen_nonzero && c == '0') {
      point -= in_fraction; /* a leading zero of the fraction moves the point */
      continue;
    }
    seen_nonzero = true;
    point += !in_fraction;
    if (all_digits < MAX_DIGITS) {
      d->digits[all_digits] = (uint8_t)(c - '0');
    } else if (c != '0') {
      d->truncated = true;
    }
    all_digits++;
  }
  int64_t exponent = 0;
  if (p < len) { /* at 'e' */
    p++;
    bool negative = text[p] == '-';
    p += text[p] == '-' || text[p] == '+';
    for (; p < len; p++) {
      if (exponent < TB_JSON_EXPONENT_SATURATION) {
        exponent = exponent * 10 + (text[p] - '0');
      }
    }
    point += negative ? -exponent : exponent;
  }
  d->count = all_digits < MAX_DIGITS ? all_digits : MAX_DIGITS;
  trim(d);
  /* Beyond these the value is 0 or infinite; clamping keeps the 32-bit point meaningful. */
  d->point = point > 1000 ? 1000 : point < -1000 ? -1000 : (int32_t)point;
}

uint64_t tb_json_decimal_to_bits(const uint8_t *text, size_t len) {
  decimal d;
  d.count = 0;
  d.truncated = false;
  parse_decimal(text, len, &d);
  if (d.count == 0 || d.point < -324) {
    return 0;
  }
  if (d.point >= 310) {
    return TB_JSON_INFINITY_BITS;
  }
  int32_t exp2 = 0;
  while (d.point > 0) { /* down toward [1/2, 1) */
    unsigned shift = shift_for((size_t)d.point);
    right_shift(&d, shift);
    if (d.point < -DECIMAL_POINT_RANGE) {
      return 0;
    }
    exp2 += (int32_t)shift;
  }
  while (d.point <= 0) { /* up toward [1/2, 1) */
    unsigned shift;
    if (d.point == 0) {
      if (d.digits[0] >= 5) {
        break;
      }
      shift = d.digits[0] < 2 ? 2 : 1;
    } else {
      shift = shift_for((size_t)-d.point);
    }
    left_shift(&d, shift);
    if (d.point > DECIMAL_POINT_RANGE) {
      return TB_JSON_INFINITY_BITS;
    }
    exp2 -= (int32_t)shift;
  }
  exp2--; /* [1/2, 1) to the binary format's [1, 2) */
  while (MIN_EXPONENT + 1 > exp2) {
    int32_t n = MIN_EXPONENT + 1 - exp2;
    if (n > TB_JSON_MAX_SHIFT) {
      n = TB_JSON_MAX_SHIFT;
    }
    right_shift(&d, (unsigned)n);
    exp2 += n;
  }
  if (exp2 - MIN_EXPONENT >= INFINITE_POWER) {
    return TB_JSON_INFINITY_BITS;
  }
  left_shift(&d, MANTISSA_BITS + 1);
  uint64_t mantissa = round_to_integer(&d);
  if (mantissa >= (UINT64_C(1) << (MANTISSA_BITS + 1))) { /* rounding carried into a new bit */
    right_shift(&d, 1);
    exp2++;
    mantissa = round_to_integer(&d);
    if (exp2 - MIN_EXPONENT >= INFINITE_POWER) {
      return TB_JSON_INFINITY_BITS;
    }
  }
  int32_t power2 = exp2 - MIN_EXPONENT;
  if (mantissa < (UINT64_C(1) << MANTISSA_BITS)) {
    power2--;
  }
  mantissa &= (UINT64_C(1) << MANTISSA_BITS) - 1;
  return mantissa | (uint64_t)power2 << MANTISSA_BITS;
}
