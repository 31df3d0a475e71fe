// The report's field-evidence section (report/field_evidence.h), as HTML and as Markdown.
#pragma once

#include <string>

#include "report/report_model.h"

namespace twinbench::cli {

// "" when the checkout has no field component.
std::string render_field_html(const ReportModel &model);
std::string render_field_markdown(const ReportModel &model);

} // namespace twinbench::cli
