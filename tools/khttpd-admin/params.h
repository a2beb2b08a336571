// The module's tunables in /sys/module/khttpd/parameters: reading the values
// in force, writing new ones, and explaining the kernel's refusals in words.
#ifndef KHTTPD_ADMIN_PARAMS_H_
#define KHTTPD_ADMIN_PARAMS_H_

#include <map>
#include <optional>
#include <string>

#include "paths.h"

namespace khttpd::admin {

bool module_loaded(const Paths& paths);

// The value in force without its trailing newline; nullopt when the file is
// absent (module not loaded, or too old to have this key) or unreadable.
std::optional<std::string> read_param(const Paths& paths, const std::string& key);

// Every key of the table, read once.
std::map<std::string, std::optional<std::string>> read_all_params(const Paths& paths);

struct WriteResult {
  int err = 0;           // errno, 0 on success
  bool at_open = false;  // open(2) failed: permissions or a missing file
};

// Writes value followed by a newline, in one write(2) as sysfs requires.
// The newline is what makes an empty value reach the module at all (sysfs
// drops zero-length writes), the same as `echo > file` does.
WriteResult write_param(const Paths& paths, const std::string& key, const std::string& value);

// The listening endpoint a port or bind change concerns, for messages.
struct Endpoint {
  std::string port;
  std::string bind;  // empty: all addresses
};

// What a refusal's explanation depends on besides the write itself.
struct WriteContext {
  Endpoint endpoint;  // the listener the write concerns (port, bind)
  bool loaded = true;
  bool root_user = false;  // running as root: "run as root" would not help
  // For docroot: docroot_problem() of the value, "" when none was found.
  std::string docroot_problem;
};

// Turns a failed write into a sentence for the administrator, e.g.
// "port 80 is already in use" or "permission denied: run as root".
std::string describe_write_error(const WriteResult& result, const std::string& key,
                                 const std::string& value, const WriteContext& context);

// The WriteContext of a write of key=value to the module at paths.
WriteContext write_context(const Paths& paths, const std::string& key, const std::string& value,
                           const Endpoint& endpoint);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_PARAMS_H_
