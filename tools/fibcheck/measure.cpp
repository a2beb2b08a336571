#include "measure.h"

#include <algorithm>

#include "gmp_fib.h"

namespace khttpd::fibcheck {
namespace {

std::optional<double> parse_us_as_ms(const std::optional<std::string>& value) {
  if (!value || value->empty() || value->size() > 19) return std::nullopt;
  uint64_t us = 0;
  for (char c : *value) {
    if (c < '0' || c > '9') return std::nullopt;
    us = us * 10 + static_cast<uint64_t>(c - '0');
  }
  return static_cast<double>(us) / 1000.0;
}

}  // namespace

std::string describe_mismatch(const std::string& body, const std::string& digits) {
  if (body.size() == digits.size() + 1 && body.back() == '\n' &&
      body.compare(0, digits.size(), digits) == 0)
    return "";
  size_t common = std::min(body.size(), digits.size());
  size_t at =
      std::mismatch(digits.begin(), digits.begin() + static_cast<long>(common), body.begin())
          .first -
      digits.begin();
  std::string text = "body of " + std::to_string(body.size()) + " bytes, GMP has " +
                     std::to_string(digits.size()) + " digits and a newline";
  if (at < common) return text + "; first difference at byte " + std::to_string(at);
  if (body.size() > digits.size() && body[digits.size()] != '\n')
    return text + "; no newline after the digits";
  return text;
}

double median(std::vector<double> values) {
  size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<long>(mid), values.end());
  double upper = values[mid];
  if (values.size() % 2) return upper;
  double lower = *std::max_element(values.begin(), values.begin() + static_cast<long>(mid));
  return (lower + upper) / 2;
}

Row summarize(uint32_t n, const std::vector<Sample>& samples, Stat stat) {
  auto reduce = [stat](const std::vector<double>& v) {
    return stat == Stat::kMin ? *std::min_element(v.begin(), v.end()) : median(v);
  };
  Row row;
  row.n = n;
  row.stat = stat;
  row.repeats = static_cast<int>(samples.size());
  std::vector<double> http, ttfb, server, fib, str, gmp;
  for (const Sample& s : samples) {
    row.digits = s.digits;
    fib.push_back(s.gmp_fib_ms);
    str.push_back(s.gmp_str_ms);
    gmp.push_back(s.gmp_fib_ms + s.gmp_str_ms);
    if (!s.error.empty()) {
      if (row.errors++ == 0) row.error = s.error;
      continue;
    }
    if (!s.mismatch.empty()) row.mismatches++;
    http.push_back(s.http_ms);
    ttfb.push_back(s.ttfb_ms);
    if (s.server_ms) server.push_back(*s.server_ms);
    if (!s.cache.empty()) row.cache = row.cache.empty() || row.cache == s.cache ? s.cache : "mixed";
  }
  if (samples.empty()) return row;
  row.gmp_fib_ms = reduce(fib);
  row.gmp_str_ms = reduce(str);
  row.gmp_ms = reduce(gmp);
  if (!http.empty()) {
    row.http_ms = reduce(http);
    row.ttfb_ms = reduce(ttfb);
  }
  if (!server.empty()) {
    row.server_ms = reduce(server);
    if (row.gmp_ms > 0) row.ratio = *row.server_ms / row.gmp_ms;
  }
  return row;
}

Sample measure_once(const Target& target, uint32_t n, std::chrono::milliseconds timeout) {
  Sample s;
  Exchange ex = http_get(target, "/fib/" + std::to_string(n), timeout);
  s.connected = ex.connected;
  if (ex.error == kInterrupted) {
    s.error = ex.error;
    s.interrupted = true;
    return s;
  }
  if (!ex.error.empty()) {
    s.error = ex.error;
  } else if (ex.response.status != 200) {
    std::string body = ex.response.body.substr(0, 80);
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
    s.error = "status " + std::to_string(ex.response.status) + (body.empty() ? "" : ": " + body);
  } else {
    s.http_ms = ex.latency_ms;
    s.ttfb_ms = ex.ttfb_ms;
    s.server_ms = parse_us_as_ms(ex.response.header("X-Khttpd-Compute-Us"));
    s.cache = ex.response.header("X-Khttpd-Cache").value_or("");
  }

  GmpFib ref = gmp_fib(n);
  s.digits = ref.digits.size();
  s.gmp_fib_ms = ref.fib_ms;
  s.gmp_str_ms = ref.str_ms;
  if (s.error.empty()) s.mismatch = describe_mismatch(ex.response.body, ref.digits);
  return s;
}

}  // namespace khttpd::fibcheck
