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
  std::string config() const { return root + "/etc/khttpd/khttpd.conf"; }
  std::string module_version() const { return module_dir() + "/version"; }
  std::string module_srcversion() const { return module_dir() + "/srcversion"; }
  std::string access_log() const { return root + "/var/log/khttpd/access.log"; }
  std::string log_device() const { return root + "/dev/khttpd-log"; }
  std::string dkms_dir() const { return root + "/var/lib/dkms/khttpd"; }
  std::string modules_dir(std::string_view release) const {
    return root + "/lib/modules/" + std::string(release);
  }
  // An absolute path of the system (a docroot) as seen through root.
  std::string under_root(std::string_view path) const { return root + std::string(path); }
};

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_PATHS_H_
