/* cJSON 1.7 (Debian: libcjson-dev) as a C baseline of the json benchmark: cJSON_ParseWithLength
 * into its tree of cJSON nodes, cJSON_Delete. Numbers are kept as doubles only (valuedouble,
 * from strtod), so cJSON cannot say which were integers. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "twinbench/json.h"

typedef struct prepared {
  char *text;
  size_t len;
} prepared;

static void *prepare(const uint8_t *in, size_t len) {
  prepared *p = malloc(sizeof *p);
  char *text = malloc(len ? len : 1);
  if (p == NULL || text == NULL) {
    free(p);
    free(text);
    return NULL;
  }
  if (len) memcpy(text, in, len);
  p->text = text;
  p->len = len;
  return p;
}

static int32_t parse(void *prep) {
  prepared *p = prep;
  cJSON *root = cJSON_ParseWithLength(p->text, p->len);
  if (root == NULL) return 1;
  cJSON_Delete(root);
  return 0;
}

typedef struct walk {
  tb_json_counts *counts;
  double *values;
  size_t values_cap;
} walk;

/* The benchmark documents nest a few levels deep; cJSON itself stops at 1000. */
static void count_item(walk *w, const cJSON *item) {
  tb_json_counts *c = w->counts;
  switch (item->type & 0xFF) {
  case cJSON_False: c->falses++; break;
  case cJSON_True: c->trues++; break;
  case cJSON_NULL: c->nulls++; break;
  case cJSON_Number:
    if (c->numbers < w->values_cap) w->values[c->numbers] = item->valuedouble;
    c->numbers++;
    break;
  case cJSON_String:
    c->strings++;
    c->string_bytes += strlen(item->valuestring);
    break;
  case cJSON_Array:
    c->arrays++;
    for (const cJSON *e = item->child; e != NULL; e = e->next) count_item(w, e);
    break;
  case cJSON_Object:
    c->objects++;
    for (const cJSON *e = item->child; e != NULL; e = e->next) {
      c->strings++;
      c->string_bytes += strlen(e->string);
      count_item(w, e);
    }
    break;
  default: c->failed = 1; /* cJSON_Raw or cJSON_Invalid: not from a parse */
  }
}

static void count(void *prep, double *values, size_t values_cap, tb_json_counts *counts) {
  prepared *p = prep;
  memset(counts, 0, sizeof *counts);
  cJSON *root = cJSON_ParseWithLength(p->text, p->len);
  if (root == NULL) {
    counts->failed = 1;
    return;
  }
  walk w = {counts, values, values_cap};
  count_item(&w, root);
  cJSON_Delete(root);
}

static void release(void *prep) {
  prepared *p = prep;
  if (p) free(p->text);
  free(p);
}

static const tb_json_baseline_api api = {"cjson", 1, prepare, parse, count, release};

const tb_json_baseline_api *tb_json_cjson(void) { return &api; }
