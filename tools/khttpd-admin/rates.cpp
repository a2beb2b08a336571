#include "rates.h"

#include <cmath>
#include <cstdio>

#include "format.h"

namespace khttpd::admin {
namespace {

constexpr int kWidth = 9;

const std::vector<RateColumn> kColumns = {
    {"conns", "connections_now", {"connections_now"}, true, false},
    {"conn/s", "connections_accepted", {"connections_accepted"}, false, false},
    {"req/s", "requests", {"requests_get", "requests_head", "requests_other"}, false, false},
    {"4xx/s", "responses_4xx", {"responses_4xx"}, false, false},
    {"5xx/s", "responses_5xx", {"responses_5xx"}, false, false},
    {"in/s", "bytes_in", {"bytes_in"}, false, true},
    {"out/s", "bytes_out", {"bytes_out"}, false, true},
    {"err/s", "parse_errors_total", {"parse_errors_total"}, false, false},
};

std::string cell(const std::string& text) {
  std::string out(text.size() < kWidth ? kWidth - text.size() : 1, ' ');
  return out + text;
}

std::string format_rate(const RateColumn& column, std::optional<double> value) {
  if (!value) return "-";
  if (column.bytes) return format_bytes(static_cast<uint64_t>(std::llround(*value)));
  char buf[32];
  std::snprintf(buf, sizeof(buf), *value < 100 && !column.gauge ? "%.1f" : "%.0f", *value);
  return buf;
}

}  // namespace

const std::vector<RateColumn>& rate_columns() { return kColumns; }

RateSample compute_rates(const Stats* prev, const Stats& cur, double elapsed_s) {
  auto cur_up = cur.get("uptime_ms");
  if (prev) {
    auto prev_up = prev->get("uptime_ms");
    if (cur_up && prev_up) {
      if (*cur_up < *prev_up)
        prev = nullptr;             // reloaded: compare with nothing
      else if (*cur_up > *prev_up)  // kernel time is exact; the wall clock if it did not move
        elapsed_s = static_cast<double>(*cur_up - *prev_up) / 1000.0;
    }
  }
  RateSample sample;
  if (!prev) elapsed_s = cur_up ? static_cast<double>(*cur_up) / 1000.0 : 0;
  sample.interval_s = elapsed_s;
  for (const auto& column : kColumns) {
    auto now = cur.sum(column.keys);
    std::optional<double> value;
    if (now && column.gauge) {
      value = static_cast<double>(*now);
    } else if (now && elapsed_s > 0) {
      uint64_t before = prev ? prev->sum(column.keys).value_or(0) : 0;
      // A counter that went back was reset: count from zero.
      uint64_t delta = *now >= before ? *now - before : *now;
      value = static_cast<double>(delta) / elapsed_s;
    }
    sample.values.push_back(value);
  }
  return sample;
}

std::string format_rate_header() {
  std::string out;
  for (const auto& column : kColumns) out += cell(column.title);
  return out + "\n";
}

std::string format_rate_line(const RateSample& sample) {
  std::string out;
  for (size_t i = 0; i < kColumns.size(); i++)
    out += cell(format_rate(kColumns[i], sample.values[i]));
  return out + "\n";
}

nlohmann::ordered_json rate_json(const RateSample& sample, const Stats& cur) {
  nlohmann::ordered_json rates = nlohmann::ordered_json::object();
  for (size_t i = 0; i < kColumns.size(); i++) {
    if (kColumns[i].gauge) continue;
    rates[std::string(kColumns[i].json_name) + "_per_s"] =
        sample.values[i] ? nlohmann::ordered_json(*sample.values[i]) : nlohmann::ordered_json();
  }
  return {{"interval_s", sample.interval_s}, {"rates", rates}, {"stats", cur.to_json()}};
}

}  // namespace khttpd::admin
