// /proc/khttpd: `key value` lines, read generically so that keys added to
// the module later still show up (in --json), and the human summary built
// from the names known today.
#ifndef KHTTPD_ADMIN_STATS_H_
#define KHTTPD_ADMIN_STATS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khttpd::admin {

struct Stats {
  std::vector<std::pair<std::string, std::string>> lines;  // in file order

  // The value of key when it is present and an unsigned integer.
  std::optional<uint64_t> get(std::string_view key) const;

  // Sum of the keys that are present; nullopt when none is.
  std::optional<uint64_t> sum(const std::vector<const char*>& keys) const;

  // Every line: numbers as JSON numbers, anything else as a string.
  nlohmann::ordered_json to_json() const;
};

// Blank lines are skipped; a line without a value keeps an empty string.
Stats parse_stats(std::string_view text);

// The readable summary: uptime, connections, requests, responses, bytes,
// errors, timeouts, fib cache, static file cache and a latency table per
// route. Lines whose
// keys are all absent are left out.
std::string format_summary(const Stats& stats);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_STATS_H_
