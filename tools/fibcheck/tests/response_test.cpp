#include <gtest/gtest.h>

#include <string>

#include "http_response.h"

namespace khttpd::fibcheck {
namespace {

using Result = ResponseParser::Result;

// Feeds text in pieces cut at the given offsets; returns the last result,
// with *used_total the bytes the parser took.
Result feed_split(ResponseParser* p, const std::string& text, std::vector<size_t> cuts,
                  size_t* used_total) {
  cuts.push_back(text.size());
  size_t from = 0;
  *used_total = 0;
  Result r = Result::kAgain;
  for (size_t cut : cuts) {
    size_t used = 0;
    r = p->feed(std::string_view(text).substr(from, cut - from), &used);
    *used_total += used;
    if (r != Result::kAgain) return r;
    from = cut;
  }
  return r;
}

const std::string kFib10 =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 3\r\n"
    "X-Khttpd-Compute-Us: 12\r\n"
    "x-khttpd-cache:   miss  \r\n"
    "\r\n"
    "55\n";

TEST(ResponseTest, Whole) {
  ResponseParser p;
  size_t used;
  ASSERT_EQ(p.feed(kFib10, &used), Result::kDone);
  EXPECT_EQ(used, kFib10.size());
  const Response& r = p.response();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.version_minor, 1);
  EXPECT_EQ(r.reason, "OK");
  EXPECT_EQ(r.body, "55\n");
  EXPECT_EQ(r.header("x-khttpd-compute-us").value_or(""), "12");
  EXPECT_EQ(r.header("X-Khttpd-Cache").value_or(""), "miss");
  EXPECT_FALSE(r.header("X-Khttpd-Nothing"));
  EXPECT_EQ(r.headers.size(), 4u);
}

// Partial reads: every split into two pieces, and one byte at a time.
TEST(ResponseTest, SplitAtEveryOffset) {
  for (size_t cut = 0; cut <= kFib10.size(); cut++) {
    ResponseParser p;
    size_t used;
    ASSERT_EQ(feed_split(&p, kFib10, {cut}, &used), Result::kDone) << "cut at " << cut;
    EXPECT_EQ(used, kFib10.size());
    EXPECT_EQ(p.response().body, "55\n");
    EXPECT_EQ(p.response().header("X-Khttpd-Compute-Us").value_or(""), "12");
  }
  std::vector<size_t> every;
  for (size_t i = 1; i < kFib10.size(); i++) every.push_back(i);
  ResponseParser p;
  size_t used;
  ASSERT_EQ(feed_split(&p, kFib10, every, &used), Result::kDone);
  EXPECT_EQ(p.response().body, "55\n");
}

TEST(ResponseTest, StopsAtTheEndOfTheResponse) {
  ResponseParser p;
  size_t used;
  ASSERT_EQ(p.feed(kFib10 + "HTTP/1.1 200 OK\r\n", &used), Result::kDone);
  EXPECT_EQ(used, kFib10.size());
  EXPECT_EQ(p.feed("more", &used), Result::kDone);
  EXPECT_EQ(used, 0u);
}

TEST(ResponseTest, NotDoneUntilTheLastBodyByte) {
  ResponseParser p;
  size_t used;
  std::string text = kFib10.substr(0, kFib10.size() - 1);
  EXPECT_EQ(p.feed(text, &used), Result::kAgain);
  EXPECT_EQ(used, text.size());
  EXPECT_TRUE(p.head_done());
  EXPECT_EQ(p.eof(), Result::kError);
  EXPECT_EQ(p.error(), "connection closed after 2 of 3 body bytes");
}

TEST(ResponseTest, ClosedBeforeAnything) {
  ResponseParser p;
  EXPECT_EQ(p.eof(), Result::kError);
  EXPECT_EQ(p.error(), "connection closed before any response");
  ResponseParser q;
  size_t used;
  EXPECT_EQ(q.feed("HTTP/1.1 200 OK\r\n", &used), Result::kAgain);
  EXPECT_FALSE(q.head_done());
  EXPECT_EQ(q.eof(), Result::kError);
}

TEST(ResponseTest, BareLineFeeds) {
  ResponseParser p;
  size_t used;
  ASSERT_EQ(p.feed("HTTP/1.0 422 Unprocessable\nContent-Length: 4\n\nbig\n", &used), Result::kDone);
  EXPECT_EQ(p.response().status, 422);
  EXPECT_EQ(p.response().version_minor, 0);
  EXPECT_EQ(p.response().body, "big\n");
}

TEST(ResponseTest, EmptyReasonAndEmptyBody) {
  ResponseParser p;
  size_t used;
  ASSERT_EQ(p.feed("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", &used), Result::kDone);
  EXPECT_EQ(p.response().reason, "");
  EXPECT_EQ(p.response().body, "");
}

TEST(ResponseTest, BodyUntilClose) {
  ResponseParser p;
  size_t used;
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\n\r\nabc", &used), Result::kAgain);
  EXPECT_EQ(p.feed("def", &used), Result::kAgain);
  EXPECT_EQ(p.eof(), Result::kDone);
  EXPECT_EQ(p.response().body, "abcdef");
}

TEST(ResponseTest, NoContentHasNoBody) {
  ResponseParser p;
  size_t used;
  EXPECT_EQ(p.feed("HTTP/1.1 204 No Content\r\n\r\n", &used), Result::kDone);
}

TEST(ResponseTest, InterimResponsesAreSkipped) {
  ResponseParser p;
  size_t used;
  std::string text = "HTTP/1.1 100 Continue\r\n\r\n" + kFib10;
  ASSERT_EQ(p.feed(text, &used), Result::kDone);
  EXPECT_EQ(used, text.size());
  EXPECT_EQ(p.response().status, 200);
  EXPECT_EQ(p.response().body, "55\n");
}

TEST(ResponseTest, RepeatedContentLength) {
  ResponseParser p;
  size_t used;
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", &used),
            Result::kDone);
}

struct Bad {
  const char* text;
  const char* error;
};

TEST(ResponseTest, Malformed) {
  const Bad cases[] = {
      {"HTTP/2 200 OK\r\n\r\n", "bad status line 'HTTP/2 200 OK'"},
      {"HTTP/1.1 20 OK\r\n\r\n", "bad status line 'HTTP/1.1 20 OK'"},
      {"HTTP/1.1 200OK\r\n\r\n", "bad status line 'HTTP/1.1 200OK'"},
      {"HTTP/1.1 099 Low\r\n\r\n", "bad status code"},
      {"\r\n\r\n", "bad status line ''"},
      {"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", "bad header line 'NoColon'"},
      {"HTTP/1.1 200 OK\r\n: empty\r\n\r\n", "bad header line ': empty'"},
      {"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "bad header name 'Bad Name'"},
      {"HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", "bad header name ' folded'"},
      {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "bad Content-Length '-1'"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", "bad Content-Length '1x'"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
       "bad Content-Length '99999999999999999999'"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       "conflicting Content-Length fields"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
       "Transfer-Encoding is not supported (khttpd sends Content-Length)"},
      {"HTTP/1.1 101 Switching Protocols\r\n\r\n", "unexpected 101 Switching Protocols"},
  };
  for (const Bad& c : cases) {
    ResponseParser p;
    size_t used;
    EXPECT_EQ(p.feed(c.text, &used), Result::kError) << c.text;
    EXPECT_EQ(p.error(), c.error) << c.text;
    // an error sticks
    EXPECT_EQ(p.feed("", &used), Result::kError);
    EXPECT_EQ(p.eof(), Result::kError);
  }
}

TEST(ResponseTest, HeadTooLong) {
  ResponseParser p;
  size_t used;
  std::string head = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(ResponseParser::kMaxHead, 'a');
  EXPECT_EQ(p.feed(head.substr(0, 1000), &used), Result::kAgain);
  EXPECT_EQ(p.feed(head.substr(1000), &used), Result::kError);
  EXPECT_EQ(p.error(), "response head longer than 64 KiB");
}

TEST(ResponseTest, BodyLimit) {
  ResponseParser p(4);
  size_t used;
  EXPECT_EQ(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", &used), Result::kError);
  EXPECT_EQ(p.error(), "Content-Length 5 above the limit 4");
  ResponseParser q(4);
  EXPECT_EQ(q.feed("HTTP/1.1 200 OK\r\n\r\nabcd", &used), Result::kAgain);
  EXPECT_EQ(q.feed("e", &used), Result::kError);
}

}  // namespace
}  // namespace khttpd::fibcheck
