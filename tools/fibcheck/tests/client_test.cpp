// The client against an in-process loopback server that answers one
// connection with scripted pieces.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"

namespace khttpd::fibcheck {
namespace {

using namespace std::chrono_literals;

class LoopbackServer {
 public:
  // pieces: written one by one, pause between them; then the connection
  // stays open for hold, and closes.
  LoopbackServer(std::vector<std::string> pieces, std::chrono::milliseconds pause,
                 std::chrono::milliseconds hold = 0ms) {
    listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(listen(listener_, 1), 0);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, pieces = std::move(pieces), pause, hold] {
      int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      char buf[4096];
      while (request_.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0) break;
        request_.append(buf, static_cast<size_t>(n));
      }
      for (const auto& piece : pieces) {
        std::this_thread::sleep_for(pause);
        if (send(fd, piece.data(), piece.size(), MSG_NOSIGNAL) < 0) break;
      }
      std::this_thread::sleep_for(hold);
      close(fd);
    });
  }
  ~LoopbackServer() {
    join();
    close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // What the client sent, once the server is done with the connection.
  std::string request() {
    join();
    return request_;
  }

 private:
  void join() {
    if (!thread_.joinable()) return;
    shutdown(listener_, SHUT_RDWR);  // wakes accept() if nobody came
    thread_.join();
  }

  int listener_;
  uint16_t port_ = 0;
  std::thread thread_;
  std::string request_;
};

Target target_of(const std::string& url) {
  Target t;
  EXPECT_EQ(resolve_target(url, &t), "");
  return t;
}

TEST(ClientTest, PiecesMakeOneResponse) {
  std::string body(100000, '7');
  body += '\n';
  std::vector<std::string> pieces = {"HTTP/1.1 200 OK\r\nContent-Le",
                                     "ngth: " + std::to_string(body.size()) + "\r\n",
                                     "X-Khttpd-Compute-Us: 5\r\nX-Khttpd-Cache: miss\r\n\r"};
  pieces.push_back("\n" + body.substr(0, 10));
  for (size_t i = 10; i < body.size(); i += 30000) pieces.push_back(body.substr(i, 30000));
  LoopbackServer server(pieces, 20ms);
  Exchange ex;
  {
    Target t = target_of(server.url() + "/");
    ex = http_get(t, "/fib/42", 5s);
  }
  ASSERT_EQ(ex.error, "");
  EXPECT_EQ(ex.response.status, 200);
  EXPECT_EQ(ex.response.body, body);
  EXPECT_EQ(ex.response.header("X-Khttpd-Compute-Us").value_or(""), "5");
  // the first byte came after one pause, the last after all of them
  EXPECT_GE(ex.ttfb_ms, 15);
  EXPECT_GE(ex.latency_ms, ex.ttfb_ms + 15 * (pieces.size() - 1));
  EXPECT_LT(ex.latency_ms, 5000);
}

TEST(ClientTest, SendsAnHttp11GetWithHost) {
  LoopbackServer server({"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"}, 0ms);
  Target t = target_of(server.url() + "/base/");
  EXPECT_EQ(t.prefix, "/base");
  EXPECT_EQ(http_get(t, "/fib/7", 5s).error, "");
  std::string request = server.request();
  EXPECT_EQ(request.substr(0, request.find("\r\n")), "GET /base/fib/7 HTTP/1.1");
  EXPECT_NE(request.find("\r\nHost: " + server.url().substr(7) + "\r\n"), std::string::npos)
      << request;
}

TEST(ClientTest, CutShort) {
  LoopbackServer server({"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"}, 0ms);
  Exchange ex = http_get(target_of(server.url()), "/fib/1", 5s);
  EXPECT_EQ(ex.error, "connection closed after 5 of 10 body bytes");
}

TEST(ClientTest, TimesOut) {
  LoopbackServer server({"HTTP/1.1 200 OK\r\n"}, 0ms, 1000ms);
  auto t0 = std::chrono::steady_clock::now();
  Exchange ex = http_get(target_of(server.url()), "/fib/1", 200ms);
  EXPECT_EQ(ex.error, "timed out waiting for the response");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 900ms);
}

TEST(ClientTest, Refused) {
  uint16_t port;
  {
    // a port nobody listens on: bound, then closed
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    close(fd);
  }
  Exchange ex = http_get(target_of("127.0.0.1:" + std::to_string(port)), "/fib/1", 5s);
  EXPECT_EQ(ex.error, "connect: Connection refused");
}

TEST(ClientTest, Targets) {
  Target t;
  EXPECT_EQ(resolve_target("http://127.0.0.1:8081", &t), "");
  EXPECT_EQ(t.authority, "127.0.0.1:8081");
  EXPECT_EQ(t.prefix, "");
  EXPECT_EQ(reinterpret_cast<sockaddr_in*>(&t.addr)->sin_port, htons(8081));
  EXPECT_EQ(resolve_target("[::1]", &t), "");
  EXPECT_EQ(t.addr.ss_family, AF_INET6);
  EXPECT_EQ(t.authority, "[::1]");
  EXPECT_EQ(resolve_target("https://127.0.0.1/", &t), "only http:// URLs are supported");
  EXPECT_EQ(resolve_target("http://127.0.0.1:99999/", &t), "bad port");
  EXPECT_EQ(resolve_target("http://127.0.0.1/?x=1", &t), "the URL may not have a query");
}

}  // namespace
}  // namespace khttpd::fibcheck
