#include "bench/instructions.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "bench/bench_results.h"
#include "common/project.h"

namespace twinbench::cli {

namespace {

constexpr std::string_view trigger_prefix = "desc: Trigger: Client Request: twinbench ";

std::vector<std::string> words(const std::string &line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

int64_t count_of(const std::string &word, const std::string &source) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (error != std::errc() || end != word.data() + word.size() || value < 0) {
    throw UserError(fmt::format("{}: '{}' is not a count", source, word));
  }
  return value;
}

} // namespace

InstructionCount parse_callgrind_dump(const std::string &text, const std::string &source) {
  InstructionCount c;
  std::vector<std::string> events, totals;
  bool named = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(trigger_prefix)) {
      const auto w = words(line.substr(trigger_prefix.size()));
      if (w.size() != 3) throw UserError(source + ": the dump's name is not '<n> <bytes> <case>'");
      c.iterations = count_of(w[0], source);
      c.bytes_per_operation = count_of(w[1], source);
      c.name = w[2];
      named = true;
    } else if (line.starts_with("events:")) {
      events = words(line.substr(7));
    } else if (line.starts_with("totals:")) {
      // The sum of the dump's cost lines, and its last line; trailing zero events are omitted.
      // (The "summary:" line is not used: with collection toggled, callgrind 3.19 computes it
      // from counters that ran on, and it can even come out negative.)
      totals = words(line.substr(7));
    }
  }
  if (!named) throw UserError(source + ": not a dump of a twinbench case (no client request)");
  if (events.empty() || totals.empty() || totals.size() > events.size()) {
    throw UserError(source + ": truncated callgrind dump (no events or totals line)");
  }
  totals.resize(events.size(), "0");
  if (c.iterations == 0 || c.bytes_per_operation == 0) {
    throw UserError(source + ": a dump of no iterations or no bytes");
  }
  // The bytes a case's loop went over must be a number (found by fuzz_harness_callgrind_dump:
  // iterations x bytes past int64 was undefined behaviour in InstructionCount::bytes).
  if (int64_t bytes = 0; __builtin_mul_overflow(c.iterations, c.bytes_per_operation, &bytes)) {
    throw UserError(source + ": iterations x bytes per operation is past any real run");
  }
  const CaseName parts = split_case_name(c.name, source);
  c.component = parts.component;
  c.case_name = parts.case_name;
  c.size = parts.size;
  c.impl = parts.impl;
  const std::map<std::string, int64_t *> fields = {
      {"Ir", &c.ir},     {"Dr", &c.dr},     {"Dw", &c.dw},     {"I1mr", &c.i1mr}, {"D1mr", &c.d1mr},
      {"D1mw", &c.d1mw}, {"ILmr", &c.ilmr}, {"DLmr", &c.dlmr}, {"DLmw", &c.dlmw}};
  std::set<std::string> seen;
  for (size_t i = 0; i < events.size(); i++) {
    if (auto it = fields.find(events[i]); it != fields.end()) {
      *it->second = count_of(totals[i], source);
      seen.insert(events[i]);
    }
  }
  for (const auto &[event, field] : fields) {
    if (!seen.contains(event)) {
      throw UserError(
          fmt::format("{}: no {} count (was callgrind run with --cache-sim=yes?)", source, event));
    }
  }
  return c;
}

std::vector<InstructionCount> read_callgrind_dumps(const std::filesystem::path &dir,
                                                   const std::string &prefix) {
  std::map<std::string, InstructionCount> by_name;
  for (const auto &entry : std::filesystem::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with(prefix + ".")) continue;
    const std::string text = read_file(entry.path());
    // The dump callgrind writes at exit holds no case: collection was off outside the loops.
    if (text.find(trigger_prefix) == std::string::npos) continue;
    InstructionCount c = parse_callgrind_dump(text, entry.path().string());
    if (by_name.contains(c.name)) {
      throw UserError(fmt::format("{}: case {} was counted twice", dir.string(), c.name));
    }
    by_name.emplace(c.name, std::move(c));
  }
  std::vector<InstructionCount> out;
  for (auto &[name, c] : by_name) out.push_back(std::move(c));
  return out;
}

std::string CaseInstructions::label() const {
  return fmt::format("{}/{}/{}", component, case_name, format_size(size));
}

std::vector<CaseInstructions> analyze_instructions(const std::vector<InstructionCount> &counts) {
  using Key = std::tuple<std::string, std::string, int64_t>;
  std::map<Key, std::vector<const InstructionCount *>> grouped;
  for (const auto &c : counts) grouped[{c.component, c.case_name, c.size}].push_back(&c);
  std::vector<CaseInstructions> out;
  for (const auto &[key, group] : grouped) {
    CaseInstructions r;
    std::tie(r.component, r.case_name, r.size) = key;
    for (const InstructionCount *c : group) {
      const double bytes = static_cast<double>(c->bytes());
      r.impls.push_back(
          {c->impl, static_cast<double>(c->ir) / bytes, c->estimated_cycles() / bytes});
    }
    std::sort(r.impls.begin(), r.impls.end(), [](const auto &a, const auto &b) {
      return std::pair(impl_rank(a.impl), a.impl) < std::pair(impl_rank(b.impl), b.impl);
    });
    if (r.impls.size() >= 2 && r.impls[0].impl == "c" && r.impls[1].impl == "rust") {
      r.rust_vs_c_instructions =
          r.impls[1].instructions_per_byte / r.impls[0].instructions_per_byte;
      r.rust_vs_c_cycles = r.impls[1].cycles_per_byte / r.impls[0].cycles_per_byte;
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<InstructionChange> compare_instructions(const std::vector<InstructionCount> &before,
                                                    const std::vector<InstructionCount> &after,
                                                    double threshold) {
  std::map<std::string, const InstructionCount *> old_by_name;
  for (const auto &c : before) old_by_name[c.name] = &c;
  std::vector<InstructionChange> out;
  for (const auto &c : after) {
    auto it = old_by_name.find(c.name);
    if (it == old_by_name.end()) continue;
    InstructionChange ch;
    ch.name = c.name;
    ch.before = static_cast<double>(it->second->ir) / static_cast<double>(it->second->bytes());
    ch.after = static_cast<double>(c.ir) / static_cast<double>(c.bytes());
    ch.ratio = ch.after / ch.before;
    ch.more = ch.ratio > 1 + threshold;
    ch.fewer = ch.ratio < 1 - threshold;
    out.push_back(ch);
  }
  return out;
}

} // namespace twinbench::cli
