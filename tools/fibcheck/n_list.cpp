#include "n_list.h"

namespace khttpd::fibcheck {
namespace {

constexpr uint64_t kMaxN = 2147483647;

bool parse_digits(const std::string& s, uint64_t* v) {
  if (s.empty() || s.size() > 10) return false;
  *v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    *v = *v * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

std::vector<uint32_t> default_n_list() { return {10, 100, 1000, 10000, 100000, 1000000, 10000000}; }

std::string parse_n(const std::string& text, uint32_t* n) {
  const std::string bad = "'" + text + "' is not N (digits, or like 3e6), 0 to 2147483647";
  size_t e = text.find_first_of("eE");
  uint64_t mantissa, exponent = 0;
  if (!parse_digits(text.substr(0, e), &mantissa)) return bad;
  if (e != std::string::npos && (!parse_digits(text.substr(e + 1), &exponent) || exponent > 9))
    return bad;
  uint64_t v = mantissa;
  for (uint64_t i = 0; i < exponent && v <= kMaxN; i++) v *= 10;
  if (v > kMaxN) return bad;
  *n = static_cast<uint32_t>(v);
  return "";
}

}  // namespace khttpd::fibcheck
