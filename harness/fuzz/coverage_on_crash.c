/* Coverage preset only: a replay that dies on a signal still writes its profile, so that
 * `twinbench coverage` counts what a crashing input executed before it died (a seeded bug's
 * input that a Rust bounds check stops with a panic, which aborts; a C out-of-bounds write
 * that segfaults without a sanitizer). The profile runtime writes at exit, which a signal
 * skips: the handler writes it, then dies of the same signal. `twinbench coverage` runs these
 * replays with libFuzzer's own handlers off (-handle_abrt=0 ...), so this one stays in place. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

int __llvm_profile_write_file(void); /* the profile runtime's (-fprofile-instr-generate) */

static void write_profile_then_die(int signal_number) {
  /* A crash inside malloc (a corrupted heap makes it abort) leaves its lock held, and writing
   * the profile allocates: then the write never returns. An alarm ends the process in 10 s
   * whatever happens, that input's profile lost rather than the replay hung. */
  signal(SIGALRM, SIG_DFL);
  alarm(10);
  (void)__llvm_profile_write_file();
  raise(signal_number); /* SA_RESETHAND: the default action now, the same death */
}

__attribute__((constructor)) static void tb_write_profile_on_crash(void) {
  static const int deadly[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = write_profile_then_die;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (size_t i = 0; i < sizeof deadly / sizeof deadly[0]; i++) sigaction(deadly[i], &action, NULL);
}
