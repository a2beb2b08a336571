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

std::string key_list() {
  std::string names;
  for (const Key& key : all_keys()) names += (names.empty() ? "" : ", ") + std::string(key.name);
  return names;
}

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
      ctx.error("unknown key '" + name + "' (keys: " + key_list() + ")");
      return kExitUsage;
    }
    keys.push_back(key);
  }
  if (keys.empty())
    for (const Key& key : all_keys()) keys.push_back(&key);

  if (!module_loaded(ctx.paths)) {
    ctx.error("khttpd is not loaded");
    return kExitError;
  }
  // A broken file must not hide the values in force: warn, use its good lines.
  Config config = read_config(ctx.paths.config());
  for (const auto& message : config.errors) ctx.error("warning: " + message);

  ParamValues values = read_all_params(ctx.paths);
  std::vector<std::string> listening;
  if (values["port"])
    listening.push_back(format_endpoint(values["bind"].value_or(""), *values["port"]));

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
    nlohmann::ordered_json doc = {
        {"loaded", true}, {"listening", listening}, {"parameters", params}};
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
    ctx.out << "\nkhttpd is loaded";
    if (!listening.empty()) ctx.out << "; listening on " << listening.front();
    ctx.out << "\n";
  }
  return kExitOk;
}

}  // namespace khttpd::admin
