// /etc/khttpd/khttpd.conf: `key = value` lines, full-line # comments and
// blank lines. Parsing with file:line errors, and rewriting single keys while
// keeping everything else in the file as it was.
#ifndef KHTTPD_ADMIN_CONFIG_FILE_H_
#define KHTTPD_ADMIN_CONFIG_FILE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khttpd::admin {

struct ConfigEntry {
  std::string value;  // canonical, see check_value()
  int line = 0;
};

struct Config {
  std::map<std::string, ConfigEntry> entries;  // the keys the file sets
  std::vector<std::string> errors;             // "file:line: message", in file order
  bool ok() const { return errors.empty(); }
};

// Parses text; name is used in error messages. Bad lines are reported and
// skipped, so a caller that tolerates errors still gets the good entries.
Config parse_config(std::string_view text, const std::string& name);

// Reads and parses path. A missing file is an empty, valid configuration
// (every key at its default); an unreadable one is an error.
Config read_config(const std::string& path);

using Pairs = std::vector<std::pair<std::string, std::string>>;

// The text with each key of pairs set to its value: an active `key = ...`
// line is replaced in place; otherwise the line goes after the commented-out
// example (`# key = ...`) if the file has one, or at the end. Values must
// have been checked already.
std::string update_config_text(std::string_view text, const Pairs& pairs);

// update_config_text() applied to path, atomically. Returns "" or a message.
std::string persist_config(const std::string& path, const Pairs& pairs);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_CONFIG_FILE_H_
