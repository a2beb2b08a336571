#include "listen.h"

#include <arpa/inet.h>

#include <cstring>
#include <sstream>

#include "file_io.h"

namespace khttpd::admin {
namespace {

constexpr const char* kStateListen = "0A";

bool parse_hex32(std::string_view text, uint32_t* out) {
  if (text.empty() || text.size() > 8) return false;
  uint32_t n = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9')
      digit = c - '0';
    else if (c >= 'A' && c <= 'F')
      digit = c - 'A' + 10;
    else if (c >= 'a' && c <= 'f')
      digit = c - 'a' + 10;
    else
      return false;
    n = n << 4 | static_cast<uint32_t>(digit);
  }
  *out = n;
  return true;
}

// "0100007F:1F91": the kernel prints the address as 32-bit words in host
// byte order, so copying each word back into memory restores the bytes.
bool parse_local_address(std::string_view field, bool v6, ListenSocket* sock) {
  size_t colon = field.find(':');
  const size_t words = v6 ? 4 : 1;
  if (colon != words * 8) return false;
  unsigned char bytes[16];
  for (size_t i = 0; i < words; i++) {
    uint32_t word;
    if (!parse_hex32(field.substr(i * 8, 8), &word)) return false;
    std::memcpy(bytes + i * 4, &word, sizeof(word));
  }
  uint32_t port;
  if (!parse_hex32(field.substr(colon + 1), &port) || port > 0xffff) return false;
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(v6 ? AF_INET6 : AF_INET, bytes, text, sizeof(text))) return false;
  sock->address = text;
  sock->port = static_cast<uint16_t>(port);
  sock->v6 = v6;
  return true;
}

}  // namespace

std::string format_endpoint(std::string_view bind, std::string_view port) {
  std::string p(port);
  if (bind.empty()) return "*:" + p;
  if (bind.find(':') != std::string_view::npos) return "[" + std::string(bind) + "]:" + p;
  return std::string(bind) + ":" + p;
}

std::string ListenSocket::text() const { return format_endpoint(address, std::to_string(port)); }

std::vector<ListenSocket> parse_proc_net_tcp(std::string_view text, bool v6) {
  std::vector<ListenSocket> sockets;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    // sl local_address rem_address st ...
    std::istringstream fields(line);
    std::string sl, local, remote, state;
    if (!(fields >> sl >> local >> remote >> state) || state != kStateListen) continue;
    ListenSocket sock;
    if (parse_local_address(local, v6, &sock)) sockets.push_back(sock);
  }
  return sockets;
}

std::vector<ListenSocket> find_listeners(const Paths& paths, uint16_t port) {
  std::vector<ListenSocket> found;
  for (bool v6 : {false, true}) {
    std::string text;
    if (read_file(paths.proc_net_tcp(v6), &text, 64 << 20) != 0) continue;
    for (const auto& sock : parse_proc_net_tcp(text, v6))
      if (sock.port == port) found.push_back(sock);
  }
  return found;
}

}  // namespace khttpd::admin
