// libFuzzer's limits as twinbench runs a fuzz binary: campaigns (their defaults), triage and
// smoke. Their one home is the top CMakeLists.txt, which hands the same values to ctest's
// harness/fuzz/run_seeds.cmake.
#pragma once

namespace twinbench::cli {

inline constexpr double kLibFuzzerTimeoutSeconds = TB_LIBFUZZER_TIMEOUT_SECONDS; // -timeout
inline constexpr long long kLibFuzzerRssLimitMb = TB_LIBFUZZER_RSS_LIMIT_MB;     // -rss_limit_mb

} // namespace twinbench::cli
