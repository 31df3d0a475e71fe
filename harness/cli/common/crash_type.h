// What a crash type keeps of a sanitizer's access size, shared by triage (which writes types and
// signatures) and the store (which re-signs the crashes stored before the rule).
#pragma once

#include <string>
#include <string_view>

namespace twinbench::cli {

// ClusterFuzz's rule: an access of 1, 2, 4 or 8 bytes is a scalar's and keeps its size; any
// other size comes from the input (a memcpy's length), so one bug met with 42 and with 26 bytes
// would be two crashes: it is written "{*}". A Rust panic has no such field, so keeping every
// size would inflate C's counts only.
std::string access_size_in_type(std::string_view bytes);

// `text` (a crash type, "Heap-buffer-overflow READ 42", or a signature that starts with one,
// "Heap-buffer-overflow READ 42|f g") with its access size written by that rule.
std::string with_access_size_rule(const std::string &text);

} // namespace twinbench::cli
