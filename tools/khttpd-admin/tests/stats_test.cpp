#include "stats.h"

#include <gtest/gtest.h>

namespace khttpd::admin {
namespace {

const char kFull[] =
    "uptime_ms 93784005\n"
    "connections_now 3\n"
    "connections_accepted 100\n"
    "connections_closed 97\n"
    "connections_rejected 0\n"
    "requests_get 900\n"
    "requests_head 50\n"
    "requests_other 50\n"
    "responses_1xx 0\n"
    "responses_2xx 950\n"
    "responses_3xx 0\n"
    "responses_4xx 40\n"
    "responses_5xx 10\n"
    "bytes_in 1536\n"
    "bytes_out 67108864\n"
    "parse_errors_total 3\n"
    "parse_errors_400 2\n"
    "parse_errors_505 1\n"
    "timeouts_keepalive 10\n"
    "timeouts_header 2\n"
    "timeouts_send 1\n"
    "fib_requests 500\n"
    "fib_cache_hits 400\n"
    "fib_cache_misses 100\n"
    "fib_cache_bytes 12582912\n"
    "fib_cancelled 4\n"
    "latency_root_count 1000\n"
    "latency_root_p50_us 120\n"
    "latency_root_p90_us 1500\n"
    "latency_root_p99_us 2500000\n"
    "latency_root_le_100 400\n"
    "static_cache_hits 300\n"
    "static_cache_misses 100\n"
    "static_cache_bytes 1048576\n"
    "latency_fib_count 500\n"
    "latency_fib_p50_us 80\n"
    "latency_fib_p90_us 95\n"
    "latency_fib_p99_us 99\n"
    "latency_other_count 7\n";

TEST(StatsTest, ParsesAnyKeyValueLines) {
  Stats stats = parse_stats("a 1\n\n  b\t 2 \nname some text\nlonely\nbig 18446744073709551616\n");
  ASSERT_EQ(stats.lines.size(), 5u);
  EXPECT_EQ(stats.lines[1], (std::pair<std::string, std::string>{"b", "2"}));
  EXPECT_EQ(stats.lines[2].second, "some text");
  EXPECT_EQ(stats.lines[3].second, "");
  EXPECT_EQ(stats.get("a"), 1u);
  EXPECT_EQ(stats.get("name"), std::nullopt);
  EXPECT_EQ(stats.get("missing"), std::nullopt);
  EXPECT_EQ(stats.sum({"a", "b", "missing"}), 3u);
  EXPECT_EQ(stats.sum({"missing"}), std::nullopt);
}

TEST(StatsTest, JsonKeepsEveryKeyAndType) {
  auto json =
      parse_stats("uptime_ms 5\nfuture_key 7\nversion 1.2\nbig 18446744073709551616\n").to_json();
  EXPECT_EQ(json.dump(),
            R"({"uptime_ms":5,"future_key":7,"version":"1.2","big":"18446744073709551616"})");
}

TEST(StatsTest, Summary) {
  EXPECT_EQ(format_summary(parse_stats(kFull)),
            "uptime        1d 2h 3m 4s\n"
            "connections   3 open, 100 accepted, 97 closed, 0 rejected\n"
            "requests      1000 total, GET 900, HEAD 50, other 50\n"
            "responses     1xx 0, 2xx 950, 3xx 0, 4xx 40, 5xx 10\n"
            "bytes         1.50K in, 64M out\n"
            "errors        3 parse, 400 2, 505 1\n"
            "timeouts      10 keep-alive, 2 header, 1 send\n"
            "fib           500 requests, cache hit rate 80.0% (400 hits, 100 misses), 12M cached, "
            "4 cancelled\n"
            "static files  cache hit rate 75.0% (300 hits, 100 misses), 1M cached\n"
            "\n"
            "LATENCY  COUNT    P50     P90    P99\n"
            "root      1000  120us  1.50ms  2.50s\n"
            "fib        500   80us    95us   99us\n"
            "other        7      -       -      -\n");
}

TEST(StatsTest, SummaryLeavesOutWhatIsMissing) {
  EXPECT_EQ(format_summary(parse_stats("connections_now 2\nrequests_head 1\nunknown 5\n")),
            "connections   2 open\n"
            "requests      1 total, HEAD 1\n");
  EXPECT_EQ(format_summary(parse_stats("")), "");
  EXPECT_EQ(format_summary(parse_stats("static_cache_misses 4\nstatic_cache_bytes 0\n")),
            "static files  4 misses, 0 cached\n");
}

}  // namespace
}  // namespace khttpd::admin
