// Prometheus text exposition of /proc/khttpd: see metrics.h.
#include "metrics.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

const char* const kRoutes[] = {
#define KHTTPD_ROUTE(id, name) name,
#include "uapi/khttpd.h"
};

// One /proc/khttpd key as one sample of a metric family.
struct Sample {
  const char* key;
  const char* labels;  // "" or `name="value"`
};

struct Family {
  const char* name;
  const char* type;  // counter or gauge
  const char* help;
  std::vector<Sample> samples;
};

const std::vector<Family>& families() {
  static const std::vector<Family> kFamilies = {
      {"khttpd_connections_accepted_total",
       "counter",
       "Connections accepted.",
       {{"connections_accepted", ""}}},
      {"khttpd_connections_closed_total",
       "counter",
       "Connections closed and freed.",
       {{"connections_closed", ""}}},
      {"khttpd_connections_rejected_total",
       "counter",
       "Connections answered 503 at accept (max_connections, no memory).",
       {{"connections_rejected", ""}}},
      {"khttpd_connections_open", "gauge", "Connections open now.", {{"connections_now", ""}}},
      {"khttpd_requests_total",
       "counter",
       "Parsed requests by method.",
       {{"requests_get", "method=\"GET\""},
        {"requests_head", "method=\"HEAD\""},
        {"requests_other", "method=\"other\""}}},
      {"khttpd_responses_total",
       "counter",
       "Responses sent, by status class.",
       {{"responses_1xx", "class=\"1xx\""},
        {"responses_2xx", "class=\"2xx\""},
        {"responses_3xx", "class=\"3xx\""},
        {"responses_4xx", "class=\"4xx\""},
        {"responses_5xx", "class=\"5xx\""}}},
      {"khttpd_received_bytes_total",
       "counter",
       "Bytes received on connections.",
       {{"bytes_in", ""}}},
      {"khttpd_sent_bytes_total", "counter", "Bytes sent on connections.", {{"bytes_out", ""}}},
      {"khttpd_parse_errors_total",
       "counter",
       "Requests refused by the parser, by status.",
       {{"parse_errors_400", "status=\"400\""},
        {"parse_errors_413", "status=\"413\""},
        {"parse_errors_414", "status=\"414\""},
        {"parse_errors_431", "status=\"431\""},
        {"parse_errors_501", "status=\"501\""},
        {"parse_errors_505", "status=\"505\""}}},
      {"khttpd_timeouts_total",
       "counter",
       "Connections timed out, by phase.",
       {{"timeouts_keepalive", "phase=\"keepalive\""},
        {"timeouts_header", "phase=\"header\""},
        {"timeouts_body", "phase=\"body\""},
        {"timeouts_send", "phase=\"send\""}}},
      {"khttpd_fib_requests_total", "counter", "Requests for /fib/N.", {{"fib_requests", ""}}},
      {"khttpd_fib_cache_hits_total",
       "counter",
       "/fib/N answered from the cache.",
       {{"fib_cache_hits", ""}}},
      {"khttpd_fib_cache_misses_total", "counter", "/fib/N computed.", {{"fib_cache_misses", ""}}},
      {"khttpd_fib_cancelled_total",
       "counter",
       "/fib computations abandoned.",
       {{"fib_cancelled", ""}}},
      {"khttpd_fib_joined_total",
       "counter",
       "/fib requests that waited on a running computation.",
       {{"fib_joined", ""}}},
      {"khttpd_fib_refused_total",
       "counter",
       "/fib requests answered 503, by limit.",
       {{"fib_refused_queue", "limit=\"queue\""},
        {"fib_refused_client", "limit=\"client\""},
        {"fib_refused_memory", "limit=\"memory\""}}},
      {"khttpd_fib_wait_expired_total",
       "counter",
       "/fib requests answered after the wait limit.",
       {{"fib_wait_expired", ""}}},
      {"khttpd_fib_computations",
       "gauge",
       "/fib computations queued or running now.",
       {{"fib_computations_now", ""}}},
      {"khttpd_fib_memory_used_bytes",
       "gauge",
       "Memory reserved by /fib computations now.",
       {{"fib_memory_used", ""}}},
      {"khttpd_fib_cache_bytes",
       "gauge",
       "Memory held by cached /fib results.",
       {{"fib_cache_bytes", ""}}},
      {"khttpd_static_cache_hits_total",
       "counter",
       "Small static files served from the cache.",
       {{"static_cache_hits", ""}}},
      {"khttpd_static_cache_misses_total",
       "counter",
       "Small static files not in the cache.",
       {{"static_cache_misses", ""}}},
      {"khttpd_static_offloaded_total",
       "counter",
       "Static-file work handed to the blocking workqueue.",
       {{"static_offloaded", ""}}},
      {"khttpd_static_listings_built_total",
       "counter",
       "Directory listing pages built.",
       {{"static_listings_built", ""}}},
      {"khttpd_static_cache_bytes",
       "gauge",
       "Memory charged to the static file cache.",
       {{"static_cache_bytes", ""}}},
      {"khttpd_budget_bytes",
       "gauge",
       "Memory charged to the memory budget now.",
       {{"budget_bytes", ""}}},
      {"khttpd_budget_peak_bytes",
       "gauge",
       "The most memory charged to the budget at once.",
       {{"budget_peak_bytes", ""}}},
      {"khttpd_budget_refused_total",
       "counter",
       "Charges the memory budget refused (503).",
       {{"budget_refused", ""}}},
      {"khttpd_log_records_total",
       "counter",
       "Access log records put into the ring.",
       {{"log_records", ""}}},
      {"khttpd_log_dropped_total",
       "counter",
       "Access log records dropped (ring full).",
       {{"log_dropped", ""}}},
  };
  return kFamilies;
}

// A float as Prometheus reads it: digits printf-style, e.g. "%.10g".
std::string number(const char* format, double v) {
  char buf[64];
  snprintf(buf, sizeof(buf), format, v);
  return buf;
}

std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void histograms(std::ostream& o, const Stats& stats) {
  const std::string name = "khttpd_request_duration_seconds";
  o << "# HELP " << name
    << " Time from a request's first byte to its response's last byte, by route.\n"
    << "# TYPE " << name << " histogram\n";
  for (const char* route : kRoutes) {
    std::string prefix = std::string("latency_") + route + "_";
    auto count = stats.get(prefix + "count");
    if (!count) continue;
    for (unsigned i = 0; i < 32; i++) {
      uint64_t us = 1ull << i;
      auto cum = stats.get(prefix + "le_" + std::to_string(us));
      if (!cum) continue;
      o << name << "_bucket{route=\"" << route << "\",le=\"" << number("%.10g", us / 1e6) << "\"} "
        << *cum << "\n";
    }
    o << name << "_bucket{route=\"" << route << "\",le=\"+Inf\"} " << *count << "\n";
    if (auto sum = stats.get(prefix + "sum_us"))
      o << name << "_sum{route=\"" << route << "\"} " << number("%.6f", *sum / 1e6) << "\n";
    o << name << "_count{route=\"" << route << "\"} " << *count << "\n";
  }
}

}  // namespace

std::string format_metrics(const std::optional<Stats>& stats, const std::string& module_version,
                           const std::string& admin_version) {
  std::ostringstream o;
  o << "# HELP khttpd_up 1 if the khttpd module is loaded.\n"
    << "# TYPE khttpd_up gauge\n"
    << "khttpd_up " << (stats ? 1 : 0) << "\n"
    << "# HELP khttpd_build_info Versions of the loaded module and of khttpd-admin.\n"
    << "# TYPE khttpd_build_info gauge\n"
    << "khttpd_build_info{version=\"" << label_value(module_version) << "\",admin_version=\""
    << label_value(admin_version) << "\"} 1\n";
  if (!stats) return o.str();
  if (auto up = stats->get("uptime_ms")) {
    o << "# HELP khttpd_uptime_seconds Time since the module was loaded.\n"
      << "# TYPE khttpd_uptime_seconds gauge\n"
      << "khttpd_uptime_seconds " << number("%.3f", *up / 1e3) << "\n";
  }
  for (const Family& f : families()) {
    std::ostringstream body;
    for (const Sample& s : f.samples) {
      auto v = stats->get(s.key);
      if (!v) continue;
      body << f.name;
      if (*s.labels) body << "{" << s.labels << "}";
      body << " " << *v << "\n";
    }
    if (body.str().empty()) continue;
    o << "# HELP " << f.name << " " << f.help << "\n"
      << "# TYPE " << f.name << " " << f.type << "\n"
      << body.str();
  }
  histograms(o, *stats);
  return o.str();
}

}  // namespace khttpd::admin
