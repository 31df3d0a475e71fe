// Untrusted text cannot become markup in either format.
#include <gtest/gtest.h>

#include "report/escape.h"

namespace twinbench::test {
namespace {

TEST(Escape, HtmlEscapesEveryMarkupCharacter) {
  EXPECT_EQ(cli::html_escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(Escape, MarkdownEscapesTablePipesLinksAndRawHtml) {
  EXPECT_EQ(cli::markdown_escape("a|b [x](y) <i>*z*</i>\nnext"),
            "a\\|b \\[x\\]\\(y\\) &lt;i&gt;\\*z\\*&lt;/i&gt; next");
}

TEST(Escape, HexDumpShowsOffsetsBytesAndPrintableText) {
  EXPECT_EQ(cli::hex_dump("<b>\x01`"),
            "00000000  3c 62 3e 01 60                                    |<b>..|\n");
  const std::string seventeen(17, 'A');
  EXPECT_EQ(cli::hex_dump(seventeen),
            "00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
            "00000010  41                                                |A|\n");
  EXPECT_EQ(cli::hex_dump(""), "");
}

} // namespace
} // namespace twinbench::test
