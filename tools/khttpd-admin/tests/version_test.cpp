#include "version.h"

#include <gtest/gtest.h>

namespace khttpd::admin {
namespace {

TEST(VersionTest, ReadsModinfoFields) {
  const char bytes[] =
      "\x7f"
      "ELF junk\0license=GPL\0version=1.2.3\0srcversion=ABC123\0";
  const std::string ko(bytes, sizeof(bytes));
  EXPECT_EQ(modinfo_field(ko, "version"), "1.2.3");
  EXPECT_EQ(modinfo_field(ko, "srcversion"), "ABC123");
  EXPECT_EQ(modinfo_field(ko, "author"), std::nullopt);
  EXPECT_EQ(modinfo_field(std::string("\0version=1.2", 12), "version"), std::nullopt);
}

}  // namespace
}  // namespace khttpd::admin
