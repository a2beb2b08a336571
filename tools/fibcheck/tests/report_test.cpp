#include "report.h"

#include <gtest/gtest.h>

namespace khttpd::fibcheck {
namespace {

Row fib10() {
  Row row;
  row.n = 10;
  row.digits = 2;
  row.repeats = 3;
  row.http_ms = 0.41234;
  row.ttfb_ms = 0.4;
  row.server_ms = 0.002;
  row.gmp_fib_ms = 0.00051;
  row.gmp_str_ms = 0.001;
  row.gmp_ms = 0.0015;
  row.ratio = 0.002 / 0.0015;
  row.cache = "miss";
  return row;
}

Row failed() {
  Row row;
  row.n = 10000000;
  row.stat = Stat::kMin;
  row.digits = 2089877;
  row.repeats = 1;
  row.errors = 1;
  row.error = "status 422: N is above max_n (1000000)";
  row.gmp_fib_ms = 1234.5;
  row.gmp_str_ms = 4000;
  row.gmp_ms = 5234.5;
  return row;
}

TEST(CsvTest, HeaderAndRows) {
  EXPECT_EQ(csv_header(),
            "n,digits,http_ms,ttfb_ms,server_ms,gmp_fib_ms,gmp_str_ms,gmp_ms,ratio,cache,repeats,"
            "stat,errors,mismatches,ok\n");
  EXPECT_EQ(csv_row(fib10()),
            "10,2,0.4123,0.4000,0.0020,0.0005,0.0010,0.0015,1.3333,miss,3,median,0,0,yes\n");
  // unknown figures are empty fields, which gnuplot skips
  EXPECT_EQ(csv_row(failed()),
            "10000000,2089877,,,,1234.5000,4000.0000,5234.5000,,,1,min,1,0,no\n");
}

TEST(TableTest, Human) {
  EXPECT_EQ(render_table({fib10(), failed()}, false),
            "       N   DIGITS  HTTP_MS  SERVER_MS  GMP_FIB_MS  GMP_STR_MS    GMP_MS  SERVER/GMP  "
            "CACHE  OK\n"
            "      10        2    0.412      0.002       0.001       0.001     0.002        1.33  "
            "miss   yes\n"
            "10000000  2089877        -          -    1234.500    4000.000  5234.500           -  "
            "-      NO\n");
}

TEST(TableTest, Scripted) {
  EXPECT_EQ(render_table({fib10()}, true),
            "10\t2\t0.412\t0.002\t0.001\t0.001\t0.002\t1.33\tmiss\tyes\n");
}

}  // namespace
}  // namespace khttpd::fibcheck
