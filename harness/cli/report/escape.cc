#include "report/escape.h"

#include <fmt/format.h>

namespace twinbench::cli {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += ch;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '&': out += "&amp;"; break;
    case '\n':
    case '\r': out += ' '; break;
    case '\\':
    case '`':
    case '*':
    case '_':
    case '{':
    case '}':
    case '[':
    case ']':
    case '(':
    case ')':
    case '#':
    case '+':
    case '-':
    case '!':
    case '|':
    case '~':
      out += '\\';
      out += ch;
      break;
    default: out += ch;
    }
  }
  return out;
}

std::string hex_dump(std::string_view bytes) {
  std::string out;
  for (size_t line = 0; line < bytes.size(); line += 16) {
    out += fmt::format("{:08x}  ", line);
    std::string ascii;
    for (size_t i = line; i < line + 16; i++) {
      if (i < bytes.size()) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        out += fmt::format("{:02x} ", byte);
        ascii += byte >= 0x20 && byte < 0x7f && byte != '`' ? static_cast<char>(byte) : '.';
      } else {
        out += "   ";
      }
      if (i == line + 7) out += ' ';
    }
    out += " |" + ascii + "|\n";
  }
  return out;
}

} // namespace twinbench::cli
