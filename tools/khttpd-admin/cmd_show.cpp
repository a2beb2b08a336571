// khttpd-admin show: the tunables in force, where each value comes from.
#include <nlohmann/json.hpp>

#include "apply.h"
#include "commands.h"
#include "config_file.h"
#include "format.h"
#include "keys.h"
#include "listen.h"
#include "params.h"

namespace khttpd::admin {
namespace {

// "config" when the file sets the key to this value, "default" when it is
// the built-in default, "runtime" when it was changed since (set, echo).
const char* source_of(const Key& key, const std::optional<std::string>& value,
                      const Config& config) {
  if (!value) return nullptr;
  std::string v = canonical(key, *value);
  auto it = config.entries.find(key.name);
  if (it != config.entries.end() && it->second.value == v) return "config";
  if (v == key.default_value) return "default";
  return "runtime";
}

}  // namespace

int run_show(const Context& ctx, const ShowOptions& opts) {
  std::vector<const Key*> keys;
  for (const auto& name : opts.keys) {
    const Key* key = find_key(name);
    if (!key) {
      ctx.error("unknown key '" + name + "' (keys: " + key_names() + ")");
      return kExitUsage;
    }
    keys.push_back(key);
  }
  if (keys.empty())
    for (const Key& key : all_keys()) keys.push_back(&key);

  if (!module_loaded(ctx.paths)) {
    // Scripts reading JSON get an answer they can test, not an empty input.
    if (opts.json) {
      nlohmann::ordered_json doc = {{"loaded", false},
                                    {"listening", nlohmann::ordered_json::array()},
                                    {"parameters", nlohmann::ordered_json::object()}};
      ctx.out << doc.dump(2) << "\n";
    }
    ctx.error("khttpd is not loaded");
    return kExitError;
  }
  // A broken file must not hide the values in force: warn, use its good lines.
  Config config = read_config(ctx.paths.config());
  for (const auto& message : config.errors) ctx.error("warning: " + message);

  ParamValues values = read_all_params(ctx.paths);
  // The sockets the kernel has, not what the tunables say it should have.
  std::optional<Listeners> listening;
  auto port = values["port"] ? parse_decimal(*values["port"]) : std::nullopt;
  if (port && *port <= 65535) listening = find_listeners(static_cast<uint16_t>(*port));

  if (opts.json) {
    nlohmann::ordered_json params = nlohmann::ordered_json::object();
    for (const Key* key : keys) {
      const auto& value = values[key->name];
      nlohmann::ordered_json entry;
      if (!value)
        entry["value"] = nullptr;
      else if (is_numeric(*key) && parse_decimal(*value))
        entry["value"] = *parse_decimal(*value);
      else
        entry["value"] = *value;
      const char* source = source_of(*key, value, config);
      entry["source"] = source ? nlohmann::ordered_json(source) : nlohmann::ordered_json();
      if (is_numeric(*key))
        entry["default"] = *parse_decimal(key->default_value);
      else
        entry["default"] = key->default_value;
      params[key->name] = entry;
    }
    nlohmann::ordered_json doc = {{"loaded", true}};
    if (listening && listening->ok()) {
      doc["listening"] = nlohmann::ordered_json::array();
      for (const auto& sock : listening->sockets) doc["listening"].push_back(sock.text());
    } else {
      doc["listening"] = nullptr;
      doc["listening_error"] = listening ? listening->error : "port unknown";
    }
    doc["parameters"] = params;
    ctx.out << doc.dump(2) << "\n";
    return kExitOk;
  }

  Table table({"NAME", "VALUE", "SOURCE"});
  for (const Key* key : keys) {
    const auto& value = values[key->name];
    const char* source = source_of(*key, value, config);
    table.add_row({key->name, display_value(*key, value, opts.parsable), source ? source : "-"});
  }
  ctx.out << table.render(opts.scripted);
  if (!opts.scripted && opts.keys.empty()) {
    ctx.out << "\nkhttpd is loaded; "
            << (listening ? listening_summary(*listening, *values["port"]) : "its port is unknown")
            << "\n";
  }
  return kExitOk;
}

}  // namespace khttpd::admin
