/* Numbers: the grammar, exact integers, Clinger's fast path and Eisel–Lemire, with the simple
 * decimal conversion (decimal.c) behind them. Spec: docs/components/json.md, "Numbers". */
#include "number.h"

#include <stdbool.h>
#include <string.h>

#include "pow5_table.h"
#include "twinbench/json.h"

#define MANTISSA_BITS 52
#define MIN_EXPONENT (-1023)
#define INFINITE_POWER 0x7FF

__extension__ typedef unsigned __int128 uint128; /* clang and GCC: the 64x64->128 multiply */

static inline bool is_digit(uint8_t c) { return (uint8_t)(c - '0') < 10; }

static inline uint64_t word(unsigned tag, uint64_t payload) {
  return (uint64_t)tag << 56 | payload;
}

/* floor(log2(10^q)) + 63, exact for |q| <= 1400 (Lemire 2021). */
static inline int32_t power_of_two_of_ten(int32_t q) { return ((q * (152170 + 65536)) >> 16) + 63; }

/* Eisel–Lemire for w × 10^q, w != 0: the double's bits, or false when the 128-bit product cannot
 * decide the rounding. Out of range gives 0 or the infinity bits. */
static bool eisel_lemire(uint64_t w, int64_t q, uint64_t *bits) {
  if (q < TB_JSON_SMALLEST_POWER_OF_FIVE) {
    *bits = 0;
    return true;
  }
  if (q > TB_JSON_LARGEST_POWER_OF_FIVE) {
    *bits = TB_JSON_INFINITY_BITS;
    return true;
  }
  int lz = __builtin_clzll(w);
  w <<= lz;
  const uint64_t *pow5 = tb_json_pow5_128[q - TB_JSON_SMALLEST_POWER_OF_FIVE];
  uint128 first = (uint128)w * pow5[0];
  uint64_t lo = (uint64_t)first, hi = (uint64_t)(first >> 64);
  const uint64_t precision_mask = UINT64_MAX >> (MANTISSA_BITS + 3);
  if ((hi & precision_mask) == precision_mask) {
    uint64_t second_hi = (uint64_t)(((uint128)w * pow5[1]) >> 64);
    lo += second_hi;
    if (second_hi > lo) {
      hi++;
    }
  }
  if (lo == UINT64_MAX && (q < -27 || q > 55)) {
    return false;
  }
  int upperbit = (int)(hi >> 63);
  int shift = upperbit + 64 - MANTISSA_BITS - 3;
  uint64_t mantissa = hi >> shift;
  int32_t power2 = power_of_two_of_ten((int32_t)q) + upperbit - lz - MIN_EXPONENT;
  if (power2 <= 0) { /* subnormal, or zero */
    if (-power2 + 1 >= 64) {
      *bits = 0;
      return true;
    }
    mantissa >>= -power2 + 1;
    mantissa += mantissa & 1;
    mantissa >>= 1;
    power2 = mantissa >= (UINT64_C(1) << MANTISSA_BITS);
    *bits = mantissa | (uint64_t)power2 << MANTISSA_BITS;
    return true;
  }
  /* Exactly halfway with an even result below: round down (only possible when 5^q is exact). */
  if (lo <= 1 && q >= -4 && q <= 23 && (mantissa & 3) == 1 && (mantissa << shift) == hi) {
    mantissa &= ~UINT64_C(1);
  }
  mantissa += mantissa & 1;
  mantissa >>= 1;
  if (mantissa >= (UINT64_C(2) << MANTISSA_BITS)) {
    mantissa = UINT64_C(1) << MANTISSA_BITS;
    power2++;
  }
  mantissa &= ~(UINT64_C(1) << MANTISSA_BITS);
  *bits = power2 >= INFINITE_POWER ? TB_JSON_INFINITY_BITS
                                   : mantissa | (uint64_t)power2 << MANTISSA_BITS;
  return true;
}

static const double exact_powers_of_ten[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The magnitude of w × 10^q (w: the first 19 significant digits, many: more were dropped). */
static uint64_t magnitude_bits(uint64_t w, int64_t q, bool many, const uint8_t *text,
                               size_t text_len) {
  if (w == 0) {
    return 0;
  }
  if (!many && w <= (UINT64_C(1) << 53) && q >= -22 && q <= 22) { /* one exact IEEE operation */
    double v = (double)w;
    v = q < 0 ? v / exact_powers_of_ten[-q] : v * exact_powers_of_ten[q];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    return bits;
  }
  uint64_t bits, bits_above;
  if (eisel_lemire(w, q, &bits) &&
      (!many || (eisel_lemire(w + 1, q, &bits_above) && bits_above == bits))) {
    return bits;
  }
  return tb_json_decimal_to_bits(text, text_len);
}

tb_status tb_json_number(const uint8_t *in, size_t len, size_t *pos, uint64_t *words,
                         size_t *error_offset) {
  const size_t start = *pos;
  size_t p = start;
  const bool negative = in[p] == '-';
  p += negative;
  if (p == len || !is_digit(in[p])) {
    *error_offset = p;
    return TB_ERR_JSON_BAD_NUMBER;
  }
  const size_t int_start = p;
  uint64_t w = 0; /* wraps beyond 19 digits; then only the digit counts are used */
  if (in[p] == '0') {
    p++;
    if (p < len && is_digit(in[p])) {
      *error_offset = p;
      return TB_ERR_JSON_BAD_NUMBER;
    }
  } else {
    while (p < len && is_digit(in[p])) {
      w = w * 10 + (uint64_t)(in[p++] - '0');
    }
  }
  const size_t int_digits = p - int_start;
  size_t frac_start = p, frac_digits = 0;
  bool integer = true;
  if (p < len && in[p] == '.') {
    integer = false;
    frac_start = ++p;
    while (p < len && is_digit(in[p])) {
      w = w * 10 + (uint64_t)(in[p++] - '0');
    }
    frac_digits = p - frac_start;
    if (frac_digits == 0) {
      *error_offset = p;
      return TB_ERR_JSON_BAD_NUMBER;
    }
  }
  int64_t exponent = 0;
  if (p < len && (in[p] | 0x20) == 'e') {
    integer = false;
    p++;
    bool exponent_negative = false;
    if (p < len && (in[p] == '+' || in[p] == '-')) {
      exponent_negative = in[p++] == '-';
    }
    if (p == len || !is_digit(in[p])) {
      *error_offset = p;
      return TB_ERR_JSON_BAD_NUMBER;
    }
    while (p < len && is_digit(in[p])) {
      if (exponent < TB_JSON_EXPONENT_SATURATION) {
        exponent = exponent * 10 + (in[p] - '0');
      }
      p++;
    }
    if (exponent_negative) {
      exponent = -exponent;
    }
  }
  *pos = p;

  if (integer && int_digits <= 20) {
    bool fits = true;
    if (int_digits == 20) { /* w wrapped: redo it with overflow checks */
      w = 0;
      for (size_t i = int_start; i < p && fits; i++) {
        fits = !__builtin_mul_overflow(w, 10, &w) && !__builtin_add_overflow(w, in[i] - '0', &w);
      }
    }
    if (fits && !negative) {
      words[0] = word(w > INT64_MAX ? TB_JSON_UINT64 : TB_JSON_INT64, 0);
      words[1] = w;
      return TB_OK;
    }
    if (fits && w != 0 && w <= (UINT64_C(1) << 63)) {
      words[0] = word(TB_JSON_INT64, 0);
      words[1] = ~w + 1; /* two's complement of the magnitude; 2^63 is INT64_MIN */
      return TB_OK;
    } /* -0 keeps its sign as a double; out-of-range integers become doubles */
  }

  /* Significant digits: drop the leading zeros (a lone integer "0" and the fraction's first 0s). */
  size_t leading_zeros = 0;
  if (in[int_start] == '0') {
    leading_zeros = 1;
    while (leading_zeros - 1 < frac_digits && in[frac_start + leading_zeros - 1] == '0') {
      leading_zeros++;
    }
  }
  const size_t significant = int_digits + frac_digits - leading_zeros;
  int64_t q = exponent - (int64_t)frac_digits;
  const bool many = significant > 19;
  if (many) { /* w = the first 19 significant digits */
    w = 0;
    size_t taken = 0;
    for (size_t i = int_start + (in[int_start] == '0'); taken < 19; i++) {
      if (is_digit(in[i]) && (taken > 0 || in[i] != '0')) {
        w = w * 10 + (uint64_t)(in[i] - '0');
        taken++;
      }
    }
    q += (int64_t)(significant - 19);
  }
  uint64_t bits = magnitude_bits(w, q, many, in + start, p - start);
  if (bits == TB_JSON_INFINITY_BITS) {
    *error_offset = start;
    return TB_ERR_JSON_BAD_NUMBER;
  }
  words[0] = word(TB_JSON_DOUBLE, 0);
  words[1] = bits | (uint64_t)negative << 63;
  return TB_OK;
}
