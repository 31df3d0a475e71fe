// Short texts the report's sections share: counts, rates, intervals, outcomes in words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bench/stats.h"
#include "report/report_model.h"

namespace twinbench::cli {

std::string grouped(int64_t n);                      // 12181594 -> "12,181,594"
std::string compact(int64_t n);                      // 1988480 -> "1.99M"
std::string mbps_text(const stats::Estimate &e);     // "1005 [1002, 1008]"
std::string ratio_ci_text(const stats::Estimate &e); // "1.100 [1.098, 1.102]"
std::string p_text(double p);                        // "0.012", "< 0.001"
std::string case_text(const BenchCase &k);           // "encode 1 MiB"
std::string outcome_words(const BugSide &s);         // a release outcome in a manager's words
std::string median_text(const BugSide &s, double budget);
std::string execs_text(double n); // "850", "12.3 k", "4.1 M"
std::string median_execs_text(const BugSide &s);
// The `fuzz --engine` option that makes a campaign with its engines: "" for the default alone,
// " --engine aflpp", " --engine all".
std::string engine_option(const CampaignFacts &c);
std::string bug_anchor(const BugEvidence &e); // "#bug-<id>"
std::string crash_report_link(const ReportModel &model, int64_t crash_id);
std::string side_name(const BugSide &s);            // "C", "C + integer sanitizers", "Rust"
std::string env_text(const Environment &env);       // CPU, cores, kernel, compilers
std::string timing_text(const std::string &timing); // "cpu" -> "thread CPU time", ...
std::string or_unknown(const std::optional<std::string> &text);
std::string duration_text(double seconds);         // "12 s", "3.4 min", "1.5 h"
std::string classes_text(const CrashTally &tally); // " (2 memory-safety, 1 panic)" or ""

} // namespace twinbench::cli
