// Reader for corpora/<comp>/vectors.txt: one vector per line, whitespace-separated tokens,
// "quoted strings" with C escapes (\n \t \r \f \\ \" \xNN), '#' comments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace twinbench::test {

struct Token {
  std::string text; // unescaped
  bool quoted = false;
};

struct VectorLine {
  int line_number = 0;
  std::vector<Token> tokens;
  std::string where() const; // "vectors.txt:12", for failure messages
  std::string file;
};

// Reads every non-empty line; throws std::runtime_error naming file and line on bad syntax.
std::vector<VectorLine> read_vector_file(const std::string &path);

std::vector<uint8_t> bytes_of(const std::string &s);

// "abc\x01" style rendering of bytes, for failure messages.
std::string escaped(const uint8_t *data, size_t len);

} // namespace twinbench::test
