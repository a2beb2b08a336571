#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace khttpd::admin {

int read_file(const std::string& path, std::string* out, size_t limit) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  out->clear();
  char buf[4096];
  int err = 0;
  while (out->size() < limit) {
    ssize_t n = read(fd, buf, std::min(sizeof(buf), limit - out->size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return err;
}

bool path_exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string replace_file(const std::string& path, const std::string& content) {
  auto failed = [&](const char* what, int err) {
    return std::string("cannot ") + what + " " + path + ": " + std::strerror(err);
  };
  mode_t mode = 0644;
  struct stat st;
  if (stat(path.c_str(), &st) == 0) mode = st.st_mode & 07777;

  std::string tmp = path + ".XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return failed("write", errno);

  int err = 0;
  const char* what = "write";
  size_t done = 0;
  while (!err && done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno != EINTR) err = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (!err && fchmod(fd, mode) != 0) err = errno;
  if (!err && fsync(fd) != 0) err = errno;
  if (close(fd) != 0 && !err) err = errno;
  if (!err && rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    what = "replace";
  }
  if (err) {
    unlink(tmp.c_str());
    return failed(what, err);
  }
  return "";
}

}  // namespace khttpd::admin
