// base64 fuzz driver. Spec: docs/components/base64.md
//   one twin: decode the input in every mode; whatever decodes must re-encode to exactly the
//             significant input (strict decoding accepts only canonical text), errors must
//             point inside the input; encode the input in every mode and decode it back.
//   diff:     every implementation, every mode, encode and decode: status, offset and bytes
//             must agree.
#include <vector>

#include "driver.h"
#include "twinbench/base64.h"
#include "twinbench/implementations.h"

namespace twinbench::fuzz {
namespace {

bool is_ws(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

struct Decoded {
  tb_status status;
  size_t offset;
  std::vector<uint8_t> bytes;
  bool operator==(const Decoded &) const = default;
};

Decoded decode(const tb_base64_api &api, const uint8_t *data, size_t size, uint32_t flags) {
  Caller<uint8_t> out(api.decoded_max_len(size), "the decode output");
  size_t written = 0, offset = 0;
  tb_status st = api.decode(data, size, out.data(), out.size(), flags, &written, &offset);
  return {st, offset, out.first(written)};
}

// The contract's precondition, out_cap >= decoded_max_len(in_len), is checked, not trusted: one
// byte less is TB_ERR_OUTPUT_TOO_SMALL (and the guarded buffer shows any write past it). The
// status of a decode into a buffer one byte short (TB_OK, without a call, for an input that
// decodes to nothing: no buffer is short of none).
tb_status decode_one_short(const tb_base64_api &api, const uint8_t *data, size_t size,
                           uint32_t flags) {
  const size_t need = api.decoded_max_len(size);
  if (need == 0) return TB_OK;
  Caller<uint8_t> out(need - 1, "the decode output, one byte short");
  size_t written = 0, offset = 0;
  return api.decode(data, size, out.data(), out.size(), flags, &written, &offset);
}

struct Encoded {
  tb_status status;
  std::vector<uint8_t> text;
  bool operator==(const Encoded &) const = default;
};

Encoded encode(const tb_base64_api &api, const uint8_t *data, size_t size, uint32_t flags) {
  size_t len = 0, written = 0;
  if (tb_status st = api.encoded_len(size, flags, &len); st != TB_OK) return {st, {}};
  Caller<uint8_t> out(len, "the encode output");
  tb_status st = api.encode(data, size, out.data(), out.size(), flags, &written);
  return {st, out.first(written)};
}

std::string mode(uint32_t flags) { return "flags=" + std::to_string(flags); }

// "std", "url+pad+ws": the mode as a name without spaces, for divergence fields.
std::string mode_name(uint32_t flags) {
  std::string name = flags & TB_BASE64_URL ? "url" : "std";
  if (flags & TB_BASE64_PAD) name += "+pad";
  if (flags & TB_BASE64_SKIP_WS) name += "+ws";
  return name;
}

#if defined(TB_FUZZ_DIFF)

void compare(const std::vector<const tb_base64_api *> &impls, const uint8_t *data, size_t size,
             uint32_t flags) {
  // The mode is part of the field: a bug in URL-safe decoding is not one in padded decoding.
  const std::string decoding = "decode(" + mode_name(flags) + ")",
                    encoding = "encode(" + mode_name(flags) + ")";
  compare_all(
      "base64", impls, [&](const tb_base64_api &api) { return decode(api, data, size, flags); },
      [&](const Decoded &d) {
        return std::vector<Value>{{decoding + ".status", "status", "", tb_status_name(d.status)},
                                  {decoding + ".offset", "offset", "", std::to_string(d.offset)},
                                  {decoding + ".output", "bytes", "", hex(d.bytes)}};
      });
  compare_all(
      "base64", impls,
      [&](const tb_base64_api &api) { return decode_one_short(api, data, size, flags); },
      [&](tb_status st) {
        return std::vector<Value>{
            {decoding + ".one_short.status", "status", "", tb_status_name(st)}};
      });
  compare_all(
      "base64", impls, [&](const tb_base64_api &api) { return encode(api, data, size, flags); },
      [&](const Encoded &e) {
        return std::vector<Value>{{encoding + ".status", "status", "", tb_status_name(e.status)},
                                  {encoding + ".output", "bytes", "", hex(e.text)}};
      });
}

#else

void check_decode(const tb_base64_api &api, const uint8_t *data, size_t size, uint32_t flags) {
  if (const tb_status st = decode_one_short(api, data, size, flags);
      api.decoded_max_len(size) > 0 && st != TB_ERR_OUTPUT_TOO_SMALL) {
    violation("base64", std::string("decode into decoded_max_len - 1 bytes said ") +
                            tb_status_name(st) + ", " + mode(flags));
  }
  Decoded d = decode(api, data, size, flags);
  const bool skip_ws = flags & TB_BASE64_SKIP_WS;
  switch (d.status) {
  case TB_OK: {
    if (d.offset != 0) violation("base64", "error offset set on success, " + mode(flags));
    std::vector<uint8_t> significant;
    for (size_t i = 0; i < size; i++) {
      if (!(skip_ws && is_ws(data[i]))) significant.push_back(data[i]);
    }
    Encoded again = encode(api, d.bytes.data(), d.bytes.size(), flags);
    if (again.status != TB_OK || again.text != significant) {
      violation("base64", "accepted non-canonical input " + hex(data, size) + " " + mode(flags) +
                              " (re-encodes to " + hex(again.text.data(), again.text.size()) + ")");
    }
    break;
  }
  case TB_ERR_INVALID_BYTE:
    if (d.offset >= size || data[d.offset] == '=' || (skip_ws && is_ws(data[d.offset]))) {
      violation("base64", "invalid-byte at a valid position " + std::to_string(d.offset));
    }
    break;
  case TB_ERR_TRAILING_BITS:
  case TB_ERR_TRUNCATED:
    if (d.offset >= size) violation("base64", "error offset past the input, " + mode(flags));
    break;
  case TB_ERR_BAD_PADDING:
    if (d.offset > size) violation("base64", "error offset past the input, " + mode(flags));
    break;
  default: violation("base64", std::string("unexpected status ") + tb_status_name(d.status));
  }
}

void check_encode(const tb_base64_api &api, const uint8_t *data, size_t size, uint32_t flags) {
  Encoded e = encode(api, data, size, flags);
  if (e.status != TB_OK) violation("base64", "encode failed: " + mode(flags));
  const char *alphabet = flags & TB_BASE64_URL ? "-_" : "+/";
  for (uint8_t ch : e.text) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == alphabet[0] || ch == alphabet[1] || (ch == '=' && (flags & TB_BASE64_PAD));
    if (!ok) violation("base64", "encode emitted byte " + hex(&ch, 1) + " " + mode(flags));
  }
  Decoded back = decode(api, e.text.data(), e.text.size(), flags);
  if (back.status != TB_OK || back.bytes != std::vector<uint8_t>(data, data + size)) {
    violation("base64", "round trip failed for " + hex(data, size) + " " + mode(flags));
  }
}

#endif

} // namespace
} // namespace twinbench::fuzz

TB_DECLARE_IMPLEMENTATIONS(base64)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const twinbench::fuzz::CurrentInput input(data, size);
  static const std::vector<const tb_base64_api *> impls = TB_IMPLEMENTATIONS(base64);
  for (uint32_t flags = 0; flags <= TB_BASE64_ALL_FLAGS; flags++) {
#if defined(TB_FUZZ_DIFF)
    twinbench::fuzz::compare(impls, data, size, flags);
#else
    twinbench::fuzz::check_decode(*impls[0], data, size, flags);
    twinbench::fuzz::check_encode(*impls[0], data, size, flags);
#endif
  }
  return 0;
}
