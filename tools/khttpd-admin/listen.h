// Listening addresses: the endpoint the port and bind tunables describe, and
// the TCP sockets the kernel really has in LISTEN state, asked through socket
// diagnostics (NETLINK_SOCK_DIAG, the interface ss(8) uses).
#ifndef KHTTPD_ADMIN_LISTEN_H_
#define KHTTPD_ADMIN_LISTEN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khttpd::admin {

// "*:8081" for all addresses, "192.0.2.1:80", "[2001:db8::1]:80".
std::string format_endpoint(std::string_view bind, std::string_view port);

struct ListenSocket {
  std::string address;  // inet_ntop() text
  uint16_t port = 0;
  bool v6 = false;
  std::string text() const;  // as format_endpoint()
};

struct Listeners {
  std::vector<ListenSocket> sockets;  // IPv4 first, then IPv6
  std::string error;                  // why the kernel could not be asked; "" if it was
  bool ok() const { return error.empty(); }
};

// The TCP sockets in LISTEN state on port in this network namespace, IPv4
// and IPv6, from the kernel's inet_diag dump. Whose sockets they are is not
// part of the answer: on khttpd's port, a listener is khttpd's, since
// nothing else can bind it while khttpd listens on all addresses.
Listeners find_listeners(uint16_t port);

// Every listener's text() joined with ", ".
std::string join_listeners(const std::vector<ListenSocket>& sockets);

// "listening on *:8081, [::]:8081", "not listening: no socket on port 8081",
// or why the sockets are unknown.
std::string listening_summary(const Listeners& listening, std::string_view port);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_LISTEN_H_
