// khttpd-admin load, unload, reload and status: the module's life cycle, as
// driven by khttpd.service.
#include "apply.h"
#include "commands.h"
#include "config_file.h"
#include "file_io.h"
#include "format.h"
#include "keys.h"
#include "listen.h"
#include "params.h"
#include "run.h"
#include "stats.h"

namespace khttpd::admin {
namespace {

// The configuration, or nullopt after reporting why it cannot be used.
std::optional<Config> valid_config(const Context& ctx) {
  const std::string path = ctx.paths.config();
  Config config = read_config(path);
  if (config.ok()) return config;
  for (const auto& message : config.errors) ctx.error(message);
  ctx.error("nothing applied: fix " + path + " first");
  return std::nullopt;
}

bool run_modprobe(const Context& ctx, std::vector<std::string> args) {
  args.insert(args.begin(), ctx.modprobe);
  RunResult result = run_program(args);
  if (!result.error.empty()) {
    ctx.error(result.error);
    return false;
  }
  if (result.status != 0) {
    std::string command;
    for (const auto& arg : args) command += (command.empty() ? "" : " ") + arg;
    ctx.error(command + " failed with exit status " + std::to_string(result.status));
    return false;
  }
  return true;
}

// Makes the running module match the file: configured keys get their value,
// the others their default, as a fresh load would give them.
int apply_config(const Context& ctx, const Config& config) {
  ParamValues in_force = read_all_params(ctx.paths);
  Pairs changes;
  for (const Key& key : all_keys()) {
    auto configured = config.entries.find(key.name);
    bool in_file = configured != config.entries.end();
    std::string wanted = in_file ? configured->second.value : key.default_value;
    const auto& value = in_force[key.name];
    if (!value) {
      // An older module: what it lacks is only worth a word if asked for.
      if (in_file)
        ctx.error("warning: " + std::string(key.name) +
                  " is not supported by the loaded khttpd module; ignored");
      continue;
    }
    if (canonical(key, *value) != wanted) changes.emplace_back(key.name, wanted);
  }
  return apply_pairs(ctx, changes, in_force, true).failed ? kExitError : kExitOk;
}

}  // namespace

int run_load(const Context& ctx) {
  auto config = valid_config(ctx);
  if (!config) return kExitError;
  if (module_loaded(ctx.paths)) return apply_config(ctx, *config);

  std::vector<std::string> args = {"khttpd"};
  for (const Key& key : all_keys()) {
    auto it = config->entries.find(key.name);
    // modprobe quotes values that contain blanks itself.
    if (it != config->entries.end()) args.push_back(std::string(key.name) + "=" + it->second.value);
  }
  return run_modprobe(ctx, args) ? kExitOk : kExitError;
}

int run_unload(const Context& ctx) {
  if (!module_loaded(ctx.paths)) {
    ctx.out << "khttpd is not loaded\n";
    return kExitOk;
  }
  return run_modprobe(ctx, {"-r", "khttpd"}) ? kExitOk : kExitError;
}

int run_reload(const Context& ctx) {
  if (!module_loaded(ctx.paths)) {
    ctx.error("khttpd is not loaded");
    return kExitError;
  }
  auto config = valid_config(ctx);
  if (!config) return kExitError;
  return apply_config(ctx, *config);
}

int run_status(const Context& ctx) {
  if (!module_loaded(ctx.paths)) {
    ctx.out << "khttpd is not loaded\n";
    return kExitNotLoaded;
  }
  ctx.out << "khttpd is loaded\n";
  auto row = [&](const char* label, const std::string& value) {
    std::string padded(label);
    padded.resize(13, ' ');
    ctx.out << "  " << padded << value << "\n";
  };

  auto port = read_param(ctx.paths, "port");
  auto port_number = port ? parse_decimal(*port) : std::nullopt;
  if (port) row("address:", format_endpoint(read_param(ctx.paths, "bind").value_or(""), *port));
  if (port_number && *port_number <= 65535 && path_exists(ctx.paths.proc_net_tcp(false))) {
    std::string sockets;
    for (const auto& sock : find_listeners(ctx.paths, static_cast<uint16_t>(*port_number)))
      sockets += (sockets.empty() ? "" : ", ") + sock.text();
    row("listening:", sockets.empty() ? "no listening socket on port " + *port : sockets);
  }

  std::string text;
  if (read_file(ctx.paths.stats(), &text) == 0) {
    Stats stats = parse_stats(text);
    if (auto n = stats.get("connections_now")) row("connections:", std::to_string(*n));
    if (auto ms = stats.get("uptime_ms")) row("uptime:", format_duration_ms(*ms));
  }
  return kExitOk;
}

}  // namespace khttpd::admin
