#include "stats.h"

#include "format.h"
#include "keys.h"
#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

constexpr const char* kBlanks = " \t\r";
// The routes of /proc/khttpd's latency_<route>_* lines, in the module's order.
const char* const kRoutes[] = {
#define KHTTPD_ROUTE(id, name) name,
#include "uapi/khttpd.h"
};

// One summary line: a label and the parts whose keys are present.
class Line {
 public:
  explicit Line(const Stats& stats) : stats_(stats) {}

  // "<value><suffix>" or "<prefix><value>" when key is present.
  Line& count(const char* key, const std::string& prefix, const std::string& suffix = "") {
    if (auto n = stats_.get(key)) add(prefix + std::to_string(*n) + suffix);
    return *this;
  }
  Line& bytes(const char* key, const std::string& suffix) {
    if (auto n = stats_.get(key)) add(format_bytes(*n) + suffix);
    return *this;
  }
  Line& add(const std::string& part) {
    text_ += (text_.empty() ? "" : ", ") + part;
    return *this;
  }
  void emit(const char* label, std::string* out) const {
    if (text_.empty()) return;
    std::string padded(label);
    padded.resize(14, ' ');
    *out += padded + text_ + "\n";
  }

 private:
  const Stats& stats_;
  std::string text_;
};

std::string format_latency(std::optional<uint64_t> us) {
  if (!us) return "-";
  char buf[32];
  if (*us < 1000) return std::to_string(*us) + "us";
  if (*us < 1000000)
    std::snprintf(buf, sizeof(buf), "%.2fms", static_cast<double>(*us) / 1e3);
  else
    std::snprintf(buf, sizeof(buf), "%.2fs", static_cast<double>(*us) / 1e6);
  return buf;
}

}  // namespace

std::optional<uint64_t> Stats::get(std::string_view key) const {
  for (const auto& [k, v] : lines)
    if (k == key) return parse_decimal(v);
  return std::nullopt;
}

std::optional<uint64_t> Stats::sum(const std::vector<const char*>& keys) const {
  std::optional<uint64_t> total;
  for (const char* key : keys)
    if (auto n = get(key)) total = total.value_or(0) + *n;
  return total;
}

nlohmann::ordered_json Stats::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : lines) {
    if (auto n = parse_decimal(value))
      out[key] = *n;
    else
      out[key] = value;
  }
  return out;
}

Stats parse_stats(std::string_view text) {
  Stats stats;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);

    size_t start = line.find_first_not_of(kBlanks);
    if (start == std::string_view::npos) continue;
    line = line.substr(start, line.find_last_not_of(kBlanks) - start + 1);
    size_t gap = line.find_first_of(kBlanks);
    std::string key(line.substr(0, gap));
    std::string value;
    if (gap != std::string_view::npos) {
      std::string_view rest = line.substr(gap);
      value = rest.substr(rest.find_first_not_of(kBlanks));
    }
    stats.lines.emplace_back(std::move(key), std::move(value));
  }
  return stats;
}

std::string format_summary(const Stats& stats) {
  std::string out;
  if (auto ms = stats.get("uptime_ms"))
    Line(stats).add(format_duration_ms(*ms)).emit("uptime", &out);

  Line(stats)
      .count("connections_now", "", " open")
      .count("connections_accepted", "", " accepted")
      .count("connections_closed", "", " closed")
      .count("connections_rejected", "", " rejected")
      .emit("connections", &out);

  Line requests(stats);
  if (auto total = stats.sum({"requests_get", "requests_head", "requests_other"}))
    requests.add(std::to_string(*total) + " total");
  requests.count("requests_get", "GET ")
      .count("requests_head", "HEAD ")
      .count("requests_other", "other ")
      .emit("requests", &out);

  Line responses(stats);
  for (const char* cls : {"1xx", "2xx", "3xx", "4xx", "5xx"})
    responses.count(("responses_" + std::string(cls)).c_str(), std::string(cls) + " ");
  responses.emit("responses", &out);

  Line(stats).bytes("bytes_in", " in").bytes("bytes_out", " out").emit("bytes", &out);
  Line errors(stats);
  errors.count("parse_errors_total", "", " parse");
  for (const char* status : {"400", "413", "414", "431", "501", "505"})
    errors.count(("parse_errors_" + std::string(status)).c_str(), std::string(status) + " ");
  errors.emit("errors", &out);
  Line(stats)
      .count("timeouts_keepalive", "", " keep-alive")
      .count("timeouts_header", "", " header")
      .count("timeouts_send", "", " send")
      .emit("timeouts", &out);

  Line fib(stats);
  fib.count("fib_requests", "", " requests");
  auto hits = stats.get("fib_cache_hits");
  auto misses = stats.get("fib_cache_misses");
  if (hits && misses)
    fib.add("cache hit rate " + format_percent(*hits, *hits + *misses) + " (" +
            std::to_string(*hits) + " hits, " + std::to_string(*misses) + " misses)");
  fib.bytes("fib_cache_bytes", " cached")
      .count("fib_cancelled", "", " cancelled")
      .emit("fib", &out);

  // The static file cache: hits and misses of GET bodies from small files.
  Line files(stats);
  auto file_hits = stats.get("static_cache_hits");
  auto file_misses = stats.get("static_cache_misses");
  if (file_hits && file_misses)
    files.add("cache hit rate " + format_percent(*file_hits, *file_hits + *file_misses) + " (" +
              std::to_string(*file_hits) + " hits, " + std::to_string(*file_misses) + " misses)");
  else
    files.count("static_cache_hits", "", " cache hits").count("static_cache_misses", "", " misses");
  files.bytes("static_cache_bytes", " cached").emit("static files", &out);

  Table latency({"LATENCY", "COUNT", "P50", "P90", "P99"},
                {Table::Align::kLeft, Table::Align::kRight, Table::Align::kRight,
                 Table::Align::kRight, Table::Align::kRight});
  bool any = false;
  for (const char* route : kRoutes) {
    std::string prefix = std::string("latency_") + route + "_";
    auto count = stats.get(prefix + "count");
    if (!count) continue;
    any = true;
    latency.add_row({route, std::to_string(*count), format_latency(stats.get(prefix + "p50_us")),
                     format_latency(stats.get(prefix + "p90_us")),
                     format_latency(stats.get(prefix + "p99_us"))});
  }
  if (any) out += "\n" + latency.render();
  return out;
}

}  // namespace khttpd::admin
