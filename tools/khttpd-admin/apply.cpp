#include "apply.h"

#include <algorithm>

#include "keys.h"
#include "params.h"

namespace khttpd::admin {
namespace {

size_t header_index(const std::string& name) {
  const auto& keys = all_keys();
  for (size_t i = 0; i < keys.size(); i++)
    if (name == keys[i].name) return i;
  return keys.size();
}

struct Written {
  std::string key, old_value, new_value;
};

}  // namespace

ApplyOutcome apply_pairs(const Context& ctx, const Pairs& pairs, const ParamValues& in_force,
                         bool report_changes) {
  ApplyOutcome outcome;
  auto value_of = [&](const std::string& key) {
    auto it = in_force.find(key);
    return it == in_force.end() ? std::optional<std::string>() : it->second;
  };
  Pairs ordered = pairs;
  std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    return header_index(a.first) < header_index(b.first);
  });

  Endpoint endpoint{value_of("port").value_or(""), value_of("bind").value_or("")};
  std::vector<Written> written;  // in writing order
  for (const auto& [key, value] : ordered) {
    std::optional<std::string> old = value_of(key);
    // Already in force: rewriting port or bind would make the module listen
    // again for nothing.
    if (!old || canonical(*find_key(key), *old) == value) continue;
    Endpoint target = endpoint;
    if (key == "port") target.port = value;
    if (key == "bind") target.bind = value;

    WriteResult result = write_param(ctx.paths, key, value);
    if (result.err) {
      ctx.error(
          describe_write_error(result, key, value, write_context(ctx.paths, key, value, target)));
      outcome.failed = true;
      break;
    }
    endpoint = target;
    written.push_back({key, *old, value});
  }

  if (!outcome.failed) {
    outcome.applied = ordered;
    if (report_changes) {
      for (const Written& w : written) {
        const Key& info = *find_key(w.key);
        ctx.out << w.key << ": " << display_value(info, w.old_value, false) << " -> "
                << display_value(info, w.new_value, false) << "\n";
      }
    }
    return outcome;
  }

  // Undo, newest first: a port and bind pair goes back the way it came.
  std::string restored, not_restored;
  for (auto it = written.rbegin(); it != written.rend(); ++it) {
    const std::string& key = it->key;
    const std::string& old = it->old_value;
    WriteResult result = write_param(ctx.paths, key, old);
    if (result.err) {
      ctx.error("cannot restore " + key + "=" + old + ": " +
                describe_write_error(result, key, old, write_context(ctx.paths, key, old, {})));
      not_restored += " " + key;
    } else {
      restored += " " + key + "=" + old;
    }
  }
  if (!restored.empty()) ctx.error("rolled back:" + restored);
  if (not_restored.empty()) {
    ctx.error("nothing changed: the previous configuration is in force");
  } else {
    outcome.mixed = true;
    ctx.error("the configuration in force is mixed: the new value stays for" + not_restored +
              "; see khttpd-admin show");
  }
  return outcome;
}

}  // namespace khttpd::admin
