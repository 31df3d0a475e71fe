// `twinbench report`: picks the campaign and benchmark run, builds the model, writes the files.
#include <cstdlib>
#include <fstream>
#include <unistd.h>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "commands.h"
#include "common/process.h"
#include "report/report.h"

namespace twinbench::cli {
namespace {

// The named campaign, else the latest finished local one of its kind: over fuzz targets, or
// over seeded bugs (ground truth). An imported campaign is reported when named.
std::optional<CampaignRow> pick_campaign(Store &store, const std::string &name, bool bugs) {
  if (!name.empty()) {
    auto c = store.find_campaign(name);
    if (!c) throw UserError("no campaign '" + name + "' in the store");
    if (c->of_the_harness()) {
      throw UserError(fmt::format("campaign '{}' fuzzed the harness's own readers, not the "
                                  "components: twinbench crashes --campaign {} lists its findings",
                                  name, name));
    }
    if (c->bugs.empty() == bugs) {
      throw UserError(fmt::format("campaign '{}' {}", name,
                                  bugs ? "fuzzed no seeded bug: pass it as --campaign"
                                       : "fuzzed seeded bugs: pass it as --ground-truth"));
    }
    return c;
  }
  auto all = store.campaigns();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->status == "done" && it->bugs.empty() != bugs && it->origin == "local" &&
        !it->of_the_harness())
      return *it;
  }
  return std::nullopt;
}

// The named run, or the latest finished one that measured `measure` (time or instructions).
std::optional<BenchRunRow> pick_bench(Store &store, const std::string &name,
                                      const std::string &measure) {
  if (!name.empty()) {
    auto b = store.find_bench_run(name);
    if (!b) throw UserError("no benchmark run '" + name + "' in the store");
    if (b->status != "done") throw UserError("benchmark run '" + name + "' is " + b->status);
    if (b->measure != measure) {
      throw UserError(fmt::format("benchmark run '{}' measured {}: pass it as {}", name, b->measure,
                                  b->measure == "time" ? "--bench" : "--instructions"));
    }
    return b;
  }
  auto all = store.bench_runs();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->status == "done" && it->measure == measure) return *it;
  }
  return std::nullopt;
}

bool wants(const ReportOptions &options, const std::string &format) {
  return std::find(options.formats.begin(), options.formats.end(), format) != options.formats.end();
}

} // namespace

std::optional<fs::path> find_chromium() {
  if (auto found = find_program("chromium")) return found;
  return find_program("chromium-browser");
}

void print_pdf(const fs::path &chromium, const fs::path &html, const fs::path &pdf) {
  // A profile of its own, so nothing in $HOME is touched; --no-sandbox because the page is our
  // own file with no script, and the sandbox cannot start as root or in most containers.
  const fs::path profile =
      fs::temp_directory_path() / fmt::format("twinbench-chromium-{}", getpid());
  fs::remove(pdf);
  Captured c =
      run_captured({chromium.string(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", "--user-data-dir=" + profile.string(),
                    "--print-to-pdf=" + pdf.string(), "file://" + fs::absolute(html).string()},
                   {}, 120);
  std::error_code ec;
  fs::remove_all(profile, ec);
  if (c.timed_out || !c.status.ok() || !fs::exists(pdf) || fs::file_size(pdf) == 0) {
    throw UserError(fmt::format("chromium could not print {} ({})", html.string(),
                                c.timed_out ? "timed out" : c.status.describe()));
  }
}

int report_command(const Project &project, const ReportOptions &options) {
  for (const auto &f : options.formats) {
    if (f != "html" && f != "md" && f != "json" && f != "pdf") {
      throw UserError("unknown report format '" + f + "' (html, md, json, pdf)");
    }
  }
  const fs::path db_path = existing_store(project, options.db);
  Store store(db_path);
  ReportSources sources;
  sources.campaign = pick_campaign(store, options.campaign, false);
  if (options.bench.find(',') != std::string::npos) {
    std::vector<std::string> names;
    for (size_t start = 0; start <= options.bench.size();) {
      size_t end = options.bench.find(',', start);
      if (end == std::string::npos) end = options.bench.size();
      names.push_back(options.bench.substr(start, end - start));
      start = end + 1;
    }
    sources.bench = pooled_runs(store, names, db_path);
  } else if (auto run = pick_bench(store, options.bench, "time")) {
    sources.bench.push_back(*run);
  }
  sources.ground_truth = pick_campaign(store, options.ground_truth, true);
  sources.instructions = pick_bench(store, options.instructions, "instructions");
  if (!sources.campaign && sources.bench.empty() && !sources.instructions &&
      !sources.ground_truth) {
    throw UserError(
        "the store " + db_path.string() +
        " holds no finished campaign, ground-truth campaign or benchmark run to report");
  }
  ReportModel model = report_model(project, store, sources);

  const fs::path out =
      options.out.empty() ? project.reports() / ("report-" + name_timestamp()) : options.out;
  fs::create_directories(out);
  model.root_link = fs::relative(project.root, fs::absolute(out)).string();
  std::vector<fs::path> written;
  const bool pdf = wants(options, "pdf");
  if (wants(options, "json")) {
    write_file_atomically(out / "report.json", to_json(model).dump(2) + "\n");
    written.push_back(out / "report.json");
  }
  if (wants(options, "md")) {
    fs::create_directories(out / "charts");
    int n = 0;
    for (const auto &svg : chart_files(model)) {
      write_file_atomically(out / "charts" / fmt::format("chart-{}.svg", ++n), svg);
    }
    write_file_atomically(out / "report.md", render_markdown(model));
    written.push_back(out / "report.md");
  }
  if (wants(options, "html") || pdf) {
    write_file_atomically(out / "report.html", render_html(model));
    if (wants(options, "html")) written.push_back(out / "report.html");
  }
  if (pdf) {
    if (auto chromium = find_chromium()) {
      print_pdf(*chromium, out / "report.html", out / "report.pdf");
      written.push_back(out / "report.pdf");
    } else if (options.formats_given) {
      throw UserError("report.pdf needs Debian's chromium (scripts/bootstrap --chromium)");
    } else {
      fmt::print("report.pdf skipped: chromium is not installed (scripts/bootstrap --chromium)\n");
    }
  }
  for (const auto &f : written) fmt::print("wrote {}\n", f.string());
  // The main file last: scripts and people take the last line as the report.
  fmt::print("{}\n",
             (out / (wants(options, "html") ? "report.html" : written.back().filename())).string());
  return 0;
}

} // namespace twinbench::cli
