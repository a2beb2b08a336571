#include "listen.h"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace khttpd::admin {
namespace {

struct DumpState {
  uint16_t port;
  std::vector<ListenSocket>* out;
};

int on_socket(const struct nlmsghdr* nlh, void* data) {
  auto* state = static_cast<DumpState*>(data);
  if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct inet_diag_msg)) return MNL_CB_OK;
  const auto* msg = static_cast<const struct inet_diag_msg*>(mnl_nlmsg_get_payload(nlh));
  if (msg->idiag_state != TCP_LISTEN || ntohs(msg->id.idiag_sport) != state->port) return MNL_CB_OK;
  const bool v6 = msg->idiag_family == AF_INET6;
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(v6 ? AF_INET6 : AF_INET, msg->id.idiag_src, text, sizeof(text))) return MNL_CB_OK;
  state->out->push_back({text, state->port, v6});
  return MNL_CB_OK;
}

using Socket = std::unique_ptr<struct mnl_socket, int (*)(struct mnl_socket*)>;

// One SOCK_DIAG_BY_FAMILY dump of family's TCP listeners. Returns "" or why not.
std::string dump(struct mnl_socket* nl, uint8_t family, DumpState* state) {
  char buf[MNL_SOCKET_BUFFER_SIZE];
  struct nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  const unsigned seq = static_cast<unsigned>(getpid()) ^ family;
  nlh->nlmsg_seq = seq;
  auto* req = static_cast<struct inet_diag_req_v2*>(
      mnl_nlmsg_put_extra_header(nlh, sizeof(struct inet_diag_req_v2)));
  req->sdiag_family = family;
  req->sdiag_protocol = IPPROTO_TCP;
  req->idiag_states = 1u << TCP_LISTEN;

  auto failed = [](const char* what) { return std::string(what) + ": " + std::strerror(errno); };
  if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) return failed("send");
  const unsigned portid = mnl_socket_get_portid(nl);
  for (;;) {
    ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
    if (n < 0) return failed("receive");
    int ret = mnl_cb_run(buf, static_cast<size_t>(n), seq, portid, on_socket, state);
    if (ret == MNL_CB_STOP) return "";
    // An error message from the kernel (inet_diag missing: ENOENT) sets errno.
    if (ret < 0) return failed("inet_diag");
  }
}

}  // namespace

std::string format_endpoint(std::string_view bind, std::string_view port) {
  std::string p(port);
  if (bind.empty()) return "*:" + p;
  if (bind.find(':') != std::string_view::npos) return "[" + std::string(bind) + "]:" + p;
  return std::string(bind) + ":" + p;
}

std::string ListenSocket::text() const { return format_endpoint(address, std::to_string(port)); }

Listeners find_listeners(uint16_t port) {
  Listeners result;
  Socket nl(mnl_socket_open(NETLINK_SOCK_DIAG), mnl_socket_close);
  if (!nl || mnl_socket_bind(nl.get(), 0, MNL_SOCKET_AUTOPID) < 0) {
    result.error = std::string("cannot open a NETLINK_SOCK_DIAG socket: ") + std::strerror(errno);
    return result;
  }
  DumpState state{port, &result.sockets};
  for (uint8_t family : {AF_INET, AF_INET6}) {
    std::string error = dump(nl.get(), family, &state);
    if (!error.empty()) {
      result.sockets.clear();
      result.error = "cannot list listening sockets (" + error + ")";
      return result;
    }
  }
  return result;
}

std::string join_listeners(const std::vector<ListenSocket>& sockets) {
  std::string text;
  for (const auto& sock : sockets) text += (text.empty() ? "" : ", ") + sock.text();
  return text;
}

std::string listening_summary(const Listeners& listening, std::string_view port) {
  if (!listening.ok()) return listening.error;
  if (listening.sockets.empty()) return "not listening: no socket on port " + std::string(port);
  return "listening on " + join_listeners(listening.sockets);
}

}  // namespace khttpd::admin
