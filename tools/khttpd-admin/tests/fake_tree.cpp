#include "fake_tree.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "keys.h"

extern char** environ;

namespace khttpd::admin::testing {
namespace {

void make_dirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); i++) {
    if (i == path.size() || path[i] == '/') mkdir(path.substr(0, i).c_str(), 0755);
  }
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int remove_entry(const char* path, const struct stat*, int, struct FTW*) { return remove(path); }

pid_t spawn(const std::string& root, const std::vector<std::string>& args,
            const std::vector<std::string>& env, const std::string& out_path,
            const std::string& err_path) {
  std::vector<std::string> argv = {KHTTPD_ADMIN_BIN};
  if (!root.empty()) argv.insert(argv.end(), {"--root", root});
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& arg : argv) cargv.push_back(arg.data());
  cargv.push_back(nullptr);

  std::vector<std::string> envs = env;
  for (char** e = environ; *e; e++) envs.emplace_back(*e);
  std::vector<char*> cenv;
  for (auto& e : envs) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid;
  int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), cenv.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn failed");
  return pid;
}

}  // namespace

FakeTree::FakeTree() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/khttpd-admin-test.XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  make_dirs(path("etc/khttpd"));
  make_dirs(path("proc"));
}

FakeTree::~FakeTree() { nftw(root_.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS); }

void FakeTree::load_module(const std::map<std::string, std::string>& overrides) {
  make_dirs(path("sys/module/khttpd/parameters"));
  for (const Key& key : all_keys()) {
    std::string value = key.default_value;
    auto it = overrides.find(key.name);
    if (it != overrides.end()) value = it->second;
    if (value != kAbsent) write(param_file(key.name), value + "\n");
  }
}

std::string FakeTree::param_file(const std::string& key) const {
  return "sys/module/khttpd/parameters/" + key;
}

std::string FakeTree::param(const std::string& key) const {
  std::string text = read(param_file(key));
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

void FakeTree::write(const std::string& rel, const std::string& content, int mode) const {
  std::string full = path(rel);
  make_dirs(full.substr(0, full.rfind('/')));
  std::ofstream(full, std::ios::binary | std::ios::trunc) << content;
  chmod(full.c_str(), static_cast<mode_t>(mode));
}

std::string FakeTree::read(const std::string& rel) const { return slurp(path(rel)); }

bool FakeTree::exists(const std::string& rel) const {
  struct stat st;
  return lstat(path(rel).c_str(), &st) == 0;
}

std::string FakeTree::fake_modprobe(int status) const {
  write("modprobe",
        "#!/bin/sh\n"
        "for arg in \"$@\"; do printf '%s\\n' \"$arg\"; done >> '" +
            path("modprobe.log") + "'\necho -- >> '" + path("modprobe.log") + "'\nexit " +
            std::to_string(status) + "\n",
        0755);
  return path("modprobe");
}

TcpSocket::TcpSocket(int family, bool listening) {
  fd_ = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  struct sockaddr_storage ss = {};
  socklen_t len;
  if (family == AF_INET) {
    auto* sin = reinterpret_cast<struct sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof(*sin);
  } else {
    auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr = in6addr_loopback;
    len = sizeof(*sin6);
  }
  if (bind(fd_, reinterpret_cast<struct sockaddr*>(&ss), len) != 0 ||
      (listening && listen(fd_, 1) != 0) ||
      getsockname(fd_, reinterpret_cast<struct sockaddr*>(&ss), &len) != 0) {
    close(fd_);
    throw std::runtime_error("bind/listen failed");
  }
  port_ = ntohs(family == AF_INET ? reinterpret_cast<struct sockaddr_in*>(&ss)->sin_port
                                  : reinterpret_cast<struct sockaddr_in6*>(&ss)->sin6_port);
}

TcpSocket::~TcpSocket() { close(fd_); }

RunResult run_admin(const std::string& root, const std::vector<std::string>& args,
                    const std::vector<std::string>& env) {
  char dir[] = "/tmp/khttpd-admin-run.XXXXXX";
  if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
  std::string out = std::string(dir) + "/out", err = std::string(dir) + "/err";
  pid_t pid = spawn(root, args, env, out, err);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  RunResult result;
  result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  unlink(out.c_str());
  unlink(err.c_str());
  rmdir(dir);
  return result;
}

pid_t spawn_admin(const std::string& root, const std::vector<std::string>& args,
                  const std::string& out_path) {
  return spawn(root, args, {}, out_path, "/dev/null");
}

}  // namespace khttpd::admin::testing
