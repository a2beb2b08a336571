// khttpd-admin metrics: the Prometheus families from /proc/khttpd.
#include "metrics.h"

#include <gtest/gtest.h>

namespace khttpd::admin {
namespace {

const char kProc[] =
    "uptime_ms 93784005\n"
    "connections_now 3\n"
    "connections_accepted 100\n"
    "requests_get 900\n"
    "requests_head 50\n"
    "responses_2xx 950\n"
    "responses_4xx 40\n"
    "parse_errors_400 2\n"
    "parse_errors_total 2\n"
    "static_cache_bytes 4096\n"
    "log_dropped 7\n"
    "latency_root_count 10\n"
    "latency_root_sum_us 2500\n"
    "latency_root_p50_us 128\n"
    "latency_root_le_1 0\n"
    "latency_root_le_2 1\n"
    "latency_root_le_2147483648 10\n"
    "some_future_key 5\n";

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(MetricsTest, Families) {
  std::string m = format_metrics(parse_stats(kProc), "0.2.0", "0.2.0");
  EXPECT_TRUE(has_line(m, "khttpd_up 1")) << m;
  EXPECT_TRUE(has_line(m, "khttpd_build_info{version=\"0.2.0\",admin_version=\"0.2.0\"} 1"));
  EXPECT_TRUE(has_line(m, "# TYPE khttpd_connections_open gauge"));
  EXPECT_TRUE(has_line(m, "khttpd_connections_open 3"));
  EXPECT_TRUE(has_line(m, "# TYPE khttpd_requests_total counter"));
  EXPECT_TRUE(has_line(m, "khttpd_requests_total{method=\"GET\"} 900"));
  EXPECT_TRUE(has_line(m, "khttpd_responses_total{class=\"4xx\"} 40"));
  EXPECT_TRUE(has_line(m, "khttpd_parse_errors_total{status=\"400\"} 2"));
  EXPECT_TRUE(has_line(m, "khttpd_static_cache_bytes 4096"));
  EXPECT_TRUE(has_line(m, "khttpd_log_dropped_total 7"));
  EXPECT_TRUE(has_line(m, "khttpd_uptime_seconds 93784.005"));
  EXPECT_EQ(m.find("some_future_key"), std::string::npos);
  EXPECT_EQ(m.find("p50"), std::string::npos);
}

TEST(MetricsTest, HistogramInSeconds) {
  std::string m = format_metrics(parse_stats(kProc), "0.2.0", "0.2.0");
  EXPECT_TRUE(has_line(m, "# TYPE khttpd_request_duration_seconds histogram"));
  EXPECT_TRUE(has_line(m, "khttpd_request_duration_seconds_bucket{route=\"root\",le=\"1e-06\"} 0"))
      << m;
  EXPECT_TRUE(has_line(m, "khttpd_request_duration_seconds_bucket{route=\"root\",le=\"2e-06\"} 1"));
  EXPECT_TRUE(
      has_line(m, "khttpd_request_duration_seconds_bucket{route=\"root\",le=\"2147.483648\"} 10"));
  EXPECT_TRUE(has_line(m, "khttpd_request_duration_seconds_bucket{route=\"root\",le=\"+Inf\"} 10"));
  EXPECT_TRUE(has_line(m, "khttpd_request_duration_seconds_sum{route=\"root\"} 0.002500"));
  EXPECT_TRUE(has_line(m, "khttpd_request_duration_seconds_count{route=\"root\"} 10"));
  // routes without figures have no samples
  EXPECT_EQ(m.find("route=\"fib\""), std::string::npos);
}

TEST(MetricsTest, NotLoaded) {
  std::string m = format_metrics(std::nullopt, "", "0.2.0");
  EXPECT_TRUE(has_line(m, "khttpd_up 0"));
  EXPECT_TRUE(has_line(m, "khttpd_build_info{version=\"\",admin_version=\"0.2.0\"} 1"));
  EXPECT_EQ(m.find("khttpd_requests_total"), std::string::npos);
}

TEST(MetricsTest, EveryFamilyHasHelpAndTypeOnce) {
  std::string m = format_metrics(parse_stats(kProc), "0.2.0", "0.2.0");
  size_t types = 0, helps = 0;
  for (size_t at = 0; (at = m.find("# TYPE ", at)) != std::string::npos; at++) types++;
  for (size_t at = 0; (at = m.find("# HELP ", at)) != std::string::npos; at++) helps++;
  EXPECT_EQ(types, helps);
}

}  // namespace
}  // namespace khttpd::admin
