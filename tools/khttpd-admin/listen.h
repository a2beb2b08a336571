// Listening addresses: the endpoint the port and bind tunables describe, and
// the LISTEN sockets /proc/net/tcp and /proc/net/tcp6 actually show.
#ifndef KHTTPD_ADMIN_LISTEN_H_
#define KHTTPD_ADMIN_LISTEN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "paths.h"

namespace khttpd::admin {

// "*:8081" for all addresses, "192.0.2.1:80", "[2001:db8::1]:80".
std::string format_endpoint(std::string_view bind, std::string_view port);

struct ListenSocket {
  std::string address;  // inet_ntop() text
  uint16_t port = 0;
  bool v6 = false;
  std::string text() const;  // as format_endpoint()
};

// The sockets in LISTEN state in the text of /proc/net/tcp (v6 false) or
// /proc/net/tcp6 (v6 true). Lines that do not parse are skipped.
std::vector<ListenSocket> parse_proc_net_tcp(std::string_view text, bool v6);

// LISTEN sockets on port from both files; missing files count as empty.
std::vector<ListenSocket> find_listeners(const Paths& paths, uint16_t port);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_LISTEN_H_
