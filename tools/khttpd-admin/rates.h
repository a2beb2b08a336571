// Per-second rates between two samples of /proc/khttpd, for stats --watch.
#ifndef KHTTPD_ADMIN_RATES_H_
#define KHTTPD_ADMIN_RATES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "stats.h"

namespace khttpd::admin {

struct RateSample {
  double interval_s = 0;  // what the rates are averaged over
  // One value per column of rate_columns(); nullopt when its keys are absent.
  std::vector<std::optional<double>> values;
};

struct RateColumn {
  const char* title;
  const char* json_name;
  std::vector<const char*> keys;  // summed
  bool gauge;                     // shown as is, not as a rate
  bool bytes;
};

const std::vector<RateColumn>& rate_columns();

// Rates from prev to cur. Without prev, or when the module was reloaded in
// between (uptime went back), the rates are averages since the module was
// loaded, like the first line of vmstat. Between samples the interval is
// the uptime_ms difference, or elapsed_s (wall clock) when that is missing
// or did not advance.
RateSample compute_rates(const Stats* prev, const Stats& cur, double elapsed_s);

std::string format_rate_header();
std::string format_rate_line(const RateSample& sample);
nlohmann::ordered_json rate_json(const RateSample& sample, const Stats& cur);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_RATES_H_
