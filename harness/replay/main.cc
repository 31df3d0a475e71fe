// One input replayed through one implementation in a release build (no sanitizer: what a user's
// shipped binary does), for `twinbench consequences`. The driver is the fuzz driver compiled
// with TB_FUZZ_REPLAY (harness/fuzz/driver.h): it records every result instead of checking
// it, and hands the implementation guarded, pre-filled memory, the input included.
//   replay_<comp>_<impl> INPUT [FILL [exact]]
// FILL: the byte caller memory starts as, hex (a5); "exact": no guard zones, every buffer
// allocated at exactly its size, so that valgrind sees an access past it.
// Prints, on stdout:
//   TWINBENCH VALUE <field>\t<kind>\t<text>   every result value, in order
//   TWINBENCH GUARD <which>                   a guard zone the implementation wrote into
//   TWINBENCH REPLAY DONE                     the replay ran to its end (or to a violation)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "driver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace {

// One line per value: tabs and line breaks inside a value would split it.
std::string one_line(std::string s) {
  for (char &c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

} // namespace

int main(int argc, char **argv) {
  using twinbench::fuzz::Caller;
  using twinbench::fuzz::Replay;
  if (argc < 2 || argc > 4 || (argc == 4 && std::strcmp(argv[3], "exact") != 0)) {
    std::fprintf(stderr, "usage: %s INPUT [FILL [exact]]\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
    return 2;
  }
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(file),
                                   std::istreambuf_iterator<char>()};
  if (argc >= 3) Replay::current().fill = static_cast<uint8_t>(std::strtoul(argv[2], nullptr, 16));
  Replay::current().guards = argc < 4;
  if (LLVMFuzzerInitialize != nullptr) LLVMFuzzerInitialize(&argc, &argv);
  {
    Caller<uint8_t> input(bytes.size(), "the input"); // a read past its end sees the fill
    if (!bytes.empty()) std::memcpy(input.data(), bytes.data(), bytes.size());
    try {
      LLVMFuzzerTestOneInput(input.data(), input.size());
    } catch (const twinbench::fuzz::ReplayStopped &) {
      // a violation: recorded as the last value
    }
  }
  for (const auto &v : Replay::current().values) {
    std::printf("TWINBENCH VALUE %s\t%s\t%s\n", one_line(v.field).c_str(), v.kind.c_str(),
                one_line(v.text).c_str());
  }
  for (const auto &c : Replay::current().corruptions)
    std::printf("TWINBENCH GUARD %s\n", c.c_str());
  std::printf("TWINBENCH REPLAY DONE\n");
  return 0;
}
