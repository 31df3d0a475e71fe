// The limits twinbench runs a fuzz binary with, whichever engine: campaigns (their defaults),
// triage and smoke (libFuzzer's -timeout and -rss_limit_mb; AFL++'s -t and ASan's limit on one
// allocation). Their one home is the top CMakeLists.txt, which hands the same values to ctest's
// harness/fuzz/run_seeds.cmake.
#pragma once

namespace twinbench::cli {

inline constexpr double kLibFuzzerTimeoutSeconds = TB_LIBFUZZER_TIMEOUT_SECONDS; // -timeout
inline constexpr long long kLibFuzzerRssLimitMb = TB_LIBFUZZER_RSS_LIMIT_MB;     // -rss_limit_mb

} // namespace twinbench::cli
