// khttpd-admin load, unload, reload and status: the module's life cycle, as
// driven by khttpd.service.
#include <sys/utsname.h>

#include <nlohmann/json.hpp>

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

// After a failed modprobe khttpd: the likely reasons, found without the
// module - no module for this kernel (headers missing, or DKMS did not
// build it), or the port taken - and what to do about each.
void explain_load_failure(const Context& ctx, const Config& config) {
  struct utsname uts;
  uname(&uts);
  const std::string release = uts.release;
  const std::string modules = ctx.paths.modules_dir(release);
  std::string dep;
  read_file(modules + "/modules.dep", &dep, 64 << 20);
  const bool installed = dep.find("/khttpd.ko") != std::string::npos;
  if (!installed) {
    if (!path_exists(modules + "/build")) {
      ctx.error("there is no khttpd module for kernel " + release +
                ": its headers are missing, so DKMS could not build it; install linux-headers-" +
                release + ", then dkms autoinstall -k " + release + " (see dkms status khttpd)");
    } else {
      ctx.error("there is no khttpd module for kernel " + release +
                ": DKMS has not built it; see dkms status khttpd and the make.log under "
                "/var/lib/dkms/khttpd, or run dkms autoinstall -k " +
                release);
    }
    return;
  }
  auto it = config.entries.find("port");
  const std::string port =
      it != config.entries.end() ? it->second.value : find_key("port")->default_value;
  Listeners listeners = find_listeners(static_cast<uint16_t>(parse_decimal(port).value_or(0)));
  if (listeners.ok() && !listeners.sockets.empty()) {
    ctx.error("port " + port +
              " is already in use (listening: " + join_listeners(listeners.sockets) +
              "); stop that server or set another port in " + ctx.paths.config());
    return;
  }
  ctx.error("the kernel log says why: journalctl -k -g khttpd");
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
  if (run_modprobe(ctx, args)) return kExitOk;
  explain_load_failure(ctx, *config);
  return kExitError;
}

int run_unload(const Context& ctx) {
  if (!module_loaded(ctx.paths)) {
    ctx.out << "khttpd is not loaded\n";
    return kExitOk;
  }
  // the only holder of a reference: a reader of /dev/khttpd-log
  std::string refcnt;
  if (read_file(ctx.paths.module_dir() + "/refcnt", &refcnt) == 0 && !refcnt.empty() &&
      refcnt[0] != '0') {
    ctx.error("khttpd is in use: " + ctx.paths.log_device() +
              " is open (systemctl stop khttpd-logd first)");
    return kExitError;
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

int run_status(const Context& ctx, const StatusOptions& opts) {
  if (!module_loaded(ctx.paths)) {
    if (opts.json)
      ctx.out << nlohmann::ordered_json({{"loaded", false}}).dump(2) << "\n";
    else
      ctx.out << "khttpd is not loaded\n";
    return kExitNotLoaded;
  }
  auto port = read_param(ctx.paths, "port");
  auto port_number = port ? parse_decimal(*port) : std::nullopt;
  std::optional<Listeners> listening;
  if (port_number && *port_number <= 65535)
    listening = find_listeners(static_cast<uint16_t>(*port_number));
  std::optional<Stats> stats;
  if (std::string text; read_file(ctx.paths.stats(), &text) == 0) stats = parse_stats(text);
  auto stat = [&](const char* key) { return stats ? stats->get(key) : std::nullopt; };

  if (opts.json) {
    nlohmann::ordered_json doc = {{"loaded", true}};
    if (port) doc["address"] = format_endpoint(read_param(ctx.paths, "bind").value_or(""), *port);
    if (listening && listening->ok()) {
      doc["listening"] = nlohmann::ordered_json::array();
      for (const auto& sock : listening->sockets) doc["listening"].push_back(sock.text());
    } else {
      doc["listening"] = nullptr;
      doc["listening_error"] = listening ? listening->error : "port unknown";
    }
    if (auto n = stat("connections_now")) doc["connections"] = *n;
    if (auto ms = stat("uptime_ms")) doc["uptime_ms"] = *ms;
    ctx.out << doc.dump(2) << "\n";
    return kExitOk;
  }

  ctx.out << "khttpd is loaded\n";
  auto row = [&](const char* label, const std::string& value) {
    std::string padded(label);
    padded.resize(13, ' ');
    ctx.out << "  " << padded << value << "\n";
  };
  if (port) row("address:", format_endpoint(read_param(ctx.paths, "bind").value_or(""), *port));
  if (listening) {
    if (!listening->ok())
      row("listening:", listening->error);
    else if (listening->sockets.empty())
      row("listening:", "no listening socket on port " + *port);
    else
      row("listening:", join_listeners(listening->sockets));
  }
  if (auto n = stat("connections_now")) row("connections:", std::to_string(*n));
  if (auto ms = stat("uptime_ms")) row("uptime:", format_duration_ms(*ms));
  return kExitOk;
}

}  // namespace khttpd::admin
