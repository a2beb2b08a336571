// The access log's lines: nginx's combined format and its escaping, IPv4
// and IPv6 clients, strings the module cut, requests never parsed, JSON.
#include "logfmt.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

// 2026-12-03 12:51:09.250 UTC
constexpr uint64_t kTimeNs = 1796302269250000000ull;

class LogFmtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

template <typename Len>
void set(char* dst, size_t size, const std::string& s, Len* len) {
  size_t n = s.size() < size ? s.size() : size;
  memcpy(dst, s.data(), n);
  *len = static_cast<Len>(n);
}

khttpd_log_record record(const std::string& method, const std::string& target,
                         const std::string& ua = "", const std::string& ref = "") {
  khttpd_log_record r = {};
  r.size = sizeof(r);
  r.version = KHTTPD_LOG_VERSION;
  r.family = KHTTPD_LOG_INET;
  inet_pton(AF_INET, "10.0.2.2", r.addr);
  r.port = 40000;
  r.status = 200;
  r.time_ns = kTimeNs;
  r.body_bytes = 612;
  r.duration_us = 1500;
  r.http_minor = 1;
  r.route = KR_STATIC;
  set(r.method, sizeof(r.method), method, &r.method_len);
  set(r.target, sizeof(r.target), target, &r.target_len);
  set(r.user_agent, sizeof(r.user_agent), ua, &r.agent_len);
  set(r.referer, sizeof(r.referer), ref, &r.referer_len);
  return r;
}

TEST_F(LogFmtTest, CombinedLikeNginx) {
  auto r = record("GET", "/index.html?a=1", "curl/7.88.1", "http://example.com/");
  EXPECT_EQ(format_log_line(r, LogFormat::kCombined),
            "10.0.2.2 - - [03/Dec/2026:12:51:09 +0000] \"GET /index.html?a=1 HTTP/1.1\" 200 612 "
            "\"http://example.com/\" \"curl/7.88.1\"");
}

TEST_F(LogFmtTest, EmptyFieldsAreDash) {
  auto r = record("HEAD", "/");
  r.http_minor = 0;
  r.body_bytes = 0;
  EXPECT_EQ(format_log_line(r, LogFormat::kCombined),
            "10.0.2.2 - - [03/Dec/2026:12:51:09 +0000] \"HEAD / HTTP/1.0\" 200 0 \"-\" \"-\"");
}

TEST_F(LogFmtTest, EscapesQuotesBackslashControlAndHighBytes) {
  EXPECT_EQ(log_escape("a\"b"), "a\\x22b");
  EXPECT_EQ(log_escape("a\\b"), "a\\x5Cb");
  EXPECT_EQ(log_escape("x\ny\rz\t"), "x\\x0Ay\\x0Dz\\x09");
  EXPECT_EQ(log_escape(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(log_escape("\x7f\xc3\xa9"), "\\x7F\\xC3\\xA9");
  EXPECT_EQ(log_escape("plain ascii ~!"), "plain ascii ~!");
  EXPECT_EQ(log_escape(""), "-");
}

TEST_F(LogFmtTest, QuotedUserAgentCannotBreakTheLine) {
  auto r = record("GET", "/", "evil\" 200 0 \"x\nfake line");
  std::string line = format_log_line(r, LogFormat::kCombined);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_NE(line.find("\"evil\\x22 200 0 \\x22x\\x0Afake line\""), std::string::npos) << line;
  // exactly the six quotes of the format
  EXPECT_EQ(std::count(line.begin(), line.end(), '"'), 6) << line;
}

TEST_F(LogFmtTest, Ipv6Client) {
  auto r = record("GET", "/");
  r.family = KHTTPD_LOG_INET6;
  inet_pton(AF_INET6, "2001:db8::1", r.addr);
  EXPECT_EQ(log_address(r), "2001:db8::1");
  EXPECT_EQ(format_log_line(r, LogFormat::kCombined).rfind("2001:db8::1 - - [", 0), 0u);
  inet_pton(AF_INET6, "::1", r.addr);
  EXPECT_EQ(log_address(r), "::1");
}

TEST_F(LogFmtTest, UnknownFamilyIsDash) {
  auto r = record("GET", "/");
  r.family = 0;
  EXPECT_EQ(log_address(r), "-");
}

TEST_F(LogFmtTest, TruncatedStringsEndInDots) {
  std::string long_target = "/" + std::string(300, 'a');
  auto r = record("GET", long_target, std::string(200, 'u'));
  ASSERT_EQ(r.target_len, KHTTPD_LOG_TARGET_MAX);
  r.flags = KHTTPD_LOG_F_TARGET_CUT | KHTTPD_LOG_F_AGENT_CUT;
  std::string line = format_log_line(r, LogFormat::kCombined);
  EXPECT_NE(line.find("\"GET " + long_target.substr(0, 256) + "... HTTP/1.1\""), std::string::npos)
      << line;
  EXPECT_NE(line.find("\"" + std::string(128, 'u') + "...\""), std::string::npos) << line;
}

TEST_F(LogFmtTest, LengthsBeyondTheArraysAreClamped) {
  auto r = record("GET", "/");
  r.target_len = 60000;  // a corrupt record must not read past target[]
  std::string line = format_log_line(r, LogFormat::kCombined);
  // "/" and 255 NUL bytes, each written \x00
  EXPECT_NE(line.find("\"GET /\\x00"), std::string::npos) << line;
  EXPECT_EQ(line.find("\"GET /" + std::string(1 + 255 * 4, 'x')), std::string::npos);
  size_t nuls = 0;
  for (size_t at = 0; (at = line.find("\\x00", at)) != std::string::npos; at++) nuls++;
  EXPECT_EQ(nuls, 255u);
}

TEST_F(LogFmtTest, RequestNeverParsed) {
  khttpd_log_record r = record("", "");
  r.flags = KHTTPD_LOG_F_NO_REQUEST;
  r.http_minor = 0xff;
  r.status = 400;
  r.body_bytes = 16;
  EXPECT_EQ(format_log_line(r, LogFormat::kCombined),
            "10.0.2.2 - - [03/Dec/2026:12:51:09 +0000] \"-\" 400 16 \"-\" \"-\"");
}

TEST_F(LogFmtTest, Json) {
  auto r = record("GET", "/fib/10", "a\"b\nc\xff", "");
  r.route = KR_FIB;
  r.requests = 2;
  r.flags = KHTTPD_LOG_F_REFERER_CUT;
  std::string line = format_log_line(r, LogFormat::kJson);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["time"], "2026-12-03T12:51:09.250000Z");
  EXPECT_EQ(j["remote_addr"], "10.0.2.2");
  EXPECT_EQ(j["remote_port"], 40000);
  EXPECT_EQ(j["method"], "GET");
  EXPECT_EQ(j["target"], "/fib/10");
  EXPECT_EQ(j["protocol"], "HTTP/1.1");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["body_bytes_sent"], 612);
  EXPECT_EQ(j["duration_us"], 1500);
  EXPECT_EQ(j["route"], "fib");
  EXPECT_EQ(j["connection_requests"], 3);
  EXPECT_EQ(j["user_agent"], "a\"b\nc\xef\xbf\xbd");  // invalid UTF-8 replaced
  EXPECT_EQ(j["truncated"], nlohmann::json::array({"referer"}));
  EXPECT_EQ(j["aborted"], false);
}

TEST_F(LogFmtTest, ChecksSizeAndVersion) {
  auto r = record("GET", "/");
  EXPECT_EQ(check_log_record(r), "");
  r.version = 2;
  EXPECT_NE(check_log_record(r), "");
  r.version = KHTTPD_LOG_VERSION;
  r.size = 100;
  EXPECT_NE(check_log_record(r), "");
}

}  // namespace
}  // namespace khttpd::admin
