// A throw-away root directory with a fake /sys/module/khttpd, /proc/khttpd
// and /etc/khttpd, for the tool's hidden --root option, and a way to run the
// built khttpd-admin against it.
#ifndef KHTTPD_ADMIN_TESTS_FAKE_TREE_H_
#define KHTTPD_ADMIN_TESTS_FAKE_TREE_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace khttpd::admin::testing {

class FakeTree {
 public:
  FakeTree();
  ~FakeTree();
  FakeTree(const FakeTree&) = delete;
  FakeTree& operator=(const FakeTree&) = delete;

  const std::string& root() const { return root_; }
  std::string path(const std::string& rel) const { return root_ + "/" + rel; }

  // /sys/module/khttpd/parameters with every key at its default, then
  // overrides; a key mapped to nullptr-like "<absent>" is left out.
  void load_module(const std::map<std::string, std::string>& overrides = {});
  static constexpr const char* kAbsent = "<absent>";

  // The parameter's file content without the trailing newline.
  std::string param(const std::string& key) const;
  std::string param_file(const std::string& key) const;

  void write(const std::string& rel, const std::string& content, int mode = 0644) const;
  std::string read(const std::string& rel) const;
  bool exists(const std::string& rel) const;

  // A fake modprobe that appends its arguments, one per line and a "--"
  // line after them, to modprobe.log in the tree and exits with status.
  std::string fake_modprobe(int status = 0) const;

 private:
  std::string root_;
};

// A real TCP socket bound to an ephemeral loopback port (127.0.0.1 or
// ::1), listening or not: something for the socket diagnostics to find.
class TcpSocket {
 public:
  TcpSocket(int family, bool listening);
  ~TcpSocket();
  TcpSocket(const TcpSocket&) = delete;
  TcpSocket& operator=(const TcpSocket&) = delete;
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

struct RunResult {
  int status = -1;  // exit status; -1 if killed
  std::string out;
  std::string err;
};

// Runs the built khttpd-admin with --root root (unless root is empty) and
// args; env entries ("NAME=value") are added to the environment.
RunResult run_admin(const std::string& root, const std::vector<std::string>& args,
                    const std::vector<std::string>& env = {});

// Starts it without waiting; stdout goes to out_path.
pid_t spawn_admin(const std::string& root, const std::vector<std::string>& args,
                  const std::string& out_path);

}  // namespace khttpd::admin::testing

#endif  // KHTTPD_ADMIN_TESTS_FAKE_TREE_H_
