// Writing a list of checked KEY=VALUE pairs to the running module, shared by
// set, reload and load: all of them or, after a refusal, none.
#ifndef KHTTPD_ADMIN_APPLY_H_
#define KHTTPD_ADMIN_APPLY_H_

#include <map>
#include <optional>
#include <string>

#include "commands.h"
#include "config_file.h"

namespace khttpd::admin {

using ParamValues = std::map<std::string, std::optional<std::string>>;

struct ApplyOutcome {
  Pairs applied;        // every pair, when all went through; empty otherwise
  bool failed = false;  // the kernel refused a pair
  bool mixed = false;   // failed, and a rollback write failed too
};

// Applies checked pairs as one change. in_force holds the values read
// before; every key must be in it (callers refuse keys the module lacks).
// Pairs are written in the header's order (the listener, port and bind,
// first: it is what the kernel refuses most often), a pair already in
// force is not written again. When the kernel refuses one, the refusal is
// reported in words and the pairs written before it get their old values
// back, newest first, so the previous configuration stays in force; that
// is reported too. With report_changes, and only when everything went
// through, each written pair is printed as "key: old -> new".
ApplyOutcome apply_pairs(const Context& ctx, const Pairs& pairs, const ParamValues& in_force,
                         bool report_changes);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_APPLY_H_
