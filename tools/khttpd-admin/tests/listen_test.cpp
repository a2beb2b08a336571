#include "listen.h"

#include <gtest/gtest.h>

#include "fake_tree.h"

namespace khttpd::admin {
namespace {

// Captured on x86-64: addresses are printed as host-order (little-endian) words.
const char kTcp[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
    "inode\n"
    "   0: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
    "1 1 0000000000000000 100 0 0 10 0\n"
    "   1: 0100007F:0277 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 "
    "2 1 0000000000000000 100 0 0 10 0\n"
    "   2: 0100007F:1F91 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 "
    "3 1 0000000000000000 20 4 30 10 -1\n"
    "garbage\n";

const char kTcp6[] =
    "  sl  local_address                         remote_address                        st\n"
    "   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A\n"
    "   1: 00000000000000000000000001000000:0019 00000000000000000000000000000000:0000 0A\n"
    "   2: B80D0120000000000000000001000000:0050 00000000000000000000000000000000:0000 0A\n";

TEST(ListenTest, ParsesIpv4ListenSockets) {
  auto sockets = parse_proc_net_tcp(kTcp, false);
  ASSERT_EQ(sockets.size(), 2u);
  EXPECT_EQ(sockets[0].text(), "0.0.0.0:8081");
  EXPECT_EQ(sockets[1].text(), "127.0.0.1:631");
}

TEST(ListenTest, ParsesIpv6ListenSockets) {
  auto sockets = parse_proc_net_tcp(kTcp6, true);
  ASSERT_EQ(sockets.size(), 3u);
  EXPECT_EQ(sockets[0].text(), "[::]:8081");
  EXPECT_EQ(sockets[1].text(), "[::1]:25");
  EXPECT_EQ(sockets[2].text(), "[2001:db8::1]:80");
  EXPECT_TRUE(parse_proc_net_tcp(kTcp6, false).empty());  // wrong width for IPv4
}

TEST(ListenTest, FormatsEndpoints) {
  EXPECT_EQ(format_endpoint("", "8081"), "*:8081");
  EXPECT_EQ(format_endpoint("192.0.2.1", "80"), "192.0.2.1:80");
  EXPECT_EQ(format_endpoint("::1", "80"), "[::1]:80");
}

TEST(ListenTest, FindsListenersOnPortInBothFiles) {
  testing::FakeTree tree;
  Paths paths{tree.root()};
  EXPECT_TRUE(find_listeners(paths, 8081).empty());
  tree.write("proc/net/tcp", kTcp);
  tree.write("proc/net/tcp6", kTcp6);
  auto found = find_listeners(paths, 8081);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].text(), "0.0.0.0:8081");
  EXPECT_EQ(found[1].text(), "[::]:8081");
}

}  // namespace
}  // namespace khttpd::admin
