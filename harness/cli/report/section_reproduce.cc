// The commands that reproduce the report, from a clone, with the same settings.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/report.h"
#include "report/report_text.h"
#include "report/sections.h"

namespace twinbench::cli {

std::vector<std::string> reproduce_commands(const ReportModel &model) {
  std::vector<std::string> out;
  const std::string &revision = model.primary_environment().git_revision;
  out.push_back(fmt::format("git checkout {}", revision.empty() ? "<revision>" : revision));
  out.push_back("scripts/bootstrap --chromium");
  std::string report = "scripts/twinbench report";
  if (model.fuzzing) {
    const CampaignFacts &c = model.fuzzing->campaign;
    std::string cmd = fmt::format(
        "scripts/twinbench fuzz --components {} --impls {}{} --time {}s --trials {} --jobs {} "
        "--timeout {} --rss-limit-mb {} --campaign {}",
        fmt::join(c.components, ","), fmt::join(c.impls, ","), engine_option(c), c.budget_seconds,
        c.trials, c.jobs, c.timeout_seconds, c.rss_limit_mb, c.name);
    if (!c.extra_flags.empty()) cmd += fmt::format(" -- {}", fmt::join(c.extra_flags, " "));
    out.push_back(cmd);
    report += " --campaign " + c.name;
  }
  if (model.benchmarks) {
    const BenchRunFacts &r = model.benchmarks->run;
    const std::vector<std::string> names =
        r.pooled.empty() ? std::vector<std::string>{r.name} : r.pooled;
    for (const auto &name : names) {
      std::string cmd =
          fmt::format("scripts/twinbench bench --components {} --repetitions {} --min-time {} "
                      "--name {}",
                      fmt::join(r.components, ","), r.repetitions, r.min_time, name);
      if (r.pin >= 0) cmd += fmt::format(" --pin {}", r.pin);
      out.push_back(cmd);
    }
    report += fmt::format(" --bench {}", fmt::join(names, ","));
  }
  if (model.instructions) {
    out.push_back(fmt::format("scripts/twinbench bench --measure instructions --components {} "
                              "--name {}",
                              fmt::join(model.instructions->components, ","),
                              model.instructions->name));
    report += " --instructions " + model.instructions->name;
  }
  if (model.ground_truth) {
    const GroundTruth &truth = *model.ground_truth;
    if (truth.campaign) {
      const CampaignFacts &c = *truth.campaign;
      std::vector<std::string> bugs;
      for (const auto &e : truth.bugs) {
        if (e.c.trials > 0 || e.rust.trials > 0) bugs.push_back(e.id);
      }
      out.push_back(fmt::format("scripts/twinbench fuzz --bugs {}{} --time {}s --trials {} "
                                "--jobs {} --timeout {} --rss-limit-mb {} --campaign {}",
                                fmt::join(bugs, ","), engine_option(c), c.budget_seconds, c.trials,
                                c.jobs, c.timeout_seconds, c.rss_limit_mb, c.name));
      report += " --ground-truth " + c.name;
    }
    if (!truth.consequences_run.empty()) out.push_back("scripts/twinbench consequences");
  }
  out.push_back(report);
  return out;
}

namespace sections {

doc::Section reproduce(const ReportModel &model) {
  doc::Section s{"reproduce", "Reproduce this report", {}};
  doc::add(s.blocks, doc::Paragraph{"From a clone of the repository, with a store that does not "
                                    "hold these run names yet:",
                                    false});
  doc::add(s.blocks, doc::Code{fmt::format("{}\n", fmt::join(model.reproduce, "\n")), "sh"});
  return s;
}

} // namespace sections
} // namespace twinbench::cli
