#include "format.h"

#include <gtest/gtest.h>

namespace khttpd::admin {
namespace {

TEST(FormatTest, Bytes) {
  EXPECT_EQ(format_bytes(0), "0");
  EXPECT_EQ(format_bytes(1023), "1023");
  EXPECT_EQ(format_bytes(1024), "1K");
  EXPECT_EQ(format_bytes(1536), "1.50K");
  EXPECT_EQ(format_bytes(33554432), "32M");
  EXPECT_EQ(format_bytes(67108864), "64M");
  EXPECT_EQ(format_bytes(uint64_t{1} << 34), "16G");
  EXPECT_EQ(format_bytes(123456789), "118M");
  EXPECT_EQ(format_bytes(12345678), "11.8M");
  EXPECT_EQ(format_bytes(UINT64_MAX), "16.0E");
}

TEST(FormatTest, Duration) {
  EXPECT_EQ(format_duration_ms(0), "0s");
  EXPECT_EQ(format_duration_ms(999), "0s");
  EXPECT_EQ(format_duration_ms(61000), "1m 1s");
  EXPECT_EQ(format_duration_ms(3600000), "1h 0m 0s");
  EXPECT_EQ(format_duration_ms(93784005), "1d 2h 3m 4s");
}

TEST(FormatTest, Percent) {
  EXPECT_EQ(format_percent(1, 3), "33.3%");
  EXPECT_EQ(format_percent(0, 0), "-");
}

TEST(FormatTest, TableAlignsColumns) {
  Table table({"NAME", "VALUE", "SOURCE"});
  table.add_row({"port", "8081", "default"});
  table.add_row({"keepalive_timeout_ms", "5", "runtime"});
  EXPECT_EQ(table.render(),
            "NAME                  VALUE  SOURCE\n"
            "port                  8081   default\n"
            "keepalive_timeout_ms  5      runtime\n");
  EXPECT_EQ(table.render(true), "port\t8081\tdefault\nkeepalive_timeout_ms\t5\truntime\n");
}

TEST(FormatTest, TableRightAlign) {
  Table table({"A", "N"}, {Table::Align::kLeft, Table::Align::kRight});
  table.add_row({"x", "1000"});
  EXPECT_EQ(table.render(), "A     N\nx  1000\n");
}

}  // namespace
}  // namespace khttpd::admin
