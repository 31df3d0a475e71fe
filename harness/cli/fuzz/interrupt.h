// Ctrl-C or SIGTERM during a campaign: the long loops (fuzzing, triage) check
// interrupt_requested() and stop where `--resume` can continue.
#pragma once

namespace twinbench::cli {

// Installs the handler for its lifetime and clears any earlier request.
class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard &) = delete;
  InterruptGuard &operator=(const InterruptGuard &) = delete;

private:
  struct Saved;
  Saved *saved_;
};

bool interrupt_requested();

} // namespace twinbench::cli
