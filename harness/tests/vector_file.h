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

// Token i of a scripted line (ringbuf, spsc) as a number, or as a quoted string; throws
// std::runtime_error naming the line when it is missing or of the wrong kind.
size_t number_at(const VectorLine &v, size_t i);
const std::string &quoted_at(const VectorLine &v, size_t i);

// Token i as bytes: a "quoted string", or @<file>: all the bytes of <dir>/<file>. Throws
// std::runtime_error naming the line when it is neither, or the file cannot be read.
std::vector<uint8_t> bytes_at(const VectorLine &v, size_t i, const std::string &dir);

// Bytes as a std::string (NULL allowed with n = 0), to compare with a quoted token.
std::string string_of(const uint8_t *p, size_t n);

} // namespace twinbench::test
