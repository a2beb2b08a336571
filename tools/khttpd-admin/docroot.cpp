#include "docroot.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace khttpd::admin {

std::string docroot_problem(const std::string& fs_path, const std::string& shown) {
  const std::string name = "docroot " + shown;
  struct stat st;
  if (stat(fs_path.c_str(), &st) != 0) {
    if (errno == ENOENT) return name + " does not exist";
    if (errno == ENOTDIR) return name + " is not a directory (a part of its path is a file)";
    return "cannot check " + name + ": " + std::strerror(errno);
  }
  if (!S_ISDIR(st.st_mode)) return name + " is not a directory";
  if (!(st.st_mode & S_IXOTH)) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return name + " is not searchable by others (mode " + mode +
           "); khttpd reads files as others: chmod o+x " + shown;
  }
  return "";
}

}  // namespace khttpd::admin
