/* The record kind of contract: a component whose one operation parses an input into a record of
 * named fields, each a byte string (a URI's scheme, host, port, path...), or refuses it. Which
 * fields there are, what each holds and when one is absent is the component's spec; its header
 * names this table tb_<comp>_api. The drivers compare records field by field, so that where two
 * implementations follow different standards each difference has a field's name (`twinbench
 * survey` lists them). The ffi crates share its Rust mirror and getter (tb_ffi_support::record). */
#ifndef TWINBENCH_RECORD_H
#define TWINBENCH_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "twinbench/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where parse gives the record's fields, the caller's. */
typedef struct tb_record_sink {
  void *context; /* the caller's, passed back to field */
  /* One field: `name` a NUL-terminated string of printable ASCII without spaces that lives as
   * long as the implementation (each name at most once per record), its value
   * value[0..value_len) (which may be NULL when value_len is 0), read before field returns.
   * Fields come in the order the spec fixes, the same on every call: the conformance vectors
   * check it; the diff compares fields by name. */
  void (*field)(void *context, const char *name, const uint8_t *value, size_t value_len);
} tb_record_sink;

typedef struct tb_record_api {
  const char *name; /* the implementation's name in its corpora/<comp>/component.json */
  /* Parses in[0..len): TB_OK after giving each field the record has to sink->field; otherwise
   * an error (the caller then ignores any field given). NULL with a nonzero length, a NULL sink
   * or a sink whose field is NULL is TB_ERR_INVALID_ARGUMENT, with no field given. */
  tb_status (*parse)(const uint8_t *in, size_t len, const tb_record_sink *sink);
} tb_record_api;

#ifdef __cplusplus
}

#include <string>
#include <utility>
#include <vector>

namespace twinbench {

/* A record as the drivers hold it: the status, and for TB_OK the fields in the order given. */
struct Record {
  tb_status status = TB_OK;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string broken; /* how the call broke the sink's rules ("" when it did not) */
  bool operator==(const Record &) const = default;
};

/* api.parse on in[0..len), collected. */
inline Record parse_record(const tb_record_api &api, const uint8_t *in, size_t len) {
  Record r;
  const tb_record_sink sink = {
      &r, [](void *context, const char *name, const uint8_t *value, size_t value_len) {
        Record &out = *static_cast<Record *>(context);
        if (name == nullptr || *name == '\0') {
          out.broken = "a field without a name";
          return;
        }
        for (const char *c = name; *c != '\0'; c++) {
          if (*c < 0x21 || *c > 0x7e) { // logs and divergence lines split on whitespace
            out.broken = "a field name with a space or a byte that is not printable ASCII";
            return;
          }
        }
        if (value == nullptr && value_len != 0) {
          out.broken = std::string("field ") + name + ": NULL with a length";
          return;
        }
        for (const auto &[seen, v] : out.fields) {
          if (seen == name) out.broken = std::string("field ") + name + " given twice";
        }
        out.fields.emplace_back(
            name, value_len ? std::string(reinterpret_cast<const char *>(value), value_len)
                            : std::string());
      }};
  r.status = api.parse(in, len, &sink);
  if (r.status != TB_OK) r.fields.clear();
  return r;
}

} // namespace twinbench
#endif
#endif
