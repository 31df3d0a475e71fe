#include "vector_file.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace twinbench::test {

std::string VectorLine::where() const { return file + ":" + std::to_string(line_number); }

namespace {

[[noreturn]] void syntax_error(const std::string &file, int line, const std::string &what) {
  throw std::runtime_error(file + ":" + std::to_string(line) + ": " + what);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<Token> tokenize(const std::string &text, const std::string &file, int line) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      i++;
    } else if (c == '#') {
      break;
    } else if (c == '"') {
      Token t{"", true};
      for (i++;; i++) {
        if (i >= text.size()) syntax_error(file, line, "unterminated string");
        if (text[i] == '"') break;
        if (text[i] != '\\') {
          t.text += text[i];
          continue;
        }
        if (++i >= text.size()) syntax_error(file, line, "dangling backslash");
        switch (text[i]) {
        case 'n': t.text += '\n'; break;
        case 't': t.text += '\t'; break;
        case 'r': t.text += '\r'; break;
        case 'f': t.text += '\f'; break;
        case 'v': t.text += '\v'; break;
        case '0': t.text += '\0'; break;
        case '\\': t.text += '\\'; break;
        case '"': t.text += '"'; break;
        case 'x': {
          int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
          int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
          if (hi < 0 || lo < 0) syntax_error(file, line, "\\x needs two hex digits");
          t.text += static_cast<char>(hi * 16 + lo);
          i += 2;
          break;
        }
        default: syntax_error(file, line, std::string("unknown escape \\") + text[i]);
        }
      }
      i++;
      tokens.push_back(std::move(t));
    } else {
      size_t end = text.find_first_of(" \t\r#\"", i);
      if (end == std::string::npos) end = text.size();
      tokens.push_back({text.substr(i, end - i), false});
      i = end;
    }
  }
  return tokens;
}

} // namespace

std::vector<VectorLine> read_vector_file(const std::string &path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::vector<VectorLine> lines;
  std::string text;
  for (int n = 1; std::getline(in, text); n++) {
    auto tokens = tokenize(text, path, n);
    if (!tokens.empty()) lines.push_back({n, std::move(tokens), path});
  }
  return lines;
}

std::vector<uint8_t> bytes_of(const std::string &s) { return {s.begin(), s.end()}; }

std::string escaped(const uint8_t *data, size_t len) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < len; i++) {
    uint8_t c = data[i];
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

size_t number_at(const VectorLine &v, size_t i) {
  if (i >= v.tokens.size()) throw std::runtime_error(v.where() + ": missing argument");
  return static_cast<size_t>(std::stoull(v.tokens[i].text));
}

const std::string &quoted_at(const VectorLine &v, size_t i) {
  if (i >= v.tokens.size() || !v.tokens[i].quoted) {
    throw std::runtime_error(v.where() + ": expected a quoted string");
  }
  return v.tokens[i].text;
}

std::vector<uint8_t> bytes_at(const VectorLine &v, size_t i, const std::string &dir) {
  if (i >= v.tokens.size()) throw std::runtime_error(v.where() + ": too few tokens");
  const Token &t = v.tokens[i];
  if (t.quoted) return bytes_of(t.text);
  if (t.text.starts_with("@")) {
    std::ifstream in(dir + "/" + t.text.substr(1), std::ios::binary);
    if (!in) throw std::runtime_error(v.where() + ": cannot read " + t.text.substr(1));
    return {std::istreambuf_iterator<char>(in), {}};
  }
  throw std::runtime_error(v.where() + ": token " + std::to_string(i + 1) +
                           " is neither a \"quoted string\" nor @file");
}

std::string string_of(const uint8_t *p, size_t n) {
  return n == 0 ? std::string() : std::string(reinterpret_cast<const char *>(p), n);
}

} // namespace twinbench::test
