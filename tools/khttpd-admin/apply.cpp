#include "apply.h"

#include "keys.h"
#include "params.h"

namespace khttpd::admin {

ApplyOutcome apply_pairs(const Context& ctx, const Pairs& pairs, const ParamValues& in_force,
                         bool report_changes) {
  ApplyOutcome outcome;
  auto value_of = [&](const std::string& key) {
    auto it = in_force.find(key);
    return it == in_force.end() ? std::optional<std::string>() : it->second;
  };
  Endpoint endpoint{value_of("port").value_or(""), value_of("bind").value_or("")};

  for (size_t i = 0; i < pairs.size(); i++) {
    const auto& [key, value] = pairs[i];
    std::optional<std::string> old = value_of(key);
    if (!old) {
      ctx.error(key + " is not supported by the loaded khttpd module; skipped");
      outcome.skipped.push_back(pairs[i]);
      continue;
    }
    const Key* info = find_key(key);
    if (canonical(*info, *old) == value) {
      // Already in force: rewriting port or bind would make the module
      // listen again for nothing.
      outcome.applied.push_back(pairs[i]);
      continue;
    }
    Endpoint target = endpoint;
    if (key == "port") target.port = value;
    if (key == "bind") target.bind = value;

    WriteResult result = write_param(ctx.paths, key, value);
    if (result.err) {
      ctx.error(describe_write_error(result, key, value, target, module_loaded(ctx.paths)));
      std::string rest;
      for (size_t j = i + 1; j < pairs.size(); j++)
        rest += " " + pairs[j].first + "=" + pairs[j].second;
      if (!rest.empty()) ctx.error("not applied:" + rest);
      outcome.failed = true;
      break;
    }
    endpoint = target;
    outcome.applied.push_back(pairs[i]);
    if (report_changes) {
      ctx.out << key << ": " << display_value(*info, old, false) << " -> "
              << display_value(*info, value, false) << "\n";
    }
  }
  return outcome;
}

}  // namespace khttpd::admin
