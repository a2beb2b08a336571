// http_path.c: percent-decoding and dot-segment removal (RFC 3986 §2.1,
// §5.2.4), query and authority syntax (RFC 3986 §3.2, §3.4).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.h"

namespace {

struct PathCase {
	std::string in;
	int rc;
	std::string out;
};

const std::vector<PathCase> kPaths = {
	{"/", 0, "/"},
	{"/a", 0, "/a"},
	{"/a/", 0, "/a/"},
	{"/a/b/c", 0, "/a/b/c"},
	{"/a/./b", 0, "/a/b"},
	{"/a/../b", 0, "/b"},
	{"/a/b/..", 0, "/a/"},
	{"/a/b/.", 0, "/a/b/"},
	{"/.", 0, "/"},
	{"/a/..", 0, "/"},
	{"/a/b/../../c", 0, "/c"},
	{"/a/./../b/./c/..", 0, "/b/"},
	{"/..", -400, ""},
	{"/../a", -400, ""},
	{"/a/../..", -400, ""},
	{"/a/../../b", -400, ""},
	{"/a//b", 0, "/a/b"},
	{"//a", 0, "/a"},
	{"/a//", 0, "/a/"},
	{"///", 0, "/"},
	{"/a//../b", 0, "/b"},
	{"/%2e%2e/a", -400, ""},
	{"/%2E/a", 0, "/a"},
	{"/a/.%2e", 0, "/"},
	{"/a/%2e%2E/b", 0, "/b"},
	{"/...", 0, "/..."},
	{"/..a", 0, "/..a"},
	{"/a..", 0, "/a.."},
	{"/.a/", 0, "/.a/"},
	{"/a%20b", 0, "/a b"},
	{"/%41%42", 0, "/AB"},
	{"/%c3%a9", 0, "/\xc3\xa9"},
	{"/%7e", 0, "/~"},
	{"/a%2Fb", -400, ""},
	{"/a%2fb", -400, ""},
	{"/a%00", -400, ""},
	{"/a%01", -400, ""},
	{"/a%1f", -400, ""},
	{"/a%7F", -400, ""},
	{"/a%", -400, ""},
	{"/a%4", -400, ""},
	{"/a%g0", -400, ""},
	{"/a%0g", -400, ""},
	{"/a b", -400, ""},
	{"/a\"b", -400, ""},
	{"/a#b", -400, ""},
	{"/a?b", -400, ""},
	{"/a[b", -400, ""},
	{"/a\\b", -400, ""},
	{"/a%5Cb", 0, "/a\\b"},
	{"/a:b@c!$&'()*+,;=-._~", 0, "/a:b@c!$&'()*+,;=-._~"},
	{"a", -400, ""},
	{"", -400, ""},
	{"/" + std::string(HTTP_MAX_PATH - 1, 'a'), 0,
	 "/" + std::string(HTTP_MAX_PATH - 1, 'a')},
	{"/" + std::string(HTTP_MAX_PATH, 'a'), -414, ""},
	{"/" + std::string(HTTP_MAX_PATH - 1, 'a') + "/", -414, ""},
	{"/" + std::string(HTTP_MAX_PATH - 2, 'a') + "/", 0,
	 "/" + std::string(HTTP_MAX_PATH - 2, 'a') + "/"},
	{[] {
		 std::string s = "/";
		 for (int i = 0; i < HTTP_MAX_PATH - 1; i++)
			 s += "%61";
		 return s;
	 }(),
	 0, "/" + std::string(HTTP_MAX_PATH - 1, 'a')},
};

void PrintTo(const PathCase &c, std::ostream *os)
{
	*os << '"' << c.in.substr(0, 40) << '"';
}

class PathNormalize : public ::testing::TestWithParam<PathCase> {};

TEST_P(PathNormalize, Rfc3986_5_2_4)
{
	const PathCase &c = GetParam();
	char out[HTTP_MAX_PATH + 1];
	u32 len = 12345;
	int rc = kh_http_path_normalize(c.in.data(), c.in.size(), out, sizeof(out),
					&len);

	ASSERT_EQ(rc, c.rc) << c.in;
	if (rc)
		return;
	EXPECT_EQ(std::string(out, len), c.out);
	EXPECT_EQ(khttpd_test::PathViolation(out, len), "");
}

INSTANTIATE_TEST_SUITE_P(Cases, PathNormalize, ::testing::ValuesIn(kPaths));

TEST(PathNormalizeSmall, SmallDestination)
{
	char out[2];
	u32 len;

	EXPECT_EQ(kh_http_path_normalize("/", 1, out, 2, &len), 0);
	EXPECT_EQ(len, 1u);
	EXPECT_EQ(kh_http_path_normalize("/a", 2, out, 2, &len), -414);
	EXPECT_EQ(kh_http_path_normalize("/", 1, out, 1, &len), -414);
}

struct SyntaxCase {
	std::string in;
	unsigned int flags;
	int rc;
};

const std::vector<SyntaxCase> kQueries = {
	{"", 0, 0},	      {"a=b&c=d", 0, 0}, {"a/b?c", 0, 0},
	{"%20", 0, 0},	      {"%2", 0, -400},   {"a b", 0, -400},
	{"a#b", 0, -400},     {"a\"b", 0, -400}, {"[", 0, -400},
	{"a:@!$'()*+,;=", 0, 0},
};

void PrintTo(const SyntaxCase &c, std::ostream *os)
{
	*os << '"' << c.in << "\" flags " << c.flags;
}

class QueryCheck : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(QueryCheck, Rfc3986_3_4)
{
	const SyntaxCase &c = GetParam();

	EXPECT_EQ(kh_http_query_check(c.in.data(), c.in.size()), c.rc) << c.in;
}

INSTANTIATE_TEST_SUITE_P(Cases, QueryCheck, ::testing::ValuesIn(kQueries));

const unsigned int E = HTTP_AUTH_EMPTY_OK, P = HTTP_AUTH_PORT_REQUIRED;

const std::vector<SyntaxCase> kAuthorities = {
	{"a", 0, 0},		{"a.b.c", 0, 0},	{"a:80", 0, 0},
	{"a:", 0, 0},		{"a:65535", 0, 0},	{"a:65536", 0, -400},
	{"a:123456", 0, -400},	{"a:8x", 0, -400},	{"[::1]", 0, 0},
	{"[::1]:80", 0, 0},	{"[", 0, -400},		{"[]", 0, -400},
	{"[::1", 0, -400},	{"[::1]x", 0, -400},	{"u@a", 0, -400},
	{"", E, 0},		{"", 0, -400},		{":80", E, -400},
	{"a%2eb", 0, 0},	{"a%zz", 0, -400},	{"a b", 0, -400},
	{"a/b", 0, -400},	{"a", P, -400},		{"a:", P, -400},
	{"a:443", P, 0},	{"", E | P, -400},	{"[v1.x]:1", 0, 0},
};

class AuthorityCheck : public ::testing::TestWithParam<SyntaxCase> {};

TEST_P(AuthorityCheck, Rfc3986_3_2)
{
	const SyntaxCase &c = GetParam();

	EXPECT_EQ(kh_http_authority_check(c.in.data(), c.in.size(), c.flags), c.rc)
		<< c.in;
}

INSTANTIATE_TEST_SUITE_P(Cases, AuthorityCheck,
			 ::testing::ValuesIn(kAuthorities));

struct EncodeCase {
	std::string in;
	bool keep_pchar;
	std::string out;
};

const std::vector<EncodeCase> kEncodes = {
	{"", false, ""},
	{"abcXYZ019-._~", false, "abcXYZ019-._~"},
	{"a b&c.txt", false, "a%20b%26c.txt"},
	{"<script>", false, "%3Cscript%3E"},
	{"a:b@c/d", false, "a%3Ab%40c%2Fd"},
	{"a:b@c/d", true, "a:b@c/d"},
	{"!$&'()*+,;=", true, "!$&'()*+,;="},
	{"!$&'()*+,;=", false, "%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
	{"%", true, "%25"},
	{"?#", true, "%3F%23"},
	{"\"", true, "%22"},
	// UTF-8: every byte of a sequence, Latin-1 letters included
	{"caf\xc3\xa9", false, "caf%C3%A9"},
	{"\xc0\xff\xe9", true, "%C0%FF%E9"},
	{"\xe6\x97\xa5\xe6\x9c\xac", false, "%E6%97%A5%E6%9C%AC"},
	{std::string("a\0b", 3), false, "a%00b"},
	{"\x01\x1f\x7f", true, "%01%1F%7F"},
};

class UrlEncode : public ::testing::TestWithParam<EncodeCase> {};

TEST_P(UrlEncode, Rfc3986_2_1)
{
	const EncodeCase &c = GetParam();
	std::string out(3 * c.in.size() + 1, '?');

	size_t need = kh_http_url_encode(nullptr, c.in.data(), c.in.size(),
					 c.keep_pchar);
	size_t n = kh_http_url_encode(&out[0], c.in.data(), c.in.size(),
				      c.keep_pchar);
	EXPECT_EQ(need, n);
	out.resize(n);
	EXPECT_EQ(out, c.out);
}

INSTANTIATE_TEST_SUITE_P(Cases, UrlEncode, ::testing::ValuesIn(kEncodes));

// Every byte outside unreserved ASCII is encoded, and decodes back.
TEST(UrlEncodeAll, EveryByte)
{
	for (int b = 0; b < 256; b++) {
		char in = static_cast<char>(b);
		char out[3];
		bool unreserved = (b >= 'a' && b <= 'z') ||
				  (b >= 'A' && b <= 'Z') ||
				  (b >= '0' && b <= '9') || b == '-' ||
				  b == '.' || b == '_' || b == '~';
		size_t n = kh_http_url_encode(out, &in, 1, false);

		ASSERT_EQ(n, unreserved ? 1u : 3u) << b;
		if (!unreserved) {
			EXPECT_EQ(out[0], '%');
			EXPECT_EQ(kh_http_hex_digit(out[1]) * 16 +
				  kh_http_hex_digit(out[2]), b);
		}
	}
}

}  // namespace
