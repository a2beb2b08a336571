// khttpd-admin set: change tunables live, optionally in the config file too.
#include "apply.h"
#include "commands.h"
#include "config_file.h"
#include "keys.h"
#include "params.h"

namespace khttpd::admin {
namespace {

// Checks every argument; reports each bad one. Returns false if any is bad.
bool parse_pairs(const Context& ctx, const std::vector<std::string>& args, Pairs* pairs) {
  bool ok = true;
  for (const auto& arg : args) {
    size_t eq = arg.find('=');
    if (eq == std::string::npos) {
      ctx.error("expected KEY=VALUE, got '" + arg + "' (keys: " + key_names() + ")");
      ok = false;
      continue;
    }
    std::string name = arg.substr(0, eq);
    const Key* key = find_key(name);
    if (!key) {
      ctx.error("unknown key '" + name + "' in '" + arg + "' (keys: " + key_names() + ")");
      ok = false;
      continue;
    }
    CheckedValue checked = check_value(*key, std::string_view(arg).substr(eq + 1));
    if (!checked.ok()) {
      ctx.error(checked.error);
      ok = false;
      continue;
    }
    for (const auto& pair : *pairs) {
      if (pair.first == name) {
        ctx.error(name + " is given more than once");
        ok = false;
      }
    }
    pairs->emplace_back(name, checked.value);
  }
  return ok;
}

}  // namespace

int run_set(const Context& ctx, const SetOptions& opts) {
  Pairs pairs;
  if (!parse_pairs(ctx, opts.pairs, &pairs)) return kExitUsage;

  const std::string config_path = ctx.paths.config();
  if (opts.persist) {
    // Refuse before touching anything: rewriting a file we cannot parse
    // could turn one mistake into two.
    Config config = read_config(config_path);
    if (!config.ok()) {
      for (const auto& message : config.errors) ctx.error(message);
      ctx.error("nothing changed: fix " + config_path + " first");
      return kExitError;
    }
  }

  if (!module_loaded(ctx.paths)) {
    if (!opts.persist) {
      ctx.error("khttpd is not loaded");
      return kExitError;
    }
    std::string failure = persist_config(config_path, pairs);
    if (!failure.empty()) {
      ctx.error(failure);
      return kExitError;
    }
    ctx.error("khttpd is not loaded; " + config_path + " updated, it applies at the next load");
    return kExitOk;
  }

  // A key the module lacks is known before anything is written: refuse it
  // then, rather than apply the rest.
  ParamValues in_force = read_all_params(ctx.paths);
  bool lacking = false;
  for (const auto& pair : pairs) {
    if (!in_force[pair.first]) {
      ctx.error(pair.first + " is not supported by the loaded khttpd module");
      lacking = true;
    }
  }
  if (lacking) {
    ctx.error("nothing changed: the previous configuration is in force");
    return kExitError;
  }
  ApplyOutcome outcome = apply_pairs(ctx, pairs, in_force, false);
  if (outcome.failed) return kExitError;
  if (opts.persist) {
    std::string failure = persist_config(config_path, pairs);
    if (!failure.empty()) {
      ctx.error(failure + " (the new values are in force, but not in the file)");
      return kExitError;
    }
  }
  return kExitOk;
}

}  // namespace khttpd::admin
