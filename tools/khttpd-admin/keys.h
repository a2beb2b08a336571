// The tunables of the khttpd module, from the list the module declares them
// from (module/include/uapi/khttpd.h), and the checks every value goes
// through before it reaches the kernel or the configuration file.
#ifndef KHTTPD_ADMIN_KEYS_H_
#define KHTTPD_ADMIN_KEYS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khttpd::admin {

enum class KeyType {
  kUint,     // decimal integer in [min, max]
  kBytes,    // like kUint, accepts a K/M/G/T suffix (powers of 1024)
  kAddress,  // IPv4 or IPv6 literal; empty means all addresses
  kPath,     // absolute path of at most max characters; empty means off
  kChoice,   // one of the words in choices
};

// One tunable, as module/include/uapi/khttpd.h lists it.
struct Key {
  const char* name;
  KeyType type;
  uint64_t min;               // numbers only
  uint64_t max;               // numbers: largest value; kAddress, kPath: longest length
  std::string default_value;  // as written to sysfs
  std::string choices;        // kChoice: the allowed words, '|'-separated
  const char* meaning;        // one line
};

// Every key, in the order they are shown and applied: the header's list.
const std::vector<Key>& all_keys();

// "port, bind, ...": every key's name, for messages.
std::string key_names();

// nullptr when name is not a tunable.
const Key* find_key(std::string_view name);

// A checked value: its canonical spelling (decimal numbers, compressed IPv6,
// ...), which is what is written to sysfs and what comparisons use, or why it
// was refused.
struct CheckedValue {
  std::string value;
  std::string error;  // empty when the value is valid
  bool ok() const { return error.empty(); }
};

// Validates raw for key. The error names the key, the value and the range.
CheckedValue check_value(const Key& key, std::string_view raw);

// The canonical spelling of a value read back from the kernel, for comparing
// it with configured values; the raw text if it does not check.
std::string canonical(const Key& key, std::string_view raw);

// What a value looks like to a person (64M, "*" for all addresses) or, when
// parsable, exactly as the kernel has it. nullopt (key not in sysfs) is "-".
std::string display_value(const Key& key, const std::optional<std::string>& value, bool parsable);

// Numbers as integers when the key is numeric, for JSON output.
bool is_numeric(const Key& key);

// Parses a plain unsigned decimal number ("0" .. UINT64_MAX), no sign or spaces.
std::optional<uint64_t> parse_decimal(std::string_view text);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_KEYS_H_
