#include "keys.h"

#include <gtest/gtest.h>

#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

struct Range {
  const char* key;
  uint64_t min, max;
  const char* default_value;
};

// The ranges as the kernel module documents them; the table must agree.
const Range kNumeric[] = {
    {"port", 1, 65535, "8081"},
    {"backlog", 1, 65535, "1024"},
    {"max_n", 0, 2147483647, "1000000"},
    {"workers", 1, 512, "64"},
    {"fib_workers", 1, 512, "2"},
    {"max_connections", 1, 1000000, "65536"},
    {"keepalive_timeout_ms", 100, 3600000, "60000"},
    {"header_timeout_ms", 100, 600000, "10000"},
    {"body_timeout_ms", 100, 3600000, "30000"},
    {"send_timeout_ms", 100, 3600000, "20000"},
    {"listing", 0, 1, "0"},
    {"listing_max_entries", 1, 1000000, "10000"},
    {"listing_max_bytes", 4096, 1 << 26, "1048576"},
    {"fib_cache_bytes", 0, uint64_t{1} << 34, "67108864"},
    {"file_cache_bytes", 0, uint64_t{1} << 34, "33554432"},
    {"response_memory_bytes", 1 << 20, uint64_t{1} << 34, "134217728"},
    {"conn_memory_bytes", 1 << 16, uint64_t{1} << 34, "16777216"},
    {"fib_queue_max", 1, 100000, "64"},
    {"fib_client_max", 1, 100000, "4"},
    {"fib_wait_timeout_ms", 100, 3600000, "30000"},
    {"fib_memory_bytes", 0, uint64_t{1} << 34, "268435456"},
    {"dotfiles", 0, 1, "0"},
    {"io_cpu_share", 0, 100, "100"},
    {"precompressed", 0, 1, "0"},
    {"vhosts", 0, 1, "0"},
};

// How many tunables the header lists, counted independently of keys.cpp.
constexpr size_t kHeaderTunables = 0
#define KHTTPD_TUNABLE(name) +1
#include "uapi/khttpd.h"
    ;

std::string checked(const char* name, std::string_view raw) {
  const Key* key = find_key(name);
  EXPECT_NE(key, nullptr) << name;
  CheckedValue result = check_value(*key, raw);
  return result.ok() ? result.value : "ERROR: " + result.error;
}

bool accepted(const char* name, std::string_view raw) {
  return checked(name, raw).rfind("ERROR", 0) != 0;
}

TEST(KeysTest, TableHasEveryKeyOnce) {
  EXPECT_EQ(all_keys().size(), kHeaderTunables);
  for (const Key& key : all_keys()) EXPECT_EQ(find_key(key.name), &key);
  EXPECT_EQ(find_key("prot"), nullptr);
  EXPECT_EQ(find_key(""), nullptr);
}

TEST(KeysTest, PlacementIsOneOfFourWords) {
  EXPECT_EQ(find_key("placement")->default_value, std::string("balance"));
  for (const char* word : {"local", "spread", "unbound", "balance"})
    EXPECT_EQ(checked("placement", word), word);
  for (const char* bad : {"", "Local", "fast", "local|spread", "local ", "unbound\n"})
    EXPECT_FALSE(accepted("placement", bad)) << bad;
  EXPECT_EQ(checked("placement", "any"),
            "ERROR: invalid value for placement: 'any' (expected one of local, spread, unbound, "
            "balance)");
}

TEST(KeysTest, DefaultsAreValid) {
  for (const Key& key : all_keys()) {
    CheckedValue result = check_value(key, key.default_value);
    EXPECT_TRUE(result.ok()) << key.name << ": " << result.error;
    EXPECT_EQ(result.value, key.default_value) << key.name;
  }
}

TEST(KeysTest, NumericRangeEdges) {
  for (const Range& r : kNumeric) {
    SCOPED_TRACE(r.key);
    EXPECT_EQ(find_key(r.key)->default_value, std::string(r.default_value));
    EXPECT_EQ(checked(r.key, std::to_string(r.min)), std::to_string(r.min));
    EXPECT_EQ(checked(r.key, std::to_string(r.max)), std::to_string(r.max));
    if (r.min > 0) {
      EXPECT_FALSE(accepted(r.key, std::to_string(r.min - 1)));
    }
    EXPECT_FALSE(accepted(r.key, std::to_string(r.max + 1)));
  }
}

TEST(KeysTest, NumbersAreDecimalOnly) {
  EXPECT_EQ(checked("port", "010"), "10");  // not octal, unlike kstrtouint(.., 0)
  for (const char* bad :
       {"", "0x50", "-1", "+1", " 80", "80 ", "8.0", "80a", "1e3", "99999999999999999999999"})
    EXPECT_FALSE(accepted("port", bad)) << bad;
}

TEST(KeysTest, ByteSuffixes) {
  EXPECT_EQ(checked("fib_cache_bytes", "64M"), "67108864");
  EXPECT_EQ(checked("fib_cache_bytes", "64m"), "67108864");
  EXPECT_EQ(checked("file_cache_bytes", "1k"), "1024");
  EXPECT_EQ(checked("file_cache_bytes", "16G"), "17179869184");
  EXPECT_FALSE(accepted("file_cache_bytes", "17G"));
  EXPECT_FALSE(accepted("file_cache_bytes", "1T"));
  EXPECT_FALSE(accepted("file_cache_bytes", "M"));
  EXPECT_FALSE(accepted("file_cache_bytes", "5X"));
  EXPECT_FALSE(accepted("file_cache_bytes", "99999999999999999T"));
  EXPECT_FALSE(accepted("workers", "1K"));  // only byte sizes take suffixes
}

TEST(KeysTest, BindAcceptsAddressLiterals) {
  EXPECT_EQ(checked("bind", ""), "");
  EXPECT_EQ(checked("bind", "127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(checked("bind", "0.0.0.0"), "0.0.0.0");
  EXPECT_EQ(checked("bind", "::"), "::");
  EXPECT_EQ(checked("bind", "::1"), "::1");
  EXPECT_EQ(checked("bind", "2001:DB8:0:0:0:0:0:1"), "2001:db8::1");
  EXPECT_EQ(checked("bind", "::ffff:192.0.2.1"), "::ffff:192.0.2.1");
}

TEST(KeysTest, BindRefusesEverythingElse) {
  for (const char* bad : {"localhost", "[::1]", "1.2.3", "256.0.0.1", "1.2.3.4.5", "fe80::1%eth0",
                          " 1.2.3.4", "1.2.3.4:80", "::g", "*"})
    EXPECT_FALSE(accepted("bind", bad)) << bad;
  EXPECT_NE(checked("bind", "[::1]").find("without brackets"), std::string::npos);
}

TEST(KeysTest, DocrootMustBeAbsolute) {
  EXPECT_EQ(checked("docroot", ""), "");
  EXPECT_EQ(checked("docroot", "/"), "/");
  EXPECT_EQ(checked("docroot", "/srv/my site"), "/srv/my site");
  std::string longest = "/" + std::string(254, 'a');
  EXPECT_EQ(checked("docroot", longest), longest);
  EXPECT_FALSE(accepted("docroot", longest + "a"));
  EXPECT_NE(checked("docroot", "var/www").find("absolute"), std::string::npos);
  EXPECT_FALSE(accepted("docroot", "/a\"b"));
  EXPECT_FALSE(accepted("docroot", "/a\nb"));
}

TEST(KeysTest, ErrorNamesKeyValueAndRange) {
  CheckedValue result = check_value(*find_key("workers"), "0");
  EXPECT_EQ(result.error, "invalid value for workers: '0' (expected an integer from 1 to 512)");
}

TEST(KeysTest, DisplayValue) {
  const Key& fib = *find_key("fib_cache_bytes");
  EXPECT_EQ(display_value(fib, std::string("67108864"), false), "64M");
  EXPECT_EQ(display_value(fib, std::string("67108864"), true), "67108864");
  EXPECT_EQ(display_value(*find_key("bind"), std::string(""), false), "*");
  EXPECT_EQ(display_value(*find_key("bind"), std::string(""), true), "");
  EXPECT_EQ(display_value(*find_key("docroot"), std::string(""), false), "none");
  EXPECT_EQ(display_value(*find_key("port"), std::nullopt, true), "-");
  EXPECT_EQ(display_value(*find_key("port"), std::string("80"), false), "80");
}

TEST(KeysTest, CanonicalComparesKernelSpelling) {
  EXPECT_EQ(canonical(*find_key("bind"), "2001:0db8::0001"), "2001:db8::1");
  EXPECT_EQ(canonical(*find_key("port"), "junk"), "junk");
}

}  // namespace
}  // namespace khttpd::admin
