// Virtual hosts: the docroot folder a Host names (module/lib/static/
// static_host.c), never a path.  Each host is given in a buffer of exactly
// its length, so ASan sees an overread.
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "static_host.h"
}

namespace {

struct Case {
	const char *name;
	std::string host;
	std::string want;	// folder name; "" for none (default); "400"
};

std::string Site(const std::string &host, bool absent = false)
{
	std::vector<char> exact(host.begin(), host.end());
	char out[KHTTPD_SITE_MAX];
	int n = khttpd_vhost_site(absent ? nullptr : exact.data(), host.size(),
				  out, sizeof(out));

	if (n < 0)
		return std::to_string(-n);
	if (n == 0)
		return "";
	EXPECT_EQ(strlen(out), size_t(n));
	return out;
}

const std::vector<Case> kCases = {
	{"plain", "example.com", "example.com"},
	{"upper_case_lowered", "WWW.Example.COM", "www.example.com"},
	{"port_removed", "example.com:8080", "example.com"},
	{"empty_port_removed", "example.com:", "example.com"},
	{"final_dot_dropped", "example.com.", "example.com"},
	{"single_label", "localhost", "localhost"},
	{"hyphen_inside", "my-site.example", "my-site.example"},
	{"digits", "123.example", "123.example"},
	{"ipv4", "127.0.0.1", "127.0.0.1"},
	{"ipv4_port", "10.0.2.15:8081", "10.0.2.15"},
	{"ipv6", "[::1]", "[::1]"},
	{"ipv6_port", "[::1]:8081", "[::1]"},
	{"ipv6_upper_lowered", "[FE80::ABCD]", "[fe80::abcd]"},
	{"ipv6_v4_mapped", "[::ffff:10.0.2.15]", "[::ffff:10.0.2.15]"},
	{"label_63", std::string(63, 'a') + ".x", std::string(63, 'a') + ".x"},
	{"label_64_400", std::string(64, 'a') + ".x", "400"},
	{"name_253", std::string(63, 'a') + "." + std::string(63, 'b') + "." +
			     std::string(63, 'c') + "." + std::string(61, 'd'),
	 std::string(63, 'a') + "." + std::string(63, 'b') + "." +
		 std::string(63, 'c') + "." + std::string(61, 'd')},
	{"name_254_400", std::string(63, 'a') + "." + std::string(63, 'b') + "." +
				 std::string(63, 'c') + "." + std::string(62, 'd'),
	 "400"},
	{"dotdot_400", "..", "400"},
	{"dot_400", ".", "400"},
	{"dotdot_inside_400", "a..b", "400"},
	{"leading_dot_400", ".example.com", "400"},
	{"two_final_dots_400", "example.com..", "400"},
	{"dotdot_with_port_400", "..:80", "400"},
	{"slash_400", "a/b", "400"},
	{"backslash_400", "a\\b", "400"},
	{"percent_400", "%2e%2e", "400"},
	{"encoded_slash_400", "a%2fb", "400"},
	{"sub_delims_400", "a!b", "400"},
	{"underscore_400", "a_b", "400"},
	{"leading_hyphen_400", "-a.example", "400"},
	{"trailing_hyphen_label_400", "a-.example", "400"},
	{"trailing_hyphen_400", "example-", "400"},
	{"nul_400", std::string("a\0b", 3), "400"},
	{"space_400", "a b", "400"},
	{"ipv6_unterminated_400", "[::1", "400"},
	{"ipv6_junk_after_400", "[::1]x", "400"},
	{"ipv6_empty_400", "[]", "400"},
	{"ipv6_slash_400", "[::1/..]", "400"},
	{"ipvfuture_400", "[v1.fe]", "400"},
	{"ipv6_zone_400", "[fe80::1%25eth0]", "400"},
	{"only_port_400", ":80", "400"},
	{"utf8_400", "caf\xc3\xa9.example", "400"},
	{"empty_default", "", ""},
};

class Vhost : public ::testing::TestWithParam<Case> {};

TEST_P(Vhost, SiteName)
{
	EXPECT_EQ(Site(GetParam().host), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Cases, Vhost, ::testing::ValuesIn(kCases),
			 [](const ::testing::TestParamInfo<Case> &i) {
				 return std::string(i.param.name);
			 });

TEST(VhostApi, AbsentHostIsDefault)
{
	EXPECT_EQ(Site("example.com", true), "");
}

TEST(VhostApi, SmallBufferRefuses)
{
	char out[8];

	EXPECT_EQ(khttpd_vhost_site("example.com", 11, out, sizeof(out)), -400);
	EXPECT_EQ(khttpd_vhost_site("a.b", 3, out, sizeof(out)), 3);
}

TEST(VhostApi, NoSiteNameIsAPath)
{
	// every 1- and 2-byte host: a result never holds '/', '\\' or ".."
	for (int a = 0; a < 256; a++)
		for (int b = -1; b < 256; b++) {
			std::string h(1, char(a));

			if (b >= 0)
				h += char(b);
			std::string s = Site(h);

			if (s == "400" || s.empty())
				continue;
			EXPECT_EQ(s.find('/'), std::string::npos) << s;
			EXPECT_EQ(s.find('\\'), std::string::npos) << s;
			EXPECT_EQ(s.find(".."), std::string::npos) << s;
			EXPECT_NE(s, ".");
		}
}

}  // namespace
