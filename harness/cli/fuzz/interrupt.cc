#include "fuzz/interrupt.h"

#include <csignal>

namespace twinbench::cli {

namespace {
// A signal handler can only set a flag; this is the one it sets.
volatile std::sig_atomic_t requested = 0;
extern "C" void on_interrupt(int) { requested = 1; }
} // namespace

struct InterruptGuard::Saved {
  struct sigaction old_int{}, old_term{};
};

InterruptGuard::InterruptGuard() : saved_(new Saved) {
  requested = 0;
  struct sigaction sa{};
  sa.sa_handler = on_interrupt;
  sigaction(SIGINT, &sa, &saved_->old_int);
  sigaction(SIGTERM, &sa, &saved_->old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &saved_->old_int, nullptr);
  sigaction(SIGTERM, &saved_->old_term, nullptr);
  delete saved_;
}

bool interrupt_requested() { return requested != 0; }

} // namespace twinbench::cli
