#include "fuzz/triage.h"

#include <algorithm>
#include <regex>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "common/crash_type.h"
#include "common/process.h"
#include "fuzz/engine.h"
#include "twinbench/findings.h"

namespace twinbench::cli {

namespace {

bool starts_with(const std::string &s, const std::string &prefix) {
  return s.rfind(prefix, 0) == 0;
}

// "ns::f(int, char const*)" -> "ns::f"; "crate::f::h0123456789abcdef" -> "crate::f".
std::string clean_function(std::string f) {
  static const std::regex rust_hash("::h[0-9a-f]{16}$");
  f = std::regex_replace(f, rust_hash, "");
  if (!f.empty() && f.back() == ')') {
    int depth = 0;
    for (size_t i = f.size(); i-- > 0;) {
      if (f[i] == ')') depth++;
      if (f[i] == '(' && --depth == 0) {
        f.erase(i);
        break;
      }
    }
  }
  return f;
}

// The first stack trace after `from` in the report: ASan's "    #N 0x... in F FILE:LINE:COL"
// or ThreadSanitizer's "    #N F FILE:LINE:COL (MODULE+0x...) (BuildId: ...)".
std::vector<Frame> stack_after(const std::string &report, size_t from) {
  static const std::regex frame_re(
      R"(^\s*#(\d+) (?:0x[0-9a-f]+ in )?(.+?) ((/[^ ]+?)(:\d+)?(:\d+)?|\(.*\))(?: \(.*\))?$)");
  std::vector<Frame> frames;
  std::istringstream in(report.substr(from));
  bool started = false;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, frame_re)) {
      if (started && m[1] == "0") break; // a second stack (e.g. "allocated by") begins
      started = true;
      frames.push_back({clean_function(m[2]), m[3]});
    } else if (started && line.find_first_not_of(" \t") == std::string::npos) {
      break;
    }
  }
  return frames;
}

// Project code is whatever is not the toolchain's or the system's: sanitizer and libFuzzer
// runtimes, libc, the C++ and Rust standard libraries, and unsymbolised frames are not.
bool is_project_location(const std::string &location) {
  if (location.empty() || location[0] != '/') return false; // "(binary+0x...)", "./csu/..."
  for (const char *system : {"/usr/", "/rustc/", "/lib/", "/build/", "/cargo/registry/"}) {
    if (starts_with(location, system)) return false;
  }
  return true;
}

// A location inside the checkout, relative to it: signatures must not depend on where the
// checkout lives.
std::string relative_to(const std::string &location, const std::filesystem::path &root) {
  const std::string r = root.string() + "/";
  return starts_with(location, r) ? location.substr(r.size()) : location;
}

// A library's fetched sources (scripts/fetch-sources): build/sources/<package>_<version>/<tree>/,
// tree "upstream" or "debian". Its code is an implementation's own, like a twin's.
constexpr const char *kLibrarySources = "build/sources/";

// Frames in project code, top first: the implementations' own code (the twins', a library's
// fetched sources) when any, else other project code except the drivers' reporting helpers.
// Paths are shown relative to `root` when inside it.
std::vector<Frame> project_frames(const std::vector<Frame> &all,
                                  const std::filesystem::path &root) {
  auto contains = [](const Frame &f, const char *dir) {
    return f.location.find(dir) != std::string::npos;
  };
  std::vector<Frame> twins, project;
  for (const auto &f : all) {
    if (!is_project_location(f.location)) continue;
    if (contains(f, "/targets_c/") || contains(f, "/targets_rust/") ||
        f.location.find(std::string("/") + kLibrarySources) != std::string::npos) {
      twins.push_back(f);
    }
    if (!contains(f, "/harness/fuzz/driver.h")) project.push_back(f);
  }
  auto &chosen = twins.empty() ? project : twins;
  if (chosen.size() > kSignatureFrames) chosen.resize(kSignatureFrames);
  for (auto &f : chosen) f.location = relative_to(f.location, root);
  return chosen;
}

std::string side_of(const std::vector<Frame> &frames) {
  for (const auto &f : frames) {
    if (f.location.find("targets_c/") != std::string::npos) return "c";
    if (f.location.find(kLibrarySources) != std::string::npos) return "c"; // Debian's C sources
    if (f.location.find("targets_rust/") != std::string::npos) return "rust";
  }
  return "harness";
}

// Function names, top first; a library function with its package and tree, so one bug in the
// upstream build and in the Debian-patched one are two crashes, each its build's.
std::string frame_names(const std::vector<Frame> &frames) {
  std::string out;
  for (const auto &f : frames) {
    std::string name = f.function;
    if (const auto at = f.location.find(kLibrarySources); at != std::string::npos) {
      const size_t from = at + std::string_view(kLibrarySources).size();
      const size_t package_end = f.location.find('/', from);
      const size_t tree_end =
          package_end == std::string::npos ? package_end : f.location.find('/', package_end + 1);
      name +=
          "@" + f.location.substr(from, tree_end == std::string::npos ? tree_end : tree_end - from);
    }
    out += (out.empty() ? "" : " > ") + name;
  }
  return out.empty() ? "<no project frame>" : out;
}

// "Atomic write" -> "ATOMIC WRITE"
std::string upper(std::string s) {
  for (auto &ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// "heap-buffer-overflow" -> "Heap-buffer-overflow"
std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string ubsan_check(const std::string &message) {
  static const std::pair<const char *, const char *> checks[] = {
      {"signed integer overflow", "signed-integer-overflow"},
      {"unsigned integer overflow", "unsigned-integer-overflow"},
      {"out of bounds", "bounds"},
      {"shift", "shift"},
      {"misaligned", "alignment"},
      {"null pointer", "null"},
      {"division by zero", "division-by-zero"},
      {"outside the range of representable values", "float-cast-overflow"},
      {"not a valid value", "invalid-value"},
      {"negation of", "signed-integer-overflow"},
      {"pointer overflow", "pointer-overflow"},
      {"unreachable", "unreachable"},
      {"implicit conversion", "implicit-conversion"},
  };
  for (const auto &[needle, name] : checks) {
    if (message.find(needle) != std::string::npos) return name;
  }
  return "undefined-behavior";
}

std::string line_at(const std::string &report, size_t pos) {
  auto begin = report.rfind('\n', pos);
  begin = begin == std::string::npos ? 0 : begin + 1;
  auto end = report.find('\n', pos);
  return report.substr(begin, end == std::string::npos ? end : end - begin);
}

} // namespace

Classification classify(const std::string &report, const std::string &component,
                        const std::filesystem::path &root) {
  Classification c;
  auto finish = [&](const std::string &klass, const std::string &type, size_t stack_from) {
    c.finding = true;
    c.crash_class = klass;
    c.type = type;
    c.frames = project_frames(stack_after(report, stack_from), root);
    if (c.side.empty()) c.side = side_of(c.frames);
    if (c.signature.empty()) c.signature = fmt::format("{}|{}", type, frame_names(c.frames));
    // No address in a signature, wherever the report put one (an unsymbolised frame's
    // "(binary+0x13da30)", a line run together with another): found by
    // fuzz_harness_triage_report, whose reports with moved addresses got new signatures.
    // ("0x0x563c3aa0d406", a line run into another, is one address.)
    static const std::regex address("0x[0-9a-fA-Fx]+");
    c.signature = std::regex_replace(c.signature, address, "0x?");
    return c;
  };

  std::smatch m;
  // TWINBENCH DIVERGENCE <comp> <field> <kind> <impl>/<impl> at <where>: ...
  // (twinbench/findings.h). The field carries no position by contract; an
  // index in brackets is dropped all the same, so a driver that forgets cannot split one bug
  // into a crash per position.
  static const std::regex divergence(std::string(findings::kDivergence) +
                                     R"( (\S+) (\S+) (\S+) (\S+) at )");
  if (std::regex_search(report, m, divergence)) {
    static const std::regex position(R"(\[\d+\])");
    const std::string field = std::regex_replace(std::string(m[2]), position, "");
    const std::string kind = m[3], pair = m[4];
    c.site = field + " " + kind + " " + pair;
    c.message = line_at(report, static_cast<size_t>(m.position(0)));
    c.side = "both";
    c.signature = fmt::format("divergence|{}|{}|{}|{}", std::string(m[1]), field, kind, pair);
    return finish("divergence", fmt::format("Divergence {} ({}) {}", field, kind, pair),
                  static_cast<size_t>(m.position(0)));
  }
  // Rust's debug builds check the preconditions of some unsafe functions (get_unchecked,
  // copy_nonoverlapping, from_raw_parts, ...: core's ub_checks) and abort, through the panic
  // machinery, when one is broken: undefined behaviour caught before it happens, in code inside
  // `unsafe`, so a memory-safety finding by that detector, not a safe Rust panic.
  static const std::regex precondition(
      R"(panicked at ([^\s:]+:\d+:\d+):\nunsafe precondition\(s\) violated: (\S+))");
  if (std::regex_search(report, m, precondition)) {
    c.site = relative_to(m[1], root);
    c.message = line_at(report, static_cast<size_t>(m.position(2)));
    c.side = "rust";
    c.signature = fmt::format("unsafe-precondition|{}|{}", component, c.site);
    return finish("memory-safety", "Unsafe-precondition " + std::string(m[2]),
                  static_cast<size_t>(m.position(0)));
  }
  static const std::regex panic(R"(panicked at ([^\s:]+:\d+:\d+):\n(.*))");
  if (std::regex_search(report, m, panic)) {
    c.site = relative_to(m[1], root); // rustc writes absolute paths for crates outside a workspace
    c.message = m[2];
    c.side = "rust";
    c.signature = fmt::format("panic|{}|{}", component, c.site);
    return finish("panic", "Rust panic", static_cast<size_t>(m.position(0)));
  }
  if (auto at = report.find("has overflowed its stack"); at != std::string::npos) {
    c.side = "rust";
    return finish("stack-overflow", "Stack-overflow", at);
  }
  static const std::regex violation(std::string(findings::kViolation) + R"( (\S+) (.*))");
  if (std::regex_search(report, m, violation)) {
    c.message = m[2];
    auto at = static_cast<size_t>(m.position(0));
    auto frames = project_frames(stack_after(report, at), root);
    // The reporting site: the first frame that is not the helper that aborts.
    for (const auto &f : frames) {
      if (f.function.find("violation") == std::string::npos) {
        c.site = f.function + "@" + f.location;
        break;
      }
    }
    c.signature = fmt::format("violation|{}|{}", std::string(m[1]), c.site);
    return finish("spec-violation", "Spec violation", at);
  }
  // ThreadSanitizer: two accesses, at least one a write, not ordered by happens-before. The
  // signature is the top project frame of each, in a fixed order: the same race seen with the
  // threads' roles swapped is one bug.
  if (auto at = report.find("WARNING: ThreadSanitizer: data race"); at != std::string::npos) {
    // "Read of size 8", "Previous write of size 8", "Atomic write of size 8"...
    static const std::regex access(R"(((?:atomic )?(?:read|write)) of size (\d+))",
                                   std::regex::icase);
    auto kind_at = [&](size_t from) {
      std::smatch a;
      std::string rest = report.substr(from);
      return std::regex_search(rest, a, access)
                 ? fmt::format("{} {}", upper(a[1]), std::string(a[2]))
                 : std::string("?");
    };
    auto top = [&](size_t from) {
      auto frames = project_frames(stack_after(report, from), root);
      return frames.empty() ? Frame{"<no project frame>", ""} : frames[0];
    };
    const size_t previous = report.find("Previous ", at);
    const Frame now = top(at);
    const Frame before = previous == std::string::npos ? Frame{"<none>", ""} : top(previous);
    c.site = now.function + "@" + now.location + " / " + before.function + "@" + before.location;
    c.message = line_at(report, at);
    const auto [first, second] = std::minmax(now.function, before.function);
    c.signature = fmt::format("Data race|{}|{}", first, second);
    const std::string type =
        fmt::format("Data race {} / {}", kind_at(at),
                    previous == std::string::npos ? std::string("?") : kind_at(previous));
    return finish("data-race", type, at);
  }
  static const std::regex ubsan(R"((\S+:\d+:\d+): runtime error: (.*))");
  if (std::regex_search(report, m, ubsan)) {
    c.site = relative_to(m[1], root);
    c.message = m[2];
    std::string type = "UBSan " + ubsan_check(c.message);
    auto at = static_cast<size_t>(m.position(0));
    auto frames = project_frames(stack_after(report, at), root);
    c.signature = fmt::format("{}|{}|{}", type, c.site, frame_names(frames));
    return finish("undefined-behavior", type, at);
  }
  static const std::regex asan(R"(ERROR: AddressSanitizer: ([a-zA-Z-]+( [a-z-]+)?))");
  static const std::regex asan_stack_overflow(R"(ERROR: AddressSanitizer: stack-overflow)");
  if (std::regex_search(report, m, asan_stack_overflow)) {
    return finish("stack-overflow", "Stack-overflow", static_cast<size_t>(m.position(0)));
  }
  if (std::regex_search(report, m, asan)) {
    std::string kind = m[1];
    auto at = static_cast<size_t>(m.position(0));
    if (starts_with(kind, "requested allocation") || starts_with(kind, "allocation-size") ||
        starts_with(kind, "out of memory")) {
      return finish("oom", "Out-of-memory (allocation size)", at);
    }
    if (starts_with(kind, "attempting double-free")) kind = "heap-double-free";
    if (kind == "attempting free") kind = "bad-free";
    if (starts_with(kind, "SEGV")) kind = "SEGV on unknown address";
    std::string type = capitalised(kind.substr(
        0, kind.find(' ') == std::string::npos || starts_with(kind, "SEGV") ? std::string::npos
                                                                            : kind.find(' ')));
    static const std::regex access(R"((READ|WRITE) of size (\d+))");
    static const std::regex segv_access(R"(caused by a (READ|WRITE) memory access)");
    std::smatch a;
    if (std::regex_search(report, a, access)) {
      type += fmt::format(" {} {}", std::string(a[1]), access_size_in_type(std::string(a[2])));
    } else if (std::regex_search(report, a, segv_access)) {
      type += " " + std::string(a[1]);
    }
    return finish("memory-safety", type, at);
  }
  if (auto at = report.find("ERROR: libFuzzer: timeout"); at != std::string::npos) {
    return finish("timeout", "Timeout", at);
  }
  if (auto at = report.find("ERROR: libFuzzer: out-of-memory"); at != std::string::npos) {
    return finish("oom", "Out-of-memory", at);
  }
  if (auto at = report.find("ERROR: LeakSanitizer: detected memory leaks");
      at != std::string::npos) {
    auto from = report.find("allocated from:", at);
    return finish("leak", "Memory leak", from == std::string::npos ? at : from);
  }
  if (auto at = report.find("ERROR: libFuzzer: deadly signal"); at != std::string::npos) {
    return finish("abort", "Abort", at);
  }
  if (auto at = report.find("ERROR: libFuzzer: fuzz target exited"); at != std::string::npos) {
    return finish("abort", "Unexpected exit", at);
  }
  return c;
}

std::vector<std::string> sanitizer_environment() {
  // halt_on_error: ThreadSanitizer goes on after a race by default, and libFuzzer saves an
  // input only when the process dies on it.
  // TWINBENCH_SURVEY=0: a divergence is a finding in every run but a survey's (which sets it to
  // 1 after these), whatever the user's environment says.
  return {"ASAN_SYMBOLIZER_PATH=" TB_LLVM_SYMBOLIZER, "UBSAN_OPTIONS=print_stacktrace=1",
          "TSAN_OPTIONS=halt_on_error=1 external_symbolizer_path=" TB_LLVM_SYMBOLIZER,
          "RUST_BACKTRACE=0", "TWINBENCH_SURVEY=0"};
}

Reproduction reproduce(const std::filesystem::path &binary, const std::filesystem::path &input,
                       const std::string &component, const std::filesystem::path &root, int tries,
                       const TriageLimits &limits) {
  Reproduction r;
  const double wall_limit = limits.timeout_seconds * 3 + 30;
  const auto command = reproduce_command(binary, input, limits);
  for (int i = 0; i < tries; i++) {
    Captured run = run_captured(command, sanitizer_environment(), wall_limit);
    r.tries++;
    Classification c = classify(run.output, component, root);
    if (!run.status.ok() && c.finding) {
      if (r.reproduced++ == 0) {
        r.report = run.output;
        r.classification = c;
      }
    } else if (r.reproduced == 0) {
      r.report = run.output;
    }
  }
  return r;
}

bool minimize(const std::filesystem::path &binary, const std::filesystem::path &input,
              const std::filesystem::path &out, double seconds, const TriageLimits &limits,
              const std::function<bool(const std::filesystem::path &)> &same_crash) {
  namespace fs = std::filesystem;
  const fs::path rounds = fs::path(out.string() + ".rounds");
  fs::remove(out);
  fs::remove_all(rounds);
  fs::create_directories(rounds);
  run_captured_tree(minimize_command(binary, input, rounds, seconds, limits),
                    sanitizer_environment(), seconds);
  std::vector<std::pair<uintmax_t, fs::path>> found;
  for (const auto &e : fs::directory_iterator(rounds)) {
    const uintmax_t size = e.file_size();
    if (size > 0 && size < fs::file_size(input)) found.emplace_back(size, e.path());
  }
  std::sort(found.begin(), found.end());
  bool kept = false;
  for (size_t i = 0; i < found.size() && i < 3 && !kept; i++) {
    if (same_crash(found[i].second)) {
      fs::rename(found[i].second, out);
      kept = true;
    }
  }
  fs::remove_all(rounds);
  return kept;
}

} // namespace twinbench::cli
