// Work on independent items, several at a time: the CLI's phases that run one process per item
// (reproductions, minimisations, release replays) and want both cores.
#pragma once

#include <cstddef>
#include <functional>

namespace twinbench::cli {

// Calls work(i) for every i in [0, count), `jobs` at a time (0 or less: one per core), each
// index once. No new index is taken once stop() is true (when given) or a call has thrown.
// Returns when every call begun has returned, rethrowing the first exception.
void for_each_index(size_t count, int jobs, const std::function<void(size_t)> &work,
                    const std::function<bool()> &stop = {});

} // namespace twinbench::cli
