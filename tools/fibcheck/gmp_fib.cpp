#include "gmp_fib.h"

#include <gmp.h>

#include <chrono>
#include <cstring>

namespace khttpd::fibcheck {

GmpFib gmp_fib(uint32_t n) {
  using Clock = std::chrono::steady_clock;
  GmpFib out;
  mpz_t f;
  mpz_init(f);

  auto t0 = Clock::now();
  mpz_fib_ui(f, n);
  auto t1 = Clock::now();
  // mpz_sizeinbase may overstate by one; room for that and the NUL, given
  // to mpz_get_str so that no allocation of its own is timed or freed
  out.digits.resize(mpz_sizeinbase(f, 10) + 2);
  auto t2 = Clock::now();
  mpz_get_str(out.digits.data(), 10, f);
  auto t3 = Clock::now();
  out.digits.resize(std::strlen(out.digits.c_str()));
  mpz_clear(f);

  out.fib_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  out.str_ms = std::chrono::duration<double, std::milli>(t3 - t2).count();
  return out;
}

}  // namespace khttpd::fibcheck
