// http1 fuzz driver. Spec: docs/components/http1.md
//   one twin: parse the input as a head (default and tight limits) and check what the spec
//             promises of the result; every prefix must say need-more or give the same answer,
//             and so must the head resumed in pieces;
//             decode the input as a chunked body in one call, byte by byte and in other
//             pieces: data, status and offsets must not depend on the split.
//   diff:     every implementation on the same calls: every field of every result must agree.
#include <algorithm>
#include <cstring>
#include <vector>

#include "driver.h"
#include "twinbench/http1.h"
#include "twinbench/implementations.h"

namespace twinbench::fuzz {
namespace {

constexpr tb_http1_limits default_limits = TB_HTTP1_DEFAULT_LIMITS;
constexpr tb_http1_limits tight_limits = {4, 128, 32, 16};

struct Parsed {
  tb_status status = TB_OK;
  size_t offset = 0;
  tb_http1_request req{};
  std::vector<tb_http1_field> fields;

  bool operator==(const Parsed &o) const {
    return status == o.status && offset == o.offset && std::memcmp(&req, &o.req, sizeof req) == 0 &&
           fields.size() == o.fields.size() &&
           (fields.empty() || std::memcmp(fields.data(), o.fields.data(),
                                          fields.size() * sizeof(tb_http1_field)) == 0);
  }
  std::string describe() const {
    std::string s = tb_status_name(status);
    if (status != TB_OK) return s + "@" + std::to_string(offset);
    s += " head=" + std::to_string(req.head_length) + " fields=" + std::to_string(fields.size()) +
         " body=" + std::to_string(req.body) + ":" + std::to_string(req.content_length) +
         " form=" + std::to_string(req.target_form);
    for (const auto &f : fields) {
      s += " " + std::to_string(f.name.offset) + "+" + std::to_string(f.name.length) + "=" +
           std::to_string(f.value.offset) + "+" + std::to_string(f.value.length);
    }
    return s;
  }
};

Parsed parse(const tb_http1_api &api, const uint8_t *data, size_t size,
             const tb_http1_limits &limits) {
  Parsed p;
  Caller<tb_http1_field> fields(limits.max_fields, "the fields");
  p.status =
      api.parse_request(data, size, &limits, &p.req, fields.data(), fields.size(), &p.offset);
  if (p.status == TB_OK) {
    p.fields = fields.first(p.req.field_count);
  } else {
    p.req = {}; // unspecified on anything but success
  }
  return p;
}

// The contract's fields_cap >= max_fields is checked, not trusted: an array one short is
// TB_ERR_OUTPUT_TOO_SMALL (and the guarded array shows any write past it). The status of a parse
// into one (TB_OK without a call when max_fields is 0: no array is short of none).
tb_status parse_one_field_short(const tb_http1_api &api, const uint8_t *data, size_t size,
                                const tb_http1_limits &limits) {
  if (limits.max_fields == 0) return TB_OK;
  Caller<tb_http1_field> fields(limits.max_fields - 1, "the fields, one short");
  tb_http1_request req{};
  size_t offset = 0;
  return api.parse_request(data, size, &limits, &req, fields.data(), fields.size(), &offset);
}

// resume_request fed `piece` more bytes each call, with one head, until a result other than
// need-more (or the input ends).
Parsed resume(const tb_http1_api &api, const uint8_t *data, size_t size,
              const tb_http1_limits &limits, size_t piece) {
  Parsed p;
  Caller<tb_http1_field> fields(limits.max_fields, "the fields");
  tb_http1_head head{};
  size_t len = 0;
  do {
    len = std::min(len + piece, size);
    p.status = api.resume_request(&head, data, len, &limits, &p.req, fields.data(), fields.size(),
                                  &p.offset);
  } while (p.status == TB_NEED_MORE && len < size);
  if (p.status == TB_OK) {
    p.fields = fields.first(p.req.field_count);
  } else {
    p.req = {}; // unspecified on anything but success
  }
  return p;
}

struct Decoded {
  tb_status status = TB_NEED_MORE;
  size_t offset = 0;
  size_t consumed = 0;
  std::vector<uint8_t> data;

  bool operator==(const Decoded &) const = default;
  std::string describe() const {
    return std::string(tb_status_name(status)) + "@" + std::to_string(offset) +
           " consumed=" + std::to_string(consumed) + " data=" + hex(data.data(), data.size());
  }
};

// Feeds the input in pieces of `piece` bytes (0: one call) until a result other than need-more.
Decoded decode(const tb_http1_api &api, const uint8_t *data, size_t size, size_t piece,
               const tb_http1_limits &limits) {
  Decoded d;
  tb_http1_chunked state;
  if (api.chunked_init(&state, &limits) != TB_OK) violation("http1", "chunked_init failed");
  Caller<uint8_t> out(size, "the chunked output");
  do {
    size_t n = piece == 0 ? size - d.consumed : std::min(piece, size - d.consumed);
    size_t consumed = 0, written = 0;
    d.status = api.chunked_decode(&state, data + d.consumed, n, out.data(), n, &consumed, &written,
                                  &d.offset);
    const std::vector<uint8_t> part = out.first(written);
    d.data.insert(d.data.end(), part.begin(), part.end());
    d.consumed += consumed;
  } while (d.status == TB_NEED_MORE && d.consumed < size);
  if (d.status != TB_OK && d.status != TB_NEED_MORE) d.consumed = 0; // the offset says where
  return d;
}

#if defined(TB_FUZZ_DIFF)

std::string span(const tb_http1_span &s) {
  return std::to_string(s.offset) + "+" + std::to_string(s.length);
}

std::vector<Value> flatten(const Parsed &p, const std::string &where) {
  const tb_http1_request &r = p.req;
  std::vector<Value> v = {
      {"parse.status", "status", where, tb_status_name(p.status)},
      {"parse.offset", "offset", where, std::to_string(p.offset)},
      {"request.method", "span", where, span(r.method)},
      {"request.target", "span", where, span(r.target)},
      {"request.version_minor", "number", where, std::to_string(r.version_minor)},
      {"request.target_form", "enum", where, std::to_string(r.target_form)},
      {"request.body", "enum", where, std::to_string(r.body)},
      {"request.reserved", "number", where, std::to_string(r.reserved)},
      {"request.field_count", "count", where, std::to_string(r.field_count)},
      {"request.head_length", "length", where, std::to_string(r.head_length)},
      {"request.reserved2", "number", where, std::to_string(r.reserved2)},
      {"request.content_length", "length", where, std::to_string(r.content_length)}};
  for (size_t i = 0; i < p.fields.size(); i++) {
    const std::string at = "fields[" + std::to_string(i) + "] " + where;
    v.push_back({"fields.name", "span", at, span(p.fields[i].name)});
    v.push_back({"fields.value", "span", at, span(p.fields[i].value)});
  }
  return v;
}

std::vector<Value> flatten(const Decoded &d, const std::string &where) {
  return {{"chunked.status", "status", where, tb_status_name(d.status)},
          {"chunked.offset", "offset", where, std::to_string(d.offset)},
          {"chunked.consumed", "length", where, std::to_string(d.consumed)},
          {"chunked.data", "bytes", where, hex(d.data)}};
}

void compare(const std::vector<const tb_http1_api *> &impls, const uint8_t *data, size_t size) {
  for (const auto *limits : {&default_limits, &tight_limits}) {
    const std::string which = limits == &default_limits ? "default-limits" : "tight-limits";
    compare_all(
        "http1", impls, [&](const tb_http1_api &api) { return parse(api, data, size, *limits); },
        [&](const Parsed &p) { return flatten(p, which); });
    compare_all(
        "http1", impls,
        [&](const tb_http1_api &api) { return parse_one_field_short(api, data, size, *limits); },
        [&](tb_status st) {
          return std::vector<Value>{
              {"parse_one_field_short.status", "status", which, tb_status_name(st)}};
        });
    compare_all(
        "http1", impls,
        [&](const tb_http1_api &api) { return resume(api, data, size, *limits, 1); },
        [&](const Parsed &p) { return flatten(p, "resumed byte by byte " + which); });
    for (size_t piece : {size_t{0}, size_t{1}}) {
      const std::string where = "pieces=" + std::to_string(piece) + " " + which;
      compare_all(
          "http1", impls,
          [&](const tb_http1_api &api) { return decode(api, data, size, piece, *limits); },
          [&](const Decoded &d) { return flatten(d, where); });
    }
  }
}

#else

bool is_tchar(uint8_t b) {
  return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') ||
         std::strchr("!#$%&'*+-.^_`|~", b) != nullptr && b != 0;
}

// What the spec promises about a successful parse.
void check_head(const uint8_t *data, size_t size, const Parsed &p, const tb_http1_limits &lim) {
  const auto &r = p.req;
  auto fail = [&](const std::string &what) { violation("http1", what + ": " + p.describe()); };
  if (r.head_length > size || r.head_length > lim.max_head_bytes) fail("head past the input");
  if (r.head_length < 4 || data[r.head_length - 1] != '\n' || data[r.head_length - 2] != '\r' ||
      data[r.head_length - 3] != '\n' || data[r.head_length - 4] != '\r') {
    fail("head does not end in an empty line");
  }
  if (r.method.length == 0 || r.target.length == 0 || r.target.length > lim.max_target_bytes) {
    fail("empty method or target, or target over the limit");
  }
  for (uint32_t k = 0; k < r.method.length; k++) {
    if (!is_tchar(data[r.method.offset + k])) fail("method byte not a tchar");
  }
  if (data[r.target.offset - 1] != ' ' || data[r.target.offset + r.target.length] != ' ') {
    fail("target not between single spaces");
  }
  if (r.version_minor > 1 || r.target_form > TB_HTTP1_ASTERISK_FORM ||
      r.body > TB_HTTP1_BODY_CHUNKED || (r.body != TB_HTTP1_BODY_LENGTH && r.content_length)) {
    fail("version, form or body out of range");
  }
  if (p.fields.size() > lim.max_fields) fail("more fields than the limit");
  for (const auto &f : p.fields) {
    if (f.name.length == 0 || data[f.name.offset + f.name.length] != ':') fail("field name");
    for (uint32_t k = 0; k < f.name.length; k++) {
      if (!is_tchar(data[f.name.offset + k])) fail("field name byte not a tchar");
    }
    uint32_t end = f.value.offset + f.value.length;
    if (end > r.head_length) fail("field value past the head");
    for (uint32_t k = f.value.offset; k < end; k++) {
      uint8_t b = data[k];
      if ((b < 0x20 && b != '\t') || b == 0x7f) fail("control byte in a field value");
    }
    if (f.value.length > 0 && (data[f.value.offset] == ' ' || data[f.value.offset] == '\t' ||
                               data[end - 1] == ' ' || data[end - 1] == '\t')) {
      fail("field value not trimmed");
    }
  }
}

void check_parse(const tb_http1_api &api, const uint8_t *data, size_t size,
                 const tb_http1_limits &lim) {
  Parsed whole = parse(api, data, size, lim);
  if (whole.status == TB_OK) check_head(data, size, whole, lim);
  if (const tb_status st = parse_one_field_short(api, data, size, lim);
      lim.max_fields > 0 && st != TB_ERR_OUTPUT_TOO_SMALL) {
    violation("http1", std::string("parse with max_fields - 1 fields said ") + tb_status_name(st));
  }
  if (whole.status == TB_NEED_MORE && whole.offset != 0)
    violation("http1", "need-more with offset");
  if (whole.status != TB_OK && whole.status != TB_NEED_MORE && whole.offset >= size &&
      whole.status != TB_ERR_HTTP_HEAD_TOO_LARGE) {
    violation("http1", "error offset past the input: " + whole.describe());
  }
  // Prefix consistency: every prefix (a sample of them for long inputs).
  size_t step = size <= 256 ? 1 : size / 128;
  for (size_t n = 0; n < size; n += step) {
    Parsed part = parse(api, data, n, lim);
    if (part.status != TB_NEED_MORE && !(part == whole)) {
      violation("http1", "prefix of " + std::to_string(n) + " bytes says " + part.describe() +
                             ", the whole input " + whole.describe());
    }
  }
  // Resumed in pieces, one head throughout: the whole input's answer.
  for (size_t piece : {size_t{1}, size_t{3}, size_t{64}}) {
    Parsed resumed = resume(api, data, size, lim, piece);
    if (!(resumed == whole)) {
      violation("http1", "resumed in pieces of " + std::to_string(piece) + " gives " +
                             resumed.describe() + ", one call " + whole.describe());
    }
  }
}

void check_chunked(const tb_http1_api &api, const uint8_t *data, size_t size,
                   const tb_http1_limits &lim) {
  Decoded whole = decode(api, data, size, 0, lim);
  bool failed = whole.status != TB_OK && whole.status != TB_NEED_MORE;
  if (whole.consumed > size || whole.data.size() > (failed ? whole.offset : whole.consumed)) {
    violation("http1", "chunked consumed/written out of range: " + whole.describe());
  }
  if (failed && whole.offset >= size) {
    violation("http1", "chunked error offset past the input: " + whole.describe());
  }
  for (size_t piece : {size_t{1}, size_t{2}, size_t{7}, size_t{64}}) {
    Decoded split = decode(api, data, size, piece, lim);
    if (!(split == whole)) {
      violation("http1", "pieces of " + std::to_string(piece) + " give " + split.describe() +
                             ", one call " + whole.describe());
    }
  }
}

#endif

} // namespace
} // namespace twinbench::fuzz

TB_DECLARE_IMPLEMENTATIONS(http1)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  static const std::vector<const tb_http1_api *> impls = TB_IMPLEMENTATIONS(http1);
#if defined(TB_FUZZ_DIFF)
  twinbench::fuzz::compare(impls, data, size);
#else
  for (const auto *limits : {&twinbench::fuzz::default_limits, &twinbench::fuzz::tight_limits}) {
    twinbench::fuzz::check_parse(*impls[0], data, size, *limits);
    twinbench::fuzz::check_chunked(*impls[0], data, size, *limits);
  }
#endif
  return 0;
}
