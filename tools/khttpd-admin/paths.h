// Where khttpd's files live. Every path goes through Paths so that tests can
// point the tool at a fake tree (the hidden --root option).
#ifndef KHTTPD_ADMIN_PATHS_H_
#define KHTTPD_ADMIN_PATHS_H_

#include <string>
#include <string_view>

namespace khttpd::admin {

struct Paths {
  std::string root;  // prefix for /sys, /proc and /etc; empty in production

  std::string module_dir() const { return root + "/sys/module/khttpd"; }
  std::string param_dir() const { return module_dir() + "/parameters"; }
  std::string param(std::string_view key) const { return param_dir() + "/" + std::string(key); }
  std::string stats() const { return root + "/proc/khttpd"; }
  std::string proc_net_tcp(bool v6) const {
    return root + (v6 ? "/proc/net/tcp6" : "/proc/net/tcp");
  }
  std::string config() const { return root + "/etc/khttpd/khttpd.conf"; }
};

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_PATHS_H_
