#include "keys.h"

#include <arpa/inet.h>

#include <cctype>
#include <limits>
#include <type_traits>
#include <utility>

#include "format.h"
#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

// The header's type column.
namespace header_type {
constexpr KeyType UINT = KeyType::kUint;
constexpr KeyType BYTES = KeyType::kBytes;
constexpr KeyType ADDR = KeyType::kAddress;
constexpr KeyType PATH = KeyType::kPath;
constexpr KeyType CHOICE = KeyType::kChoice;
}  // namespace header_type

struct Choice {
  const char* tunable;
  int id;
  const char* word;
};

const Choice kChoices[] = {
#define KHTTPD_CHOICE(tunable, id, word) {#tunable, id, word},
#include "uapi/khttpd.h"
};

// The words of a kChoice tunable, '|'-separated, in the order of their ids.
std::string choice_words(const char* tunable) {
  std::string words;
  for (const Choice& c : kChoices)
    if (std::string_view(c.tunable) == tunable)
      words += (words.empty() ? "" : "|") + std::string(c.word);
  return words;
}

// A default as sysfs shows it: a number, a string, or a choice's word.
template <typename T>
std::string default_text(const char* tunable, T value) {
  if constexpr (std::is_enum_v<T>) {
    for (const Choice& c : kChoices)
      if (std::string_view(c.tunable) == tunable && c.id == value) return c.word;
    return "";
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else {
    return value;
  }
}

Key make_key(const char* name, KeyType type, uint64_t min, uint64_t max, std::string default_value,
             const char* meaning) {
  return {name,
          type,
          min,
          max,
          std::move(default_value),
          type == KeyType::kChoice ? choice_words(name) : "",
          meaning};
}

// A new tunable is declared in the module and listed in the header; the
// docs test then asks for it in khttpd-admin.8, docs/admin.md, README.md.
const std::vector<Key> kKeys = {
#define KHTTPD_KEY_(name, type, min, max, def, meaning)                                      \
  make_key(#name, header_type::type, static_cast<uint64_t>(min), static_cast<uint64_t>(max), \
           default_text(#name, def), meaning),
#define KHTTPD_TUNABLE(name) KHTTPD_TUNABLE_##name(KHTTPD_KEY_)
#include "uapi/khttpd.h"
#undef KHTTPD_KEY_
};

std::vector<std::string_view> choices(const Key& key) {
  std::vector<std::string_view> words;
  std::string_view rest = key.choices;
  while (!rest.empty()) {
    size_t bar = rest.find('|');
    words.push_back(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  return words;
}

std::string expected(const Key& key) {
  switch (key.type) {
    case KeyType::kChoice: {
      std::string text = "one of";
      for (std::string_view word : choices(key)) text += " " + std::string(word) + ",";
      text.pop_back();
      return text;
    }
    case KeyType::kUint:
      return "an integer from " + std::to_string(key.min) + " to " + std::to_string(key.max);
    case KeyType::kBytes:
      return "a byte count from " + std::to_string(key.min) + " to " + std::to_string(key.max) +
             ", optionally with a K, M, G or T suffix";
    case KeyType::kAddress:
      return "an IPv4 or IPv6 address, or empty for all addresses";
    case KeyType::kPath:
      return "an absolute path of at most " + std::to_string(key.max) +
             " characters, or empty to turn static files off";
  }
  return "";
}

CheckedValue refuse(const Key& key, std::string_view raw, const std::string& why = "") {
  std::string msg = "invalid value for " + std::string(key.name) + ": '" + std::string(raw) + "'";
  msg += " (" + (why.empty() ? "expected " + expected(key) : why) + ")";
  return {"", msg};
}

std::optional<uint64_t> parse_bytes(std::string_view text) {
  uint64_t scale = 1;
  if (!text.empty()) {
    switch (std::toupper(static_cast<unsigned char>(text.back()))) {
      case 'K':
        scale = uint64_t{1} << 10;
        break;
      case 'M':
        scale = uint64_t{1} << 20;
        break;
      case 'G':
        scale = uint64_t{1} << 30;
        break;
      case 'T':
        scale = uint64_t{1} << 40;
        break;
    }
  }
  if (scale != 1) text.remove_suffix(1);
  auto n = parse_decimal(text);
  if (!n || *n > std::numeric_limits<uint64_t>::max() / scale) return std::nullopt;
  return *n * scale;
}

std::optional<std::string> canonical_address(std::string_view raw) {
  std::string text(raw);
  unsigned char buf[sizeof(struct in6_addr)];
  char out[INET6_ADDRSTRLEN];
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, text.c_str(), buf) == 1 && inet_ntop(family, buf, out, sizeof(out)))
      return std::string(out);
  }
  return std::nullopt;
}

}  // namespace

const std::vector<Key>& all_keys() { return kKeys; }

std::string key_names() {
  std::string names;
  for (const Key& key : kKeys) names += (names.empty() ? "" : ", ") + std::string(key.name);
  return names;
}

const Key* find_key(std::string_view name) {
  for (const Key& key : kKeys)
    if (name == key.name) return &key;
  return nullptr;
}

std::optional<uint64_t> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned digit = static_cast<unsigned>(c - '0');
    if (n > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

CheckedValue check_value(const Key& key, std::string_view raw) {
  switch (key.type) {
    case KeyType::kUint:
    case KeyType::kBytes: {
      // Decimal only: the kernel's kstrtouint(..., 0) would read "010" as 8.
      auto n = key.type == KeyType::kBytes ? parse_bytes(raw) : parse_decimal(raw);
      if (!n || *n < key.min || *n > key.max) return refuse(key, raw);
      return {std::to_string(*n), ""};
    }
    case KeyType::kAddress: {
      if (raw.empty()) return {"", ""};
      if (raw.front() == '[') return refuse(key, raw, "write the address without brackets");
      auto addr = canonical_address(raw);
      if (!addr) return refuse(key, raw);
      return {*addr, ""};
    }
    case KeyType::kPath: {
      if (raw.empty()) return {"", ""};
      if (raw.front() != '/') return refuse(key, raw, "the path must be absolute");
      if (raw.size() > key.max)
        return refuse(key, raw, "longer than " + std::to_string(key.max) + " characters");
      for (char c : raw) {
        // A '"' or a control character cannot pass through modprobe's
        // option string intact.
        if (c == '"' || std::iscntrl(static_cast<unsigned char>(c)))
          return refuse(key, raw, "quotes and control characters are not allowed");
      }
      return {std::string(raw), ""};
    }
    case KeyType::kChoice:
      for (std::string_view word : choices(key))
        if (raw == word) return {std::string(raw), ""};
      return refuse(key, raw);
  }
  return refuse(key, raw);
}

std::string canonical(const Key& key, std::string_view raw) {
  CheckedValue checked = check_value(key, raw);
  return checked.ok() ? checked.value : std::string(raw);
}

bool is_numeric(const Key& key) {
  return key.type == KeyType::kUint || key.type == KeyType::kBytes;
}

std::string display_value(const Key& key, const std::optional<std::string>& value, bool parsable) {
  if (!value) return "-";
  if (parsable) return *value;
  switch (key.type) {
    case KeyType::kBytes:
      if (auto n = parse_decimal(*value)) return format_bytes(*n);
      break;
    case KeyType::kAddress:
      if (value->empty()) return "*";
      break;
    case KeyType::kPath:
      if (value->empty()) return "none";
      break;
    case KeyType::kUint:
    case KeyType::kChoice:
      break;
  }
  return *value;
}

}  // namespace khttpd::admin
