// The report's first speed table: one row per component and pair compared — the twins, and each
// Rust crate against each C library — with the verdicts across its cases. Everything else about
// speed is in the appendix; this is what a reader of pages 1-2 takes away.
#pragma once

#include <string>

#include "report/report_model.h"
#include "report/table.h"

namespace twinbench::cli {

// Rows in the model's component order: the twins' Rust/C first, then each library pair. Empty
// (no rows) without benchmarks.
Table speed_overview_table(const ReportModel &model);

// What the table's verdicts rest on, in one sentence: across how many runs, or within one.
std::string speed_overview_caption(const ReportModel &model);

} // namespace twinbench::cli
