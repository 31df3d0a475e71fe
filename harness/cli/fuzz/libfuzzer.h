// libFuzzer's limits as twinbench runs a fuzz binary: campaigns (their defaults), triage and
// smoke. ctest's harness/fuzz/run_seeds.cmake passes the same values to libFuzzer.
#pragma once

namespace twinbench::cli {

inline constexpr double kLibFuzzerTimeoutSeconds = 10;  // per input: -timeout
inline constexpr long long kLibFuzzerRssLimitMb = 2048; // per process: -rss_limit_mb

} // namespace twinbench::cli
