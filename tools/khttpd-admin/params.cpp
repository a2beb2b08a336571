#include "params.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "docroot.h"
#include "file_io.h"
#include "keys.h"

namespace khttpd::admin {

bool module_loaded(const Paths& paths) { return path_exists(paths.module_dir()); }

std::optional<std::string> read_param(const Paths& paths, const std::string& key) {
  std::string text;
  // sysfs shows at most a page.
  if (read_file(paths.param(key), &text, 4096) != 0) return std::nullopt;
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::map<std::string, std::optional<std::string>> read_all_params(const Paths& paths) {
  std::map<std::string, std::optional<std::string>> values;
  for (const Key& key : all_keys()) values[key.name] = read_param(paths, key.name);
  return values;
}

WriteResult write_param(const Paths& paths, const std::string& key, const std::string& value) {
  // No O_CREAT: a missing file means the module lacks the key.
  int fd = open(paths.param(key).c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return {errno, true};
  std::string line = value + "\n";
  WriteResult result;
  ssize_t n;
  do {
    n = write(fd, line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    result.err = errno;
  else if (static_cast<size_t>(n) != line.size())
    result.err = EIO;
  if (close(fd) != 0 && result.err == 0) result.err = errno;
  return result;
}

namespace {

std::string endpoint_text(const Endpoint& ep) {
  if (ep.bind.empty()) return "port " + ep.port;
  return "port " + ep.port + " on " + ep.bind;
}

}  // namespace

std::string describe_write_error(const WriteResult& result, const std::string& key,
                                 const std::string& value, const WriteContext& context) {
  const std::string pair = key + "=" + value;
  const Endpoint& endpoint = context.endpoint;
  const bool listen_key = key == "port" || key == "bind";
  if (!result.at_open && key == "docroot" && !context.docroot_problem.empty())
    return "cannot set " + pair + ": " + context.docroot_problem;
  switch (result.err) {
    case ENOENT:
      if (!context.loaded) return "khttpd is not loaded";
      if (result.at_open) return key + " is not supported by the loaded khttpd module";
      break;
    case EACCES:
    case EPERM:
      if (result.at_open) {
        if (context.root_user)
          return "cannot set " + pair + ": permission denied opening its sysfs file";
        return "cannot set " + pair + ": permission denied: run as root";
      }
      if (listen_key) return "cannot listen on " + endpoint_text(endpoint) + ": permission denied";
      if (key == "docroot")
        return "cannot set " + pair + ": khttpd may not use it (others cannot search it)";
      if (!context.root_user) return "cannot set " + pair + ": permission denied: run as root";
      return "kernel refused " + pair + ": permission denied";
    case EADDRINUSE:
      return endpoint_text(endpoint) + " is already in use";
    case EADDRNOTAVAIL:
      if (endpoint.bind.empty()) return "cannot listen on " + endpoint_text(endpoint);
      return "address " + endpoint.bind + " is not assigned to this host";
    case EINVAL:
      return "kernel refused " + pair + ": invalid value";
    case EBUSY:
      return "kernel refused " + pair + ": busy, try again";
  }
  return "cannot set " + pair + ": " + std::strerror(result.err);
}

WriteContext write_context(const Paths& paths, const std::string& key, const std::string& value,
                           const Endpoint& endpoint) {
  WriteContext context;
  context.endpoint = endpoint;
  context.loaded = module_loaded(paths);
  context.root_user = geteuid() == 0;
  if (key == "docroot" && !value.empty())
    context.docroot_problem = docroot_problem(paths.under_root(value), value);
  return context;
}

}  // namespace khttpd::admin
