// A minimal HTTP/1.1 client for timing one request: a fresh connection per
// GET, the clock started just before the request is written and read again
// at the first and the last byte of the response.
#ifndef KHTTPD_FIBCHECK_HTTP_CLIENT_H_
#define KHTTPD_FIBCHECK_HTTP_CLIENT_H_

#include <sys/socket.h>

#include <chrono>
#include <string>

#include "http_response.h"

namespace khttpd::fibcheck {

// Where requests go: http://HOST[:PORT][/PREFIX]. Address literals need no
// resolver, which matters in the static binary for the test guest.
struct Target {
  std::string authority;  // the Host header
  std::string prefix;     // the URL's path without its trailing slash
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
};

// Parses and resolves url into *out. Returns "" or what is wrong.
std::string resolve_target(const std::string& url, Target* out);

// Exchange::error when a signal cut the exchange short.
inline constexpr char kInterrupted[] = "interrupted";

struct Exchange {
  std::string error;       // "" when a complete response arrived
  bool connected = false;  // the connection was made (else error says why not)
  Response response;
  double ttfb_ms = 0;     // request write start to the first response byte
  double latency_ms = 0;  // request write start to the last response byte
};

// GET prefix + path on a new connection, closed afterwards. timeout bounds
// the whole exchange; a signal interrupting it ends it with an error.
Exchange http_get(const Target& target, const std::string& path, std::chrono::milliseconds timeout,
                  uint64_t max_body = ResponseParser::kDefaultMaxBody);

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_HTTP_CLIENT_H_
