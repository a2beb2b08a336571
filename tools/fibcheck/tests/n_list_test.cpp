#include "n_list.h"

#include <gtest/gtest.h>

namespace khttpd::fibcheck {
namespace {

uint32_t n_of(const std::string& text) {
  uint32_t n = 12345;
  EXPECT_EQ(parse_n(text, &n), "") << text;
  return n;
}

TEST(NListTest, Forms) {
  EXPECT_EQ(n_of("0"), 0u);
  EXPECT_EQ(n_of("10"), 10u);
  EXPECT_EQ(n_of("0010"), 10u);
  EXPECT_EQ(n_of("1e7"), 10000000u);
  EXPECT_EQ(n_of("3E6"), 3000000u);
  EXPECT_EQ(n_of("5e0"), 5u);
  EXPECT_EQ(n_of("2147483647"), 2147483647u);
  EXPECT_EQ(n_of("2e9"), 2000000000u);
}

TEST(NListTest, Refused) {
  for (const char* text : {"", "-1", "+1", "1.5", "1e", "e7", "1e-3", "2147483648", "3e9", "1e10",
                           "9999999999", "10 ", "0x10", "1e7e1"}) {
    uint32_t n = 7;
    EXPECT_EQ(parse_n(text, &n),
              "'" + std::string(text) + "' is not N (digits, or like 3e6), 0 to 2147483647")
        << text;
    EXPECT_EQ(n, 7u);
  }
}

TEST(NListTest, DefaultDecades) {
  std::vector<uint32_t> want = {10, 100, 1000, 10000, 100000, 1000000, 10000000};
  EXPECT_EQ(default_n_list(), want);
}

}  // namespace
}  // namespace khttpd::fibcheck
