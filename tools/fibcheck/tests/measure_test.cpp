#include "measure.h"

#include <gtest/gtest.h>

#include "gmp_fib.h"

namespace khttpd::fibcheck {
namespace {

TEST(GmpFibTest, KnownValues) {
  EXPECT_EQ(gmp_fib(0).digits, "0");
  EXPECT_EQ(gmp_fib(1).digits, "1");
  EXPECT_EQ(gmp_fib(10).digits, "55");
  EXPECT_EQ(gmp_fib(100).digits, "354224848179261915075");
  GmpFib big = gmp_fib(100000);
  EXPECT_EQ(big.digits.size(), 20899u);
  EXPECT_EQ(big.digits.substr(0, 10), "2597406934");
  EXPECT_GE(big.fib_ms, 0);
  EXPECT_GE(big.str_ms, 0);
}

TEST(MismatchTest, Describes) {
  EXPECT_EQ(describe_mismatch("55\n", "55"), "");
  EXPECT_EQ(describe_mismatch("0\n", "0"), "");
  EXPECT_EQ(describe_mismatch("", "55"), "body of 0 bytes, GMP has 2 digits and a newline");
  EXPECT_EQ(describe_mismatch("55", "55"), "body of 2 bytes, GMP has 2 digits and a newline");
  EXPECT_EQ(describe_mismatch("56\n", "55"),
            "body of 3 bytes, GMP has 2 digits and a newline; first difference at byte 1");
  EXPECT_EQ(describe_mismatch("55x", "55"),
            "body of 3 bytes, GMP has 2 digits and a newline; no newline after the digits");
  EXPECT_EQ(describe_mismatch("55\n\n", "55"), "body of 4 bytes, GMP has 2 digits and a newline");
  EXPECT_EQ(describe_mismatch("5\n", "55"),
            "body of 2 bytes, GMP has 2 digits and a newline; first difference at byte 1");
}

TEST(MedianTest, OddAndEven) {
  EXPECT_EQ(median({3}), 3);
  EXPECT_EQ(median({5, 1, 3}), 3);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(median({10, 10, 1, 1000, 7}), 10);
}

Sample sample(double http, double server, double fib, double str, const char* cache = "miss") {
  Sample s;
  s.http_ms = http;
  s.ttfb_ms = http / 2;
  s.server_ms = server;
  s.gmp_fib_ms = fib;
  s.gmp_str_ms = str;
  s.cache = cache;
  s.digits = 21;
  return s;
}

TEST(SummarizeTest, Medians) {
  Row row = summarize(100, {sample(9, 4, 1, 1), sample(5, 2, 1, 3), sample(7, 3, 2, 2)});
  EXPECT_EQ(row.n, 100u);
  EXPECT_EQ(row.digits, 21u);
  EXPECT_EQ(row.repeats, 3);
  EXPECT_EQ(*row.http_ms, 7);
  EXPECT_EQ(*row.ttfb_ms, 3.5);
  EXPECT_EQ(*row.server_ms, 3);
  EXPECT_EQ(row.gmp_fib_ms, 1);
  EXPECT_EQ(row.gmp_str_ms, 2);
  EXPECT_EQ(row.gmp_ms, 4);  // the median of the totals 2, 4, 4
  EXPECT_EQ(*row.ratio, 0.75);
  EXPECT_EQ(row.cache, "miss");
  EXPECT_TRUE(row.ok());
}

TEST(SummarizeTest, Minimum) {
  Row row =
      summarize(100, {sample(9, 4, 1, 1), sample(5, 2, 1, 3), sample(7, 3, 2, 2)}, Stat::kMin);
  EXPECT_EQ(row.stat, Stat::kMin);
  EXPECT_EQ(*row.http_ms, 5);
  EXPECT_EQ(*row.ttfb_ms, 2.5);
  EXPECT_EQ(*row.server_ms, 2);
  EXPECT_EQ(row.gmp_fib_ms, 1);
  EXPECT_EQ(row.gmp_str_ms, 1);
  EXPECT_EQ(row.gmp_ms, 2);  // the smallest total, not the sum of the smallest parts
  EXPECT_EQ(*row.ratio, 1);
}

TEST(SummarizeTest, ErrorsAndMismatches) {
  Sample failed = sample(0, 0, 1, 1);
  failed.error = "status 422: N is above max_n (1000)";
  failed.server_ms.reset();
  failed.cache.clear();
  Sample wrong = sample(8, 2, 1, 1, "hit");
  wrong.mismatch = "body of 3 bytes";
  Row row = summarize(100, {failed, sample(6, 4, 1, 1), wrong});
  EXPECT_EQ(row.errors, 1);
  EXPECT_EQ(row.mismatches, 1);
  EXPECT_EQ(row.error, "status 422: N is above max_n (1000)");
  EXPECT_EQ(*row.http_ms, 7);  // from the two 200 responses only
  EXPECT_EQ(row.cache, "mixed");
  EXPECT_FALSE(row.ok());
}

TEST(SummarizeTest, NoResponseAtAll) {
  Sample failed = sample(0, 0, 1, 1);
  failed.error = "connect: Connection refused";
  Row row = summarize(10, {failed});
  EXPECT_FALSE(row.http_ms);
  EXPECT_FALSE(row.server_ms);
  EXPECT_FALSE(row.ratio);
  EXPECT_EQ(row.cache, "");
  EXPECT_EQ(row.gmp_ms, 2);
  EXPECT_FALSE(row.ok());
}

}  // namespace
}  // namespace khttpd::fibcheck
