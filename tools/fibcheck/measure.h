// One point of the timing analysis: GET /fib/N, F(N) from GMP in the same
// process, the body checked against GMP's digits; repeated, then summarised
// by the median (or the minimum, which a busy host disturbs less).
#ifndef KHTTPD_FIBCHECK_MEASURE_H_
#define KHTTPD_FIBCHECK_MEASURE_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http_client.h"

namespace khttpd::fibcheck {

struct Sample {
  std::string error;                // no 200 response: why ("" when there was one)
  std::string mismatch;             // the body differs from GMP's digits: how
  bool connected = false;           // false: no server there, so the run stops
  bool interrupted = false;         // a signal ended the request: nothing measured
  double http_ms = 0;               // request to last byte
  double ttfb_ms = 0;               // request to first byte
  std::optional<double> server_ms;  // X-Khttpd-Compute-Us
  std::string cache;                // X-Khttpd-Cache
  size_t digits = 0;                // from GMP
  double gmp_fib_ms = 0;
  double gmp_str_ms = 0;
};

// How the samples of one N become one figure.
enum class Stat { kMedian, kMin };

// The samples of one N, each figure reduced with one Stat. HTTP figures come from the samples
// with a 200 response only.
struct Row {
  uint32_t n = 0;
  Stat stat = Stat::kMedian;
  size_t digits = 0;
  int repeats = 0;
  int errors = 0;      // samples without a 200 response
  int mismatches = 0;  // 200 responses whose body is not GMP's digits
  std::string error;   // the first error, for the report
  std::optional<double> http_ms, ttfb_ms, server_ms;
  double gmp_fib_ms = 0, gmp_str_ms = 0, gmp_ms = 0;
  std::optional<double> ratio;  // server_ms / gmp_ms
  std::string cache;            // miss, hit, mixed, or "" if never told

  bool ok() const { return repeats > 0 && errors == 0 && mismatches == 0; }
};

// "" if body is digits and a newline, else where they part.
std::string describe_mismatch(const std::string& body, const std::string& digits);

// The median; the mean of the middle two for an even count. values not empty.
double median(std::vector<double> values);

Row summarize(uint32_t n, const std::vector<Sample>& samples, Stat stat = Stat::kMedian);

// One request and one GMP computation, in that order, so that they never
// compete for the CPU. No GMP computation after an interrupted request.
Sample measure_once(const Target& target, uint32_t n, std::chrono::milliseconds timeout);

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_MEASURE_H_
