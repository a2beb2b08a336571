// khttpd-admin --version: which khttpd is running and which is installed,
// so that after an upgrade an administrator can tell whether the loaded
// module is the new one.
#ifndef KHTTPD_ADMIN_VERSION_H_
#define KHTTPD_ADMIN_VERSION_H_

#include <optional>
#include <string>
#include <string_view>

#include "paths.h"

namespace khttpd::admin {

// The value of "key=" in a module file's .modinfo section (version,
// srcversion), found by scanning its bytes; nullopt when the file cannot be
// read or is compressed.
std::optional<std::string> modinfo_field(std::string_view ko, std::string_view key);

// The lines --version prints: the program, the loaded module (version,
// srcversion), the module DKMS installed for kernel release (its version
// from /var/lib/dkms, its srcversion from the .ko), and whether the loaded
// module is the installed one.
std::string version_text(const Paths& paths, std::string_view program_version,
                         std::string_view release);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_VERSION_H_
