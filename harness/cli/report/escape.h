// Text from inputs, crash reports and the environment is untrusted: every renderer passes it
// through these before it reaches a page.
#pragma once

#include <string>
#include <string_view>

namespace twinbench::cli {

// & < > " ' as character references: safe in element content and quoted attributes.
std::string html_escape(std::string_view text);

// Markdown inline text: backslash-escapes the characters Markdown gives meaning to, turns
// < and > into references (raw HTML is allowed in Markdown) and newlines into spaces.
std::string markdown_escape(std::string_view text);

// A classic hex dump: offset, 16 bytes in hex, and the printable ASCII (others as '.').
// The ASCII column shows '`' as '.', so the dump is safe inside a Markdown code fence; the
// caller still escapes it for HTML.
std::string hex_dump(std::string_view bytes);

} // namespace twinbench::cli
