// The request cycle of one connection (module/lib/http/http_session.c),
// driven the way the module's HTTP layer drives it: bytes arrive in
// segments, consumed bytes leave the buffer, the rest (a head in progress)
// moves to its start, and each request is answered before the next one is
// read.  What the session asks for (answer this request, answer this
// error, close) must not depend on where the segments were cut.
#include <gtest/gtest.h>

#include <string>
#include <vector>

extern "C" {
#include "http_session.h"
}

namespace {

struct Driver {
	kh_http_session s;
	kh_http_request req;
	std::string buf;		// unconsumed input
	std::vector<std::string> log;	// what the session asked for
	int begins = 0;
	bool wait_next = false;		// answer the next request later

	Driver() { kh_http_session_init(&s, &kh_http_default_limits); }

	void Step()
	{
		for (;;) {
			size_t used = 0;
			int status = 0;
			int ev = kh_http_session_input(&s, buf.data(), buf.size(),
						       &req, &used, &status);

			ASSERT_LE(used, buf.size());
			// the request's strings point into buf: read them first
			if (ev == KH_HTTP_EV_REQUEST) {
				log.push_back(std::string(req.method_name.p,
							  req.method_name.len) +
					      " " + req.path +
					      (req.keep_alive ? "" : " close"));
				kh_http_session_answered(&s, &req, wait_next);
				wait_next = false;
			}
			buf.erase(0, used);
			switch (ev) {
			case KH_HTTP_EV_AGAIN:
				return;
			case KH_HTTP_EV_BEGIN:
				begins++;
				break;
			case KH_HTTP_EV_ERROR:
				log.push_back("error " + std::to_string(status));
				return;
			case KH_HTTP_EV_CLOSE:
				log.push_back("close " + std::to_string(status));
				return;
			default:
				break;
			}
		}
	}

	void Feed(const std::string &bytes)
	{
		buf += bytes;
		Step();
	}
};

// Every way of cutting @in in two, and byte by byte, gives @want.
void ExpectAnySplit(const std::string &in, const std::vector<std::string> &want)
{
	for (size_t cut = 0; cut <= in.size(); cut++) {
		Driver d;

		d.Feed(in.substr(0, cut));
		d.Feed(in.substr(cut));
		EXPECT_EQ(d.log, want) << "cut at " << cut;
	}
	Driver d;

	for (char ch : in)
		d.Feed(std::string(1, ch));
	EXPECT_EQ(d.log, want) << "byte by byte";
}

const std::string kGet = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";

TEST(Session, OneRequestAnyCut)
{
	ExpectAnySplit(kGet, {"GET /a"});
}

TEST(Session, PipelinedWithBodiesAnyCut)
{
	ExpectAnySplit("POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
		       "PUT /2 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
		       "3\r\nabc\r\n0\r\n\r\n"
		       "HEAD /3 HTTP/1.1\r\nHost: h\r\n\r\n"
		       "GET /4 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
		       "GET /never HTTP/1.1\r\nHost: h\r\n\r\n",
		       {"POST /1", "PUT /2", "HEAD /3", "GET /4 close"});
}

TEST(Session, BeginOncePerRequest)
{
	Driver d;

	d.Feed(kGet + kGet + kGet);
	EXPECT_EQ(d.log.size(), 3u);
	EXPECT_EQ(d.begins, 3);
	EXPECT_TRUE(d.buf.empty());
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_IDLE);
}

TEST(Session, HeadInProgressIsNotConsumed)
{
	Driver d;

	d.Feed(kGet + "GET /b HT");
	EXPECT_EQ(d.log, std::vector<std::string>{"GET /a"});
	EXPECT_EQ(d.buf, "GET /b HT");
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_HEAD);
}

TEST(Session, OversizedHeadIs431AnyCut)
{
	std::string big = "GET / HTTP/1.1\r\nHost: h\r\n";

	while (big.size() <= kh_http_default_limits.max_header_bytes)
		big += "X-Pad: " + std::string(100, 'p') + "\r\n";
	big += "\r\n";
	Driver d;

	d.Feed(big);
	EXPECT_EQ(d.log, std::vector<std::string>{"error 431"});
	EXPECT_TRUE(d.buf.empty());	// the rest is dropped
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_CLOSED);
	for (size_t cut : {size_t(1), size_t(100), big.size() / 2}) {
		Driver e;

		e.Feed(big.substr(0, cut));
		e.Feed(big.substr(cut));
		EXPECT_EQ(e.log, std::vector<std::string>{"error 431"});
	}
}

TEST(Session, MalformedHeadErrorsThenNothingMore)
{
	ExpectAnySplit(kGet + "GET / HTTP/2.0\r\n\r\n" + kGet,
		       {"GET /a", "error 505"});
	ExpectAnySplit("GET / HTTP/1.1\r\n\r\n", {"error 400"});  // no Host
	ExpectAnySplit("GET /\r\n" + kGet, {"error 400"});  // HTTP/0.9
	ExpectAnySplit("GET / HTTP/1.1\r\nHost:\r\n\r\n" + kGet, {"error 400"});
}

// Framing before semantics: a malformed body that came with its head is
// answered with 400 instead of the request; once the request has been
// answered, a malformed body can only close the connection.
TEST(Session, MalformedBodyWithHeadIs400)
{
	const std::string head = "POST /p HTTP/1.1\r\nHost: h\r\n"
				 "Transfer-Encoding: chunked\r\n\r\n";
	const std::string in = head + "zz\r\n" + kGet;

	for (size_t cut = 0; cut <= in.size(); cut++) {
		Driver d;

		d.Feed(in.substr(0, cut));
		d.Feed(in.substr(cut));
		if (cut == head.size())	// the body came after the answer
			EXPECT_EQ(d.log, (std::vector<std::string>{"POST /p", "close 400"}))
				<< "cut at " << cut;
		else
			EXPECT_EQ(d.log, std::vector<std::string>{"error 400"})
				<< "cut at " << cut;
		EXPECT_EQ(d.s.state, KH_HTTP_SESS_CLOSED);
	}
}

TEST(Session, MalformedBodyLaterClosesWithoutAnswer)
{
	Driver d;

	d.Feed("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
	       "5\r\nhel");
	EXPECT_EQ(d.log, std::vector<std::string>{"POST /p"});
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_BODY);
	d.Feed("loX\r\n" + kGet);
	EXPECT_EQ(d.log, (std::vector<std::string>{"POST /p", "close 400"}));
}

TEST(Session, ChunkedBodyErrorsWithTheHead)
{
	const std::string h = "PUT /p HTTP/1.1\r\nHost: h\r\n"
			      "Transfer-Encoding: chunked\r\n\r\n";
	const std::vector<std::pair<std::string, std::string>> bodies = {
		{"0x5\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"+5\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"-5\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"5_\r\nhello\r\n0\r\n\r\n", "error 400"},
		{" 5\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"5 \r\nhello\r\n0\r\n\r\n", "error 400"},
		{"ffffffffffffffffff\r\n", "error 400"},
		{"5\rhello\r\n0\r\n\r\n", "error 400"},
		{"5;a\x01\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"5;a=\"\r\"\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"5\r\nhello0\r\n\r\n", "error 400"},
		{"3\r\nhello\r\n0\r\n\r\n", "error 400"},
		{"200000\r\n", "error 413"},
	};

	for (const auto &b : bodies) {
		Driver d;

		d.Feed(h + b.first + kGet);
		EXPECT_EQ(d.log, std::vector<std::string>{b.second}) << b.first;
		EXPECT_EQ(d.s.state, KH_HTTP_SESS_CLOSED) << b.first;
	}
	for (const char *m : {"GET", "HEAD", "DELETE", "BREW"}) {
		Driver d;

		d.Feed(std::string(m) + h.substr(3) + "zz\r\n");
		EXPECT_EQ(d.log, std::vector<std::string>{"error 400"}) << m;
	}
}

TEST(Session, BodyWithTheHeadIsConsumedBeforeTheAnswer)
{
	Driver d;

	d.Feed("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc");
	EXPECT_EQ(d.log, std::vector<std::string>{"POST /p"});
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_IDLE);
	EXPECT_TRUE(d.buf.empty());
}

TEST(Session, NoReadAfterConnectionClose)
{
	Driver d;

	d.Feed("GET /x HTTP/1.0\r\n\r\n" + kGet);
	EXPECT_EQ(d.log, std::vector<std::string>{"GET /x close"});
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_CLOSED);
	EXPECT_TRUE(d.buf.empty());
}

TEST(Session, WaitHoldsTheNextRequest)
{
	Driver d;

	d.wait_next = true;
	d.Feed("POST /w HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n");
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_WAIT);
	d.Feed("ok" + kGet);
	EXPECT_EQ(d.buf, "ok" + kGet);	// nothing read while waiting
	kh_http_session_resumed(&d.s);
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_BODY);
	d.Step();
	EXPECT_EQ(d.log, (std::vector<std::string>{"POST /w", "GET /a"}));
	EXPECT_TRUE(d.buf.empty());
}

TEST(Session, WaitAfterABodyThatCameWithTheHead)
{
	Driver d;

	d.wait_next = true;
	d.Feed("POST /w HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok" + kGet);
	EXPECT_EQ(d.log, std::vector<std::string>{"POST /w"});
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_WAIT);
	EXPECT_EQ(d.buf, kGet);	// the body came with the head, then nothing
	d.Feed("");
	EXPECT_EQ(d.log.size(), 1u);
	kh_http_session_resumed(&d.s);
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_IDLE);
	d.Step();
	EXPECT_EQ(d.log, (std::vector<std::string>{"POST /w", "GET /a"}));
	EXPECT_TRUE(d.buf.empty());
}

TEST(Session, HeaderTimeoutAnswers408Once)
{
	Driver d;

	EXPECT_EQ(kh_http_session_timeout(&d.s), 0);	// idle: just close
	d.Feed("GET /slow HTTP/1.1\r\nHo");
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_HEAD);
	EXPECT_EQ(kh_http_session_timeout(&d.s), 408);
	EXPECT_EQ(d.s.state, KH_HTTP_SESS_CLOSED);
	EXPECT_EQ(kh_http_session_timeout(&d.s), 0);	// already closing
	d.Feed("st: h\r\n\r\n");
	EXPECT_TRUE(d.log.empty());
	EXPECT_TRUE(d.buf.empty());
}

TEST(Session, NoTimeoutAnswerAfterAnError)
{
	Driver d;

	d.Feed("GET / HTTP/9.9\r\n\r\n");
	EXPECT_EQ(d.log, std::vector<std::string>{"error 505"});
	EXPECT_EQ(kh_http_session_timeout(&d.s), 0);
}

}  // namespace
