/* The json C twin's numbers (docs/components/json.md, "Numbers"): private to targets_c/json. */
#ifndef TB_C_JSON_NUMBER_H
#define TB_C_JSON_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

/* Scans the number that starts at in[*pos] ('-' or a digit) and writes its two tape words.
 * On success *pos is the first byte after it; on TB_ERR_JSON_BAD_NUMBER, *error_offset. */
tb_status tb_json_number(const uint8_t *in, size_t len, size_t *pos, uint64_t *words,
                         size_t *error_offset);

/* The simple decimal conversion of a number's text (grammar already checked): the IEEE-754 bits
 * of its magnitude, correctly rounded; 0x7FF0000000000000 when it rounds beyond DBL_MAX. */
uint64_t tb_json_decimal_to_bits(const uint8_t *text, size_t len);

/* The exponent's digits accumulate while it is below this; later ones are read and ignored. */
#define TB_JSON_EXPONENT_SATURATION (INT64_C(1) << 48)
#define TB_JSON_INFINITY_BITS UINT64_C(0x7FF0000000000000)

#endif
