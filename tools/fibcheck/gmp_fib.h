// The reference: F(N) in decimal from GMP, the two steps timed apart.
#ifndef KHTTPD_FIBCHECK_GMP_FIB_H_
#define KHTTPD_FIBCHECK_GMP_FIB_H_

#include <cstdint>
#include <string>

namespace khttpd::fibcheck {

struct GmpFib {
  std::string digits;  // F(n) in decimal, no newline
  double fib_ms = 0;   // mpz_fib_ui
  double str_ms = 0;   // mpz_get_str, base 10
};

GmpFib gmp_fib(uint32_t n);

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_GMP_FIB_H_
