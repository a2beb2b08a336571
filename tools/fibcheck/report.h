// The results: an aligned table for people (-H: tab-separated, for
// scripts) and CSV for plotting (tools/fibcheck/plot).
#ifndef KHTTPD_FIBCHECK_REPORT_H_
#define KHTTPD_FIBCHECK_REPORT_H_

#include <string>
#include <vector>

#include "measure.h"

namespace khttpd::fibcheck {

std::string render_table(const std::vector<Row>& rows, bool scripted);

// Times in ms with four decimals; an unknown figure is an empty field.
std::string csv_header();
std::string csv_row(const Row& row);

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_REPORT_H_
