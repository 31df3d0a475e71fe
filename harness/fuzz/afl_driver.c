/* AFL++'s persistent loop around a fuzz target's LLVMFuzzerTestOneInput: the afl preset's main
 * (harness/fuzz/CMakeLists.txt). Not Debian's libAFLDriver.a, whose main runs a fixed input
 * ("##SI") in every child AFL++ forks, before that child's inputs: a bug that input triggers
 * (base64-tail-write does) then makes every input AFL++ tries look like a crash. Each input is
 * copied into a heap block of its exact size, as libFuzzer does, so that ASan sees a read past
 * its end on both engines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

/* AFL++'s runtime (afl-compiler-rt.o): the input in shared memory, the fork server started once
 * this process is ready (deferred), the persistent loop. */
extern unsigned char *__afl_fuzz_ptr;
extern unsigned int *__afl_fuzz_len;
void __afl_manual_init(void);
int __afl_persistent_loop(unsigned int max_count);
/* Tells the runtime to take inputs from shared memory, not a file. */
int __afl_sharedmem_fuzzing = 1;

/* afl-fuzz reads these from the binary: persistent mode, and a deferred fork server. */
__attribute__((used)) static volatile const char persistent_signature[] = "##SIG_AFL_PERSISTENT##";
__attribute__((used)) static volatile const char deferred_signature[] = "##SIG_AFL_DEFER_FORKSRV##";

enum { kInputsPerProcess = 100000 };

static int run_copy(const uint8_t *data, size_t size) {
  /* malloc(0) under ASan is a block of no bytes: reading its first is reported, as libFuzzer's
     empty input's is. */
  uint8_t *copy = malloc(size);
  if (!copy && size) return 1;
  if (size) memcpy(copy, data, size);
  LLVMFuzzerTestOneInput(copy, size);
  free(copy);
  return 0;
}

/* `binary FILE...`: each file once, as libFuzzer's binaries replay an input. */
static int run_files(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    FILE *file = fopen(argv[i], "rb");
    if (!file) {
      fprintf(stderr, "cannot open %s\n", argv[i]);
      return 1;
    }
    uint8_t *data = NULL;
    size_t size = 0, capacity = 0;
    for (;;) {
      if (size == capacity) {
        capacity = capacity ? capacity * 2 : 4096;
        uint8_t *grown = realloc(data, capacity);
        if (!grown) {
          free(data);
          fclose(file);
          return 1;
        }
        data = grown;
      }
      size_t got = fread(data + size, 1, capacity - size, file);
      if (got == 0) break;
      size += got;
    }
    fclose(file);
    int failed = run_copy(data, size);
    free(data);
    if (failed) return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  if (argc > 1) return run_files(argc, argv);
  __afl_manual_init();
  while (__afl_persistent_loop(kInputsPerProcess)) {
    if (run_copy(__afl_fuzz_ptr, *__afl_fuzz_len)) return 1;
  }
  return 0;
}
