// Where a seeded bug sits in a twin's own files, for `twinbench coverage` of a ground-truth
// campaign: the lines of the canary call naming it (docs/bugs.md), TB_CANARY("<id>", ...) in C,
// tb_canary::mark("<id>", ...) in Rust. Coverage says whether a corpus executed them; the
// canary says whether the campaign reached them (Magma's "reached"): the two must agree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/project.h"
#include "coverage/llvm_cov.h"

namespace twinbench::cli {

struct BugSite {
  fs::path file;
  int64_t first_line = 0, last_line = 0; // the call, from its name to the line naming the bug
};

// Every canary call naming `bug` in `files`, in file and line order.
std::vector<BugSite> bug_sites(const std::vector<fs::path> &files, const std::string &bug);

// Whether a line of any of `sites` ran.
bool executed_any(const std::vector<BugSite> &sites, const LineSet &ran);

} // namespace twinbench::cli
