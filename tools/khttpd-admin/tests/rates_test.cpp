#include "rates.h"

#include <gtest/gtest.h>

namespace khttpd::admin {
namespace {

size_t column(const char* title) {
  const auto& columns = rate_columns();
  for (size_t i = 0; i < columns.size(); i++)
    if (columns[i].title == std::string(title)) return i;
  ADD_FAILURE() << title;
  return 0;
}

TEST(RatesTest, FirstSampleAveragesSinceLoad) {
  Stats cur = parse_stats("uptime_ms 10000\nrequests_get 100\nrequests_head 50\nbytes_out 20480\n");
  RateSample sample = compute_rates(nullptr, cur, 0);
  EXPECT_DOUBLE_EQ(sample.interval_s, 10);
  EXPECT_DOUBLE_EQ(*sample.values[column("req/s")], 15);
  EXPECT_DOUBLE_EQ(*sample.values[column("out/s")], 2048);
  EXPECT_FALSE(sample.values[column("conns")]);
}

TEST(RatesTest, DeltasOverKernelUptime) {
  Stats prev = parse_stats("uptime_ms 10000\nrequests_get 100\nconnections_now 5\n");
  Stats cur = parse_stats("uptime_ms 12000\nrequests_get 300\nconnections_now 7\n");
  RateSample sample = compute_rates(&prev, cur, 99);  // wall clock ignored
  EXPECT_DOUBLE_EQ(sample.interval_s, 2);
  EXPECT_DOUBLE_EQ(*sample.values[column("req/s")], 100);
  EXPECT_DOUBLE_EQ(*sample.values[column("conns")], 7);  // a gauge, not a rate
}

TEST(RatesTest, WallClockWithoutUptime) {
  Stats prev = parse_stats("requests_get 100\n");
  Stats cur = parse_stats("requests_get 110\n");
  EXPECT_DOUBLE_EQ(*compute_rates(&prev, cur, 0.5).values[column("req/s")], 20);
}

TEST(RatesTest, ReloadedModuleStartsOver) {
  Stats prev = parse_stats("uptime_ms 100000\nrequests_get 1000\n");
  Stats cur = parse_stats("uptime_ms 2000\nrequests_get 10\n");
  RateSample sample = compute_rates(&prev, cur, 1);
  EXPECT_DOUBLE_EQ(sample.interval_s, 2);
  EXPECT_DOUBLE_EQ(*sample.values[column("req/s")], 5);
}

TEST(RatesTest, Formatting) {
  Stats prev = parse_stats("uptime_ms 0\n");
  Stats cur = parse_stats(
      "uptime_ms 1000\nconnections_now 3\nconnections_accepted 2\nrequests_get 1234\n"
      "bytes_out 2097152\n");
  RateSample sample = compute_rates(&prev, cur, 1);
  EXPECT_EQ(format_rate_header(),
            "    conns   conn/s    req/s    4xx/s    5xx/s     in/s    out/s    err/s\n");
  EXPECT_EQ(format_rate_line(sample),
            "        3      2.0     1234        -        -        -       2M        -\n");
  auto json = rate_json(sample, cur);
  EXPECT_EQ(json["interval_s"], 1.0);
  EXPECT_EQ(json["rates"]["requests_per_s"], 1234.0);
  EXPECT_TRUE(json["rates"]["responses_4xx_per_s"].is_null());
  EXPECT_EQ(json["stats"]["connections_now"], 3);
}

}  // namespace
}  // namespace khttpd::admin
