// The crash-report classifier and its signature rule (harness/cli/fuzz/triage.cc) over hostile
// text: sanitizer, panic and TSan reports, the drivers' DIVERGENCE and VIOLATION lines. Beyond
// not crashing, a report keeps its class and signature when libFuzzer's chatter surrounds it,
// when every address in it moves (another run, another ASLR slide), and when a divergence is
// met at another position in the input.
#include <regex>

#include "fuzz/triage.h"
#include "invariant.h"

using namespace twinbench;

namespace {

const std::filesystem::path root = "/checkout"; // the seeds' frames were rewritten under it

std::string same(const cli::Classification &a, const cli::Classification &b) {
  if (a.finding != b.finding) return "finding";
  if (a.crash_class != b.crash_class) return "class " + a.crash_class + " vs " + b.crash_class;
  if (a.signature != b.signature) return "signature " + a.signature + " vs " + b.signature;
  return "";
}

// Every address of six or more hex digits, each digit moved by 1 (f wraps to 0).
std::string moved_addresses(const std::string &report) {
  static const std::regex address("0x[0-9a-f]{6,}");
  std::string out;
  size_t last = 0;
  for (auto it = std::sregex_iterator(report.begin(), report.end(), address);
       it != std::sregex_iterator(); ++it) {
    out += report.substr(last, static_cast<size_t>(it->position()) - last);
    std::string hex = it->str();
    for (size_t i = 2; i < hex.size(); i++) {
      const char c = hex[i];
      hex[i] = c == '9' ? 'a' : c == 'f' ? '0' : static_cast<char>(c + 1);
    }
    out += hex;
    last = static_cast<size_t>(it->position() + it->length());
  }
  return out + report.substr(last);
}

// A divergence met elsewhere: its "at <where>" and any [index] in its field moved.
std::string moved_positions(const std::string &report) {
  static const std::regex index(R"((TWINBENCH DIVERGENCE \S+ \S*)\[(\d+)\])");
  static const std::regex where(R"((TWINBENCH DIVERGENCE \S+ \S+ \S+ \S+ at )[^:\n]*)");
  std::string out = std::regex_replace(report, index, "$1[7$2]");
  return std::regex_replace(out, where, "$1op#99");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string report = selffuzz::text_of(data, size);
  const auto plain = cli::classify(report, "comp", root);
  const std::string around =
      "INFO: Running with entropic power schedule (0xFF, 100).\nINFO: Seed: 1234\n" + report +
      "\nINFO: exiting: 1 time: 3s\n";
  if (auto d = same(plain, cli::classify(around, "comp", root)); !d.empty()) {
    selffuzz::invariant_violation("triage: libFuzzer's lines around a report changed its " + d);
  }
  // (A text the move leaves as it was needs no second reading.)
  if (const auto moved = moved_addresses(report); moved != report) {
    if (auto d = same(plain, cli::classify(moved, "comp", root)); !d.empty()) {
      selffuzz::invariant_violation("triage: moving the addresses changed the " + d);
    }
  }
  if (const auto moved = moved_positions(report); moved != report) {
    if (auto d = same(plain, cli::classify(moved, "comp", root)); !d.empty()) {
      selffuzz::invariant_violation("triage: moving a divergence's position changed the " + d);
    }
  }
  selffuzz::violation_unless(plain.finding || plain.signature.empty(),
                             "triage: a signature without a finding");
  return 0;
}
