// An HTTP/1.1 response read incrementally: status line, header fields and a
// body delimited by Content-Length (or by the connection closing). Bytes may
// arrive split at any boundary; the whole response is kept, since fibcheck
// compares the body with GMP's digits.
#ifndef KHTTPD_FIBCHECK_HTTP_RESPONSE_H_
#define KHTTPD_FIBCHECK_HTTP_RESPONSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khttpd::fibcheck {

struct Response {
  int version_minor = 0;
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;  // as received, values trimmed
  std::string body;

  // The first field called name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

class ResponseParser {
 public:
  enum class Result { kAgain, kDone, kError };

  // The largest head (status line and fields) and body accepted.
  static constexpr size_t kMaxHead = 64 * 1024;
  static constexpr uint64_t kDefaultMaxBody = uint64_t{1} << 30;

  explicit ResponseParser(uint64_t max_body = kDefaultMaxBody) : max_body_(max_body) {}

  // Consumes received bytes. kAgain: all used, more needed. kDone: the
  // response ended after *used bytes (the rest is not ours). kError: see
  // error(); the connection is unusable.
  Result feed(std::string_view data, size_t* used);

  // The peer closed the connection: kDone if that ends a body without a
  // Content-Length, kError otherwise (the response is cut short).
  Result eof();

  bool head_done() const { return state_ > State::kHead; }
  const Response& response() const { return response_; }
  Response take() { return std::move(response_); }
  const std::string& error() const { return error_; }

 private:
  enum class State { kHead, kBodyLength, kBodyToClose, kDone, kError };

  Result fail(std::string message);
  Result parse_head();  // head_ holds everything up to the empty line

  uint64_t max_body_;
  State state_ = State::kHead;
  std::string head_;
  uint64_t body_left_ = 0;
  Response response_;
  std::string error_;
};

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_HTTP_RESPONSE_H_
