#include "http_client.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern "C" {
#include "url.h"  // tools/htstress: the URL parser and resolver it uses
}

namespace khttpd::fibcheck {
namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// Waits for events on fd until deadline. Returns "" or why not.
std::string wait_for(int fd, short events, Clock::time_point deadline, const char* what) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return std::string("timed out ") + what;
    pollfd p{fd, events, 0};
    int n = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (n > 0) return "";
    if (n < 0) return errno == EINTR ? kInterrupted : std::string("poll: ") + strerror(errno);
  }
}

std::string errno_text(const char* what) { return std::string(what) + ": " + strerror(errno); }

}  // namespace

std::string resolve_target(const std::string& url, Target* out) {
  struct url u;
  const char* err = url_parse(&u, url.c_str());
  if (!err) {
    err = url_resolve(&u, &out->addr, &out->addr_len);
    out->authority = u.authority;
    out->prefix = u.path;
  }
  url_free(&u);
  if (err) return err;
  if (out->prefix.find('?') != std::string::npos) return "the URL may not have a query";
  while (!out->prefix.empty() && out->prefix.back() == '/') out->prefix.pop_back();
  return "";
}

Exchange http_get(const Target& target, const std::string& path, std::chrono::milliseconds timeout,
                  uint64_t max_body) {
  Exchange ex;
  const auto deadline = Clock::now() + timeout;
  Fd fd(socket(target.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    ex.error = errno_text("socket");
    return ex;
  }
  int one = 1;
  setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&target.addr), target.addr_len) < 0) {
    if (errno != EINPROGRESS) {
      ex.error = errno_text("connect");
      return ex;
    }
    if (ex.error = wait_for(fd.get(), POLLOUT, deadline, "connecting"); !ex.error.empty())
      return ex;
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) {
      errno = err;
      ex.error = errno_text("connect");
      return ex;
    }
  }

  ex.connected = true;

  const std::string request = "GET " + target.prefix + path +
                              " HTTP/1.1\r\nHost: " + target.authority +
                              "\r\nUser-Agent: fibcheck\r\nConnection: close\r\n\r\n";
  const auto start = Clock::now();
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<size_t>(n);
    } else if (errno == EAGAIN) {
      if (ex.error = wait_for(fd.get(), POLLOUT, deadline, "sending"); !ex.error.empty()) return ex;
    } else if (errno != EINTR) {
      ex.error = errno_text("send");
      return ex;
    }
  }

  ResponseParser parser(max_body);
  std::vector<char> buf(256 * 1024);
  bool first = true;
  for (;;) {
    ssize_t n = recv(fd.get(), buf.data(), buf.size(), 0);
    const auto now = Clock::now();
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) {
        ex.error = errno_text("recv");
        return ex;
      }
      if (ex.error = wait_for(fd.get(), POLLIN, deadline, "waiting for the response");
          !ex.error.empty())
        return ex;
      continue;
    }
    if (first) {
      ex.ttfb_ms = ms_between(start, now);
      first = false;
    }
    size_t used;
    auto r = n == 0 ? parser.eof()
                    : parser.feed(std::string_view(buf.data(), static_cast<size_t>(n)), &used);
    if (r == ResponseParser::Result::kError) {
      ex.error = parser.error();
      return ex;
    }
    if (r == ResponseParser::Result::kDone) {
      ex.latency_ms = ms_between(start, now);
      ex.response = parser.take();
      return ex;
    }
  }
}

}  // namespace khttpd::fibcheck
