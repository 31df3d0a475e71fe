// What the harness's own fuzz targets share. A broken invariant is reported as the component
// drivers report a spec violation (harness/fuzz/driver.h): "TWINBENCH VIOLATION harness <what>"
// and an abort, so `twinbench fuzz --harness` triages it with the one signature rule.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include <unistd.h>

#include "twinbench/findings.h"

namespace twinbench::selffuzz {

[[noreturn]] inline void invariant_violation(const std::string &what) {
  std::fprintf(stderr, "%s\n", findings::violation_line("harness", what).c_str());
  std::abort();
}

// Named for a violation, as the reporting helpers are, so that the triage signs a broken
// invariant by the target's own line that checks it (harness/cli/fuzz/triage.cc).
// The message's parts are joined only when the invariant breaks: most inputs hold it.
template <typename... Parts> void violation_unless(bool holds, const Parts &...what) {
  if (holds) return;
  std::string text;
  (text.append(std::string_view(what)), ...);
  invariant_violation(text);
}

inline std::string text_of(const uint8_t *data, size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

// A folder of this process's own, for the readers that take a path; removed at exit, and by
// the next process when this one died on a finding (the folders of processes gone are).
inline const std::filesystem::path &scratch_dir() {
  struct Scratch {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("twinbench-selffuzz-" + std::to_string(::getpid()));
    Scratch() {
      std::error_code ec;
      for (const auto &e : std::filesystem::directory_iterator(path.parent_path(), ec)) {
        const std::string name = e.path().filename().string();
        const std::string prefix = "twinbench-selffuzz-";
        if (name.starts_with(prefix) &&
            !std::filesystem::exists("/proc/" + name.substr(prefix.size()))) {
          std::filesystem::remove_all(e.path(), ec);
        }
      }
      std::filesystem::create_directories(path);
    }
    ~Scratch() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Scratch scratch;
  return scratch.path;
}

} // namespace twinbench::selffuzz
