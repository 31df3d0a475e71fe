#include "common/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "common/environment.h"

namespace twinbench::cli {

void for_each_index(size_t count, int jobs, const std::function<void(size_t)> &work,
                    const std::function<bool()> &stop) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;
  std::mutex error_lock;
  const auto worker = [&] {
    try {
      for (size_t i; !failed && !(stop && stop()) && (i = next++) < count;) work(i);
    } catch (...) {
      const std::lock_guard lock(error_lock);
      if (!first_error) first_error = std::current_exception();
      failed = true;
    }
  };
  const size_t workers =
      std::min(count, static_cast<size_t>(std::max(1, jobs > 0 ? jobs : available_cores())));
  {
    std::vector<std::jthread> threads;
    for (size_t j = 0; j < workers; j++) threads.emplace_back(worker);
  }
  if (first_error) std::rethrow_exception(first_error);
}

} // namespace twinbench::cli
