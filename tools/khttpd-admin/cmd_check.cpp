// khttpd-admin check [FILE]: what nginx -t is to nginx. Reads the
// configuration and the system, writes nothing, needs no module.
#include <arpa/inet.h>

#include <cerrno>
#include <cstring>

#include "commands.h"
#include "config_file.h"
#include "docroot.h"
#include "file_io.h"
#include "keys.h"
#include "listen.h"
#include "params.h"

namespace khttpd::admin {
namespace {

// The value the file gives key, or the default a load would give it.
std::string effective(const Config& config, const char* key) {
  auto it = config.entries.find(key);
  return it != config.entries.end() ? it->second.value : find_key(key)->default_value;
}

bool is_wildcard(const std::string& address) {
  return address.empty() || address == "0.0.0.0" || address == "::";
}

// Whether a listener on bind's port stands in the way of listening on bind.
bool conflicts(const ListenSocket& sock, const std::string& bind) {
  return is_wildcard(bind) || is_wildcard(sock.address) || sock.address == bind;
}

// "" when port and bind can be listened on: no other socket has them, or
// the loaded module has the port (it moves its own listener itself). A
// kernel without socket diagnostics cannot tell: a warning, not a failure.
std::string port_problem(const Context& ctx, const std::string& port, const std::string& bind) {
  const Paths& paths = ctx.paths;
  if (module_loaded(paths) && read_param(paths, "port") == port) return "";
  auto number = parse_decimal(port);
  Listeners listeners = find_listeners(static_cast<uint16_t>(number.value_or(0)));
  if (!listeners.ok()) {
    ctx.error("warning: cannot check whether port " + port + " is free: " + listeners.error);
    return "";
  }
  std::vector<ListenSocket> in_the_way;
  for (const auto& sock : listeners.sockets)
    if (conflicts(sock, bind)) in_the_way.push_back(sock);
  if (in_the_way.empty()) return "";
  return format_endpoint(bind, port) +
         " is already in use (listening: " + join_listeners(in_the_way) +
         "); stop that server or choose another port";
}

}  // namespace

int run_check(const Context& ctx, const CheckOptions& opts) {
  const std::string path = opts.file.empty() ? ctx.paths.config() : opts.file;
  bool ok = true;
  Config config;
  if (!opts.file.empty() && !path_exists(path)) {
    // Asked for by name: a missing file is a mistake, not "all defaults".
    ctx.error("cannot read " + path + ": " + std::strerror(ENOENT));
    return kExitError;
  }
  config = read_config(path);
  for (const auto& message : config.errors) ctx.error(message);
  ok = config.ok();

  // With the module loaded, a key it lacks would be ignored by reload.
  if (module_loaded(ctx.paths)) {
    for (const auto& [key, entry] : config.entries) {
      if (!read_param(ctx.paths, key))
        ctx.error("warning: " + path + ":" + std::to_string(entry.line) + ": " + key +
                  " is not supported by the loaded khttpd module; it would be ignored");
    }
  }

  const std::string docroot = effective(config, "docroot");
  if (!docroot.empty()) {
    std::string problem = docroot_problem(ctx.paths.under_root(docroot), docroot);
    if (!problem.empty()) {
      ctx.error(problem);
      ok = false;
    }
  }
  std::string problem = port_problem(ctx, effective(config, "port"), effective(config, "bind"));
  if (!problem.empty()) {
    ctx.error(problem);
    ok = false;
  }

  if (!ok) {
    ctx.error(path + ": check failed");
    return kExitError;
  }
  ctx.out << path << ": ok" << (path_exists(path) ? "" : " (no file: every key at its default)")
          << "\n";
  return kExitOk;
}

}  // namespace khttpd::admin
