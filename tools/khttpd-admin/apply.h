// Writing a list of checked KEY=VALUE pairs to the running module, shared by
// set and reload.
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
  Pairs applied;
  Pairs skipped;        // the module has no such key
  bool failed = false;  // the kernel refused a pair; later pairs were not written
};

// Writes pairs in order, reporting on ctx.err a key the module lacks (skipped)
// and the first refusal in words, after which it stops. in_force holds the
// values read before: a pair already in force counts as applied without a
// write. With report_changes each written pair is printed as
// "key: old -> new".
ApplyOutcome apply_pairs(const Context& ctx, const Pairs& pairs, const ParamValues& in_force,
                         bool report_changes);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_APPLY_H_
