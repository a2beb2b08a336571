#include "param_override.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace khttpd::fibcheck {
namespace {

std::string errno_text(const std::string& path) { return path + ": " + strerror(errno); }

// sysfs takes a value in one write(2) and refuses a bad one there or at
// close. Returns "" or what went wrong.
std::string write_value(const std::string& path, const std::string& value) {
  int fd = open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return errno_text(path);
  std::string line = value + "\n";
  ssize_t n = write(fd, line.data(), line.size());
  std::string err = n < 0 ? errno_text(path) : "";
  if (close(fd) < 0 && err.empty()) err = errno_text(path);
  return err.empty() ? "" : err + " (writing " + value + ")";
}

}  // namespace

std::string ParamOverride::get(const std::string& name, std::string* error) const {
  std::string path = dir_ + "/" + name;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = errno_text(path);
    return "";
  }
  char buf[256];
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  if (n < 0) *error = errno_text(path);
  close(fd);
  std::string value(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  return value;
}

std::string ParamOverride::set(const std::string& name, const std::string& value) {
  std::string error;
  std::string old = get(name, &error);
  if (!error.empty()) return error;
  if (std::string err = write_value(dir_ + "/" + name, value); !err.empty()) return err;
  auto known = std::find_if(saved_.begin(), saved_.end(),
                            [&](const auto& entry) { return entry.first == name; });
  if (known == saved_.end()) saved_.emplace_back(name, old);
  return "";
}

std::string ParamOverride::restore() {
  std::string errors;
  for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
    std::string err = write_value(dir_ + "/" + it->first, it->second);
    if (!err.empty()) errors += err + "\n";
  }
  saved_.clear();
  return errors;
}

}  // namespace khttpd::fibcheck
