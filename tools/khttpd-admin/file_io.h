// Whole-file reads and atomic replacement, with errno kept for the caller to
// explain.
#ifndef KHTTPD_ADMIN_FILE_IO_H_
#define KHTTPD_ADMIN_FILE_IO_H_

#include <cstddef>
#include <string>

namespace khttpd::admin {

// Reads at most limit bytes of path into out. Returns 0 or an errno value.
// The limit keeps a misplaced character device from being read forever.
int read_file(const std::string& path, std::string* out, size_t limit = 1 << 20);

bool path_exists(const std::string& path);

// Replaces path with content through a temporary file in the same directory
// and rename(2), so readers see the old or the new file, never half of one.
// Keeps the mode of an existing file. Returns "" or a message naming path.
std::string replace_file(const std::string& path, const std::string& content);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_FILE_IO_H_
