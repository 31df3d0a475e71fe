/* yajl 2.1 (Debian: libyajl-dev) as a C baseline of the json benchmark: yajl_tree_parse into
 * its tree of yajl_val nodes, yajl_tree_free. yajl_tree_parse takes a NUL-terminated string,
 * so the prepared input is a copy with a NUL after it (inputs holding a NUL are refused). */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include "twinbench/json.h"

static void *prepare(const uint8_t *in, size_t len) {
  if (len && memchr(in, 0, len) != NULL) return NULL;
  char *text = malloc(len + 1);
  if (text == NULL) return NULL;
  if (len) memcpy(text, in, len);
  text[len] = 0;
  return text;
}

static int32_t parse(void *prep) {
  char error[128];
  yajl_val root = yajl_tree_parse(prep, error, sizeof error);
  if (root == NULL) return 1;
  yajl_tree_free(root);
  return 0;
}

typedef struct walk {
  tb_json_counts *counts;
  double *values;
  size_t values_cap;
} walk;

/* The benchmark documents nest a few levels deep. */
static void count_value(walk *w, yajl_val v) {
  tb_json_counts *c = w->counts;
  if (v == NULL) {
    c->failed = 1;
    return;
  }
  switch (v->type) {
  case yajl_t_false: c->falses++; break;
  case yajl_t_true: c->trues++; break;
  case yajl_t_null: c->nulls++; break;
  case yajl_t_number:
    /* yajl keeps strtod's double and, when the text is an integer in range, the long long. */
    if (!(v->u.number.flags & YAJL_NUMBER_DOUBLE_VALID)) c->failed = 1;
    if (v->u.number.flags & YAJL_NUMBER_INT_VALID) c->integers++;
    if (c->numbers < w->values_cap) w->values[c->numbers] = v->u.number.d;
    c->numbers++;
    break;
  case yajl_t_string:
    c->strings++;
    c->string_bytes += strlen(v->u.string);
    break;
  case yajl_t_array:
    c->arrays++;
    for (size_t i = 0; i < v->u.array.len; i++) count_value(w, v->u.array.values[i]);
    break;
  case yajl_t_object:
    c->objects++;
    for (size_t i = 0; i < v->u.object.len; i++) {
      c->strings++;
      c->string_bytes += strlen(v->u.object.keys[i]);
      count_value(w, v->u.object.values[i]);
    }
    break;
  default: c->failed = 1;
  }
}

static void count(void *prep, double *values, size_t values_cap, tb_json_counts *counts) {
  memset(counts, 0, sizeof *counts);
  counts->integers_known = 1;
  char error[128];
  yajl_val root = yajl_tree_parse(prep, error, sizeof error);
  if (root == NULL) {
    counts->failed = 1;
    return;
  }
  walk w = {counts, values, values_cap};
  count_value(&w, root);
  yajl_tree_free(root);
}

static void release(void *prep) { free(prep); }

static const tb_json_baseline_api api = {"yajl", 1, prepare, parse, count, release};

const tb_json_baseline_api *tb_json_yajl(void) { return &api; }
