// The listeners come from the kernel's socket diagnostics: these tests open
// real sockets on loopback and look for them.
#include "listen.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include "fake_tree.h"

namespace khttpd::admin {
namespace {

TEST(ListenTest, FindsARealIpv4Listener) {
  testing::TcpSocket sock(AF_INET, true);
  Listeners found = find_listeners(sock.port());
  ASSERT_TRUE(found.ok()) << found.error;
  ASSERT_EQ(found.sockets.size(), 1u);
  EXPECT_EQ(found.sockets[0].text(), "127.0.0.1:" + std::to_string(sock.port()));
  EXPECT_FALSE(found.sockets[0].v6);
  EXPECT_EQ(listening_summary(found, std::to_string(sock.port())),
            "listening on 127.0.0.1:" + std::to_string(sock.port()));
}

TEST(ListenTest, FindsARealIpv6Listener) {
  testing::TcpSocket sock(AF_INET6, true);
  Listeners found = find_listeners(sock.port());
  ASSERT_TRUE(found.ok()) << found.error;
  ASSERT_EQ(found.sockets.size(), 1u);
  EXPECT_EQ(found.sockets[0].text(), "[::1]:" + std::to_string(sock.port()));
  EXPECT_TRUE(found.sockets[0].v6);
}

TEST(ListenTest, ABoundSocketThatDoesNotListenIsNotAListener) {
  testing::TcpSocket sock(AF_INET, false);
  Listeners found = find_listeners(sock.port());
  ASSERT_TRUE(found.ok()) << found.error;
  EXPECT_TRUE(found.sockets.empty());
  EXPECT_EQ(listening_summary(found, "1234"), "not listening: no socket on port 1234");
}

TEST(ListenTest, ReportsWhyTheSocketsAreUnknown) {
  Listeners broken;
  broken.error = "cannot list listening sockets (inet_diag: No such file or directory)";
  EXPECT_EQ(listening_summary(broken, "8081"), broken.error);
}

TEST(ListenTest, FormatsEndpoints) {
  EXPECT_EQ(format_endpoint("", "8081"), "*:8081");
  EXPECT_EQ(format_endpoint("192.0.2.1", "80"), "192.0.2.1:80");
  EXPECT_EQ(format_endpoint("::1", "80"), "[::1]:80");
  EXPECT_EQ(join_listeners({{"0.0.0.0", 80, false}, {"::", 80, true}}), "0.0.0.0:80, [::]:80");
}

}  // namespace
}  // namespace khttpd::admin
