// The conformance vectors of decompressors (inflate, brotli), one line each:
//   <component> <capacity or -> <input, hex> <result> [<output, hex>]
//               [<impl>=<result> [<output, hex> when the result is ok]]...
// Capacity "-" is 1 MiB; "" is no bytes. `<impl>=<result>`: that implementation is known to
// give this instead (a documented difference in the spec), checked exactly, so the test fails
// the day the library changes.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "twinbench/status.h"
#include "vector_file.h"

namespace twinbench::test {

inline std::vector<uint8_t> bytes_of_hex(const Token &t, const VectorLine &v) {
  if (t.quoted && t.text.empty()) return {};
  if (t.text.size() % 2 != 0) throw std::runtime_error(v.where() + ": odd-length hex");
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < t.text.size(); i += 2) {
    bytes.push_back(static_cast<uint8_t>(std::stoul(t.text.substr(i, 2), nullptr, 16)));
  }
  return bytes;
}

// "ok <escaped output>" or the status name, of one implementation on `in`.
template <typename Api>
std::string decompressed(const Api &api, const std::vector<uint8_t> &in, size_t cap,
                         const std::string &where) {
  std::vector<uint8_t> out(cap + 1, 0xAA); // one guard byte past the capacity
  size_t written = 99;
  const tb_status st = api.decode(in.data(), in.size(), out.data(), cap, &written);
  EXPECT_EQ(out[cap], 0xAA) << where << ": wrote past out_cap";
  if (st != TB_OK) {
    EXPECT_EQ(written, 0u) << where;
    return tb_status_name(st);
  }
  return "ok " + escaped(out.data(), written);
}

template <typename Api>
std::string run_decompress_vector(const char *comp, const Api &api, const VectorLine &v) {
  const auto &t = v.tokens;
  if (t.size() < 4 || t[0].text != comp) throw std::runtime_error(v.where() + ": bad vector");
  const size_t cap = t[1].text == "-" ? size_t{1} << 20 : std::stoul(t[1].text);
  return decompressed(api, bytes_of_hex(t[2], v), cap, v.where());
}

// The spec's result for this implementation.
template <typename Api> std::string expected_decompress(const Api &api, const VectorLine &v) {
  const auto &t = v.tokens;
  const bool ok = t[3].text == "ok";
  for (size_t i = ok ? 5 : 4; i < t.size(); i++) {
    const auto eq = t[i].text.find('=');
    if (eq == std::string::npos) throw std::runtime_error(v.where() + ": expected <impl>=<result>");
    const std::string result = t[i].text.substr(eq + 1);
    const bool with_output = result == "ok";
    if (t[i].text.substr(0, eq) == api.name) {
      if (!with_output) return result;
      const auto out = bytes_of_hex(t.at(i + 1), v);
      return "ok " + escaped(out.data(), out.size());
    }
    if (with_output) i++; // its output
  }
  if (!ok) return t[3].text;
  const auto out = bytes_of_hex(t.at(4), v);
  return "ok " + escaped(out.data(), out.size());
}

} // namespace twinbench::test
