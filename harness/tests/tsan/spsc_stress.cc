// The spsc stress test as a program of its own, for the ThreadSanitizer build
// (harness/fuzz/CMakeLists.txt): every linked implementation moves BYTES (default 10^7)
// through push/pop and a tenth of that through the zero-copy regions, on two threads.
//   spsc_stress_<impl>_tsan [BYTES]
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "../spsc_stream.h"
#include "twinbench/implementations.h"

TB_DECLARE_IMPLEMENTATIONS(spsc)

int main(int argc, char **argv) {
  const uint64_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
  int failures = 0;
  for (const tb_spsc_api *api : std::vector<const tb_spsc_api *> TB_IMPLEMENTATIONS(spsc)) {
    for (bool zero_copy : {false, true}) {
      const uint64_t bytes = zero_copy ? total / 10 : total;
      auto r = twinbench::test::move_stream(*api, zero_copy ? 512 : 4096, bytes, zero_copy);
      bool ok = r.created && r.wrong == 0 && r.received == bytes;
      std::printf("%s %s: %llu bytes, %llu wrong: %s\n", api->name,
                  zero_copy ? "regions" : "push/pop", static_cast<unsigned long long>(r.received),
                  static_cast<unsigned long long>(r.wrong), ok ? "ok" : "FAILED");
      failures += !ok;
    }
  }
  return failures == 0 ? 0 : 1;
}
