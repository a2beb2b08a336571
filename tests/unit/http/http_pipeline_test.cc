// Pipelined requests (RFC 9112 §9.3.2) and the request-smuggling shapes of
// RFC 9112 §6.3 and §11.2: several requests with bodies in one buffer must
// each be parsed at the right boundary however the bytes arrive, and a
// message whose framing is ambiguous must stop the connection instead.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.h"

using namespace khttpd_test;

namespace {

struct Pipeline {
	const char *name;
	std::string in;
	int result;
	std::vector<std::string> requests;
};

std::string Many(int n)
{
	std::string s;

	for (int i = 0; i < n; i++)
		s += "GET /r" + std::to_string(i) + " HTTP/1.1\r\nHost: a\r\n\r\n";
	return s;
}

std::vector<std::string> ManyExpected(int n)
{
	std::vector<std::string> v;

	for (int i = 0; i < n; i++)
		v.push_back("p=/r" + std::to_string(i));
	return v;
}

const std::vector<Pipeline> kPipelines = {
	{"rfc9112_9_3_2_three_gets",
	 "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
	 "GET /b HTTP/1.1\r\nHost: a\r\n\r\n"
	 "GET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
	 kOk, {"p=/a|ka=1", "p=/b|ka=1", "p=/c|ka=0"}},
	{"rfc9112_9_3_2_length_chunked_then_get",
	 "POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
	 "POST /2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
	 "3\r\nabc\r\n0\r\nT: 1\r\n\r\n"
	 "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n",
	 kOk,
	 {"p=/1|cl=5|body=5", "p=/2|chunked=1|body=19", "p=/3|hb=0|body=0"}},
	{"rfc9112_9_3_2_error_stops_at_third",
	 "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
	 "GET /b HTTP/1.1\r\nHost: a\r\n\r\n"
	 "GET /c HTTP/1.1\r\nHost : a\r\n\r\n"
	 "GET /d HTTP/1.1\r\nHost: a\r\n\r\n",
	 -400, {"p=/a", "p=/b"}},
	{"rfc9112_2_2_crlf_after_body_ignored",
	 "POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab\r\n"
	 "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
	 kOk, {"p=/1|body=2", "p=/2|head=30"}},
	{"rfc9112_9_3_2_second_incomplete_again",
	 "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHo", kAgain,
	 {"p=/a"}},
	{"rfc9112_9_3_2_body_incomplete_again",
	 "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
	 "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nabc",
	 kAgain, {"p=/a", "p=/b|cl=9"}},
	{"rfc9112_11_2_cl_te_smuggling_400",
	 "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n"
	 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n"
	 "Host: a\r\n\r\n",
	 -400, {}},
	{"rfc9112_11_2_te_cl_smuggling_400",
	 "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
	 "Content-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",
	 -400, {}},
	{"rfc9112_11_2_te_te_obfuscated_coding_400",
	 "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
	 "Transfer-Encoding: x\r\n\r\n0\r\n\r\n",
	 -400, {}},
	{"rfc9112_11_2_body_that_looks_like_a_request",
	 "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 31\r\n\r\n"
	 "GET /evil HTTP/1.1\r\nHost: a\r\n\r\n"
	 "GET /good HTTP/1.1\r\nHost: a\r\n\r\n",
	 kOk, {"p=/|body=31", "p=/good"}},
	{"rfc9112_7_1_chunk_data_that_looks_like_last_chunk",
	 "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
	 "5\r\n0\r\n\r\n\r\n0\r\n\r\n"
	 "GET /next HTTP/1.1\r\nHost: a\r\n\r\n",
	 kOk, {"p=/|body=15", "p=/next"}},
	{"rfc9112_9_3_http10_keep_alive_pipeline",
	 "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
	 "POST /b HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n"
	 "x"
	 "GET /c HTTP/1.0\r\n\r\n",
	 kOk, {"p=/a|ka=1|v=1.0", "p=/b|ka=1|body=1", "p=/c|ka=0"}},
	{"rfc9112_9_3_2_head_requests_have_no_body",
	 "HEAD /a HTTP/1.1\r\nHost: a\r\n\r\nHEAD /b HTTP/1.1\r\nHost: a\r\n\r\n",
	 kOk, {"e=HEAD|p=/a", "e=HEAD|p=/b"}},
	{"rfc9112_9_3_2_hundred_gets", Many(100), kOk, ManyExpected(100)},
	{"rfc9112_9_3_2_get_with_length_body_drained",
	 "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nxy"
	 "GET /b HTTP/1.1\r\nHost: a\r\n\r\n",
	 kOk, {"p=/a|body=2", "p=/b|body=0"}},
};

void PrintTo(const Pipeline &c, std::ostream *os)
{
	*os << c.name;
}

class Pipelined : public ::testing::TestWithParam<Pipeline> {};

TEST_P(Pipelined, EachRequestAtItsBoundary)
{
	const Pipeline &c = GetParam();
	Outcome got;

	EXPECT_EQ(Disagreement(c.in, nullptr, AllSplits(c.in.size()), true, &got),
		  "");

	EXPECT_EQ(got.final, c.result) << Describe(got);
	ASSERT_EQ(got.requests.size(), c.requests.size()) << Describe(got);
	for (size_t i = 0; i < c.requests.size(); i++)
		EXPECT_TRUE(Matches(got.requests[i], c.requests[i]))
			<< "request " << i << " expected " << c.requests[i]
			<< "\n" << Describe(got);
}

INSTANTIATE_TEST_SUITE_P(Cases, Pipelined, ::testing::ValuesIn(kPipelines),
			 [](const ::testing::TestParamInfo<Pipeline> &i) {
				 return std::string(i.param.name);
			 });

// The API contract, exercised directly.

TEST(ParserApi, ResumesWhereItStopped)
{
	const std::string in = "GET /abc HTTP/1.1\r\nHost: a\r\nX: yz\r\n\r\n";
	kh_http_parser p;
	kh_http_request req;
	size_t used = 0;

	kh_http_parser_init(&p, nullptr);
	for (size_t len = 1; len < in.size(); len++) {
		ASSERT_EQ(kh_http_parse_head(&p, in.data(), len, &req, &used),
			  HTTP_PARSE_AGAIN);
		// every byte handed over was examined once and never again
		EXPECT_EQ(p.scanned, len);
	}
	ASSERT_EQ(kh_http_parse_head(&p, in.data(), in.size(), &req, &used),
		  HTTP_PARSE_DONE);
	EXPECT_EQ(used, in.size());
	// pointers point into the caller's buffer
	EXPECT_EQ(req.target.p, in.data() + 4);
	EXPECT_EQ(req.host.p, in.data() + 25);
}

TEST(ParserApi, ErrorsAreSticky)
{
	const std::string bad = "GET / HTTP/1.1\r\nHost : a\r\n\r\n";
	const std::string good = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
	kh_http_parser p;
	kh_http_request req;
	size_t used;

	kh_http_parser_init(&p, nullptr);
	EXPECT_EQ(kh_http_parse_head(&p, bad.data(), bad.size(), &req, &used), -400);
	EXPECT_EQ(kh_http_parse_head(&p, good.data(), good.size(), &req, &used),
		  -400);
	EXPECT_EQ(kh_http_parse_body(&p, good.data(), good.size(), &used), -400);
	kh_http_parser_init(&p, nullptr);
	EXPECT_EQ(kh_http_parse_head(&p, good.data(), good.size(), &req, &used),
		  HTTP_PARSE_DONE);
}

TEST(ParserApi, ShrinkingBufferIsRefused)
{
	const std::string in = "GET / HTTP/1.1\r\n";
	kh_http_parser p;
	kh_http_request req;
	size_t used;

	kh_http_parser_init(&p, nullptr);
	EXPECT_EQ(kh_http_parse_head(&p, in.data(), in.size(), &req, &used),
		  HTTP_PARSE_AGAIN);
	EXPECT_EQ(kh_http_parse_head(&p, in.data(), 3, &req, &used), -400);
}

TEST(ParserApi, BodyWithoutBodyIsDoneAtOnce)
{
	const std::string in = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET";
	kh_http_parser p;
	kh_http_request req;
	size_t used;

	kh_http_parser_init(&p, nullptr);
	ASSERT_EQ(kh_http_parse_head(&p, in.data(), in.size(), &req, &used),
		  HTTP_PARSE_DONE);
	EXPECT_FALSE(req.has_body);
	EXPECT_EQ(kh_http_parse_body(&p, in.data() + used, 3, &used),
		  HTTP_PARSE_DONE);
	EXPECT_EQ(used, 0u);
}

TEST(ParserApi, BodyBeforeHeadIsRefused)
{
	kh_http_parser p;
	size_t used;

	kh_http_parser_init(&p, nullptr);
	EXPECT_EQ(kh_http_parse_body(&p, "x", 1, &used), -400);
}

TEST(ParserApi, DefaultLimits)
{
	EXPECT_EQ(kh_http_default_limits.max_request_line, 8194u);
	EXPECT_EQ(kh_http_default_limits.max_header_bytes, 16384u);
	EXPECT_EQ(kh_http_default_limits.max_headers, 100u);
	EXPECT_EQ(kh_http_default_limits.max_body, 1048576u);
	kh_http_parser p;
	kh_http_parser_init(&p, nullptr);
	EXPECT_EQ(p.limits, &kh_http_default_limits);
}

TEST(ParserApi, ReasonPhrases)
{
	EXPECT_STREQ(kh_http_reason(200), "OK");
	EXPECT_STREQ(kh_http_reason(404), "Not Found");
	EXPECT_STREQ(kh_http_reason(-413), "Content Too Large");
	EXPECT_STREQ(kh_http_reason(414), "URI Too Long");
	EXPECT_STREQ(kh_http_reason(431), "Request Header Fields Too Large");
	EXPECT_STREQ(kh_http_reason(505), "HTTP Version Not Supported");
	EXPECT_STREQ(kh_http_reason(299), "Unknown");
	EXPECT_STREQ(kh_http_reason(-2147483647 - 1), "Unknown");
}

}  // namespace
