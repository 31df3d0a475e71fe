// The report's writers: each walks a document and knows no section.
#pragma once

#include <string>

#include "report/document.h"

namespace twinbench::cli::doc {

std::string write_html(const Document &document);
std::string write_markdown(const Document &document);

} // namespace twinbench::cli::doc
