// Tunables changed for the length of a run and put back afterwards: the
// cache off (every request computes) and max_n raised to the largest N.
#ifndef KHTTPD_FIBCHECK_PARAM_OVERRIDE_H_
#define KHTTPD_FIBCHECK_PARAM_OVERRIDE_H_

#include <string>
#include <utility>
#include <vector>

namespace khttpd::fibcheck {

class ParamOverride {
 public:
  // dir: /sys/module/khttpd/parameters (or a fake one in tests)
  explicit ParamOverride(std::string dir) : dir_(std::move(dir)) {}
  ParamOverride(const ParamOverride&) = delete;
  ParamOverride& operator=(const ParamOverride&) = delete;
  ~ParamOverride() { restore(); }

  // The current value of name, or "" with *error set.
  std::string get(const std::string& name, std::string* error) const;

  // Writes value to name, remembering the value before the first change.
  // Returns "" or what went wrong (the kernel's EINVAL for a bad value).
  std::string set(const std::string& name, const std::string& value);

  // Puts back every changed tunable, last changed first. Returns "" or the
  // failures, one per line.
  std::string restore();

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::string>> saved_;  // name, old value
};

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_PARAM_OVERRIDE_H_
