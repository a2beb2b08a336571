#include "keys.h"

#include <arpa/inet.h>

#include <cctype>
#include <limits>

#include "format.h"

namespace khttpd::admin {
namespace {

constexpr uint64_t kCacheMax = uint64_t{1} << 34;

// Mirrors the module_param_cb() declarations in module/core/params.c. A new
// tunable is one line here; document it in khttpd-admin.8, docs/admin.md and
// etc/khttpd.conf.
const std::vector<Key> kKeys = {
    {"port", KeyType::kUint, 1, 65535, "8081"},
    {"bind", KeyType::kAddress, 0, 0, ""},
    {"backlog", KeyType::kUint, 1, 65535, "1024"},
    {"max_n", KeyType::kUint, 0, 2147483647, "1000000"},
    {"workers", KeyType::kUint, 1, 512, "64"},
    {"placement", KeyType::kChoice, 0, 0, "balance", "local|spread|unbound|balance"},
    {"fib_workers", KeyType::kUint, 1, 512, "2"},
    {"max_connections", KeyType::kUint, 1, 1000000, "65536"},
    {"keepalive_timeout_ms", KeyType::kUint, 100, 3600000, "60000"},
    {"header_timeout_ms", KeyType::kUint, 100, 600000, "10000"},
    {"docroot", KeyType::kPath, 0, 255, "/var/www/khttpd"},
    {"fib_cache_bytes", KeyType::kBytes, 0, kCacheMax, "67108864"},
    {"file_cache_bytes", KeyType::kBytes, 0, kCacheMax, "33554432"},
};

std::vector<std::string_view> choices(const Key& key) {
  std::vector<std::string_view> words;
  std::string_view rest = key.choices ? key.choices : "";
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
