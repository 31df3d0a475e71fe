// The report's code table: lines of code and Rust `unsafe`, counted from sources.
#include <gtest/gtest.h>

#include "report/code_census.h"

namespace twinbench::cli {
namespace {

TEST(CodeCensus, CLinesAreThoseWithCodeNotBlankOrComment) {
  const SourceCount c = count_source("/* a header\n"
                                     "   comment */\n"
                                     "#include <stddef.h>\n"
                                     "\n"
                                     "static int one(void) { return 1; } // trailing\n"
                                     "  // a whole-line comment\n"
                                     "const char *s = \"/* not a comment */\";\n",
                                     false);
  EXPECT_EQ(c.lines, 3);
  EXPECT_EQ(c.unsafe_blocks + c.unsafe_fns + c.unsafe_impls, 0);
}

TEST(CodeCensus, ASeededBugsBranchIsNotCountedItsElseBranchIs) {
  const SourceCount c = count_source("int f(int x) {\n"
                                     "#if defined(TB_BUG_X)\n"
                                     "  x++;\n"
                                     "#if 1\n"
                                     "  x++;\n"
                                     "#endif\n"
                                     "#else\n"
                                     "  x--;\n"
                                     "#endif\n"
                                     "#if defined(NDEBUG)\n"
                                     "  x = 0;\n"
                                     "#endif\n"
                                     "  return x;\n"
                                     "}\n",
                                     false);
  // int f, x--, #if NDEBUG, x = 0, #endif, return, }: not the bug's branch or its directives.
  EXPECT_EQ(c.lines, 7);
}

TEST(CodeCensus, RustUnsafeBlocksFunctionsAndImplsAreCountedOutsideCommentsAndStrings) {
  const SourceCount c = count_source("// unsafe { in a comment }\n"
                                     "unsafe impl Sync for Slots {}\n"
                                     "unsafe extern \"C\" fn create(out: *mut u8) {\n"
                                     "    // SAFETY: the caller's promise.\n"
                                     "    unsafe { *out = b'{' };\n"
                                     "    let s = \"unsafe { not code }\";\n"
                                     "}\n"
                                     "unsafe fn raw() {}\n",
                                     true);
  EXPECT_EQ(c.unsafe_impls, 1);
  EXPECT_EQ(c.unsafe_fns, 2);
  EXPECT_EQ(c.unsafe_blocks, 1);
  EXPECT_EQ(c.lines, 6);
}

TEST(CodeCensus, RustItemsUnderABugOrTestCfgAreNotCounted) {
  const SourceCount c = count_source("#[cfg(feature = \"bug-spsc-relaxed-publish\")]\n"
                                     "const PUBLISH: Ordering = Relaxed;\n"
                                     "#[cfg(not(feature = \"bug-spsc-relaxed-publish\"))]\n"
                                     "const PUBLISH: Ordering = Release;\n"
                                     "fn f(x: u8) -> u8 {\n"
                                     "    #[cfg(feature = \"bug-x\")]\n"
                                     "    tb_canary::mark(\n"
                                     "        \"x\",\n"
                                     "        true,\n"
                                     "    );\n"
                                     "    x\n"
                                     "}\n"
                                     "#[cfg(test)]\n"
                                     "mod tests {\n"
                                     "    fn g() { unsafe { } }\n"
                                     "}\n",
                                     true);
  // The `not(...)` cfg line and its const, fn f, x, and f's closing brace.
  EXPECT_EQ(c.lines, 5);
  EXPECT_EQ(c.unsafe_blocks, 0);
}

} // namespace
} // namespace twinbench::cli
