// The N to measure: "10", "1e7", "3e6", as --n takes them.
#ifndef KHTTPD_FIBCHECK_N_LIST_H_
#define KHTTPD_FIBCHECK_N_LIST_H_

#include <cstdint>
#include <string>
#include <vector>

namespace khttpd::fibcheck {

// The decades the tool measures when not told otherwise: 10 .. 10^7.
std::vector<uint32_t> default_n_list();

// Decimal digits, or MeE (an integer M times 10^E): 0 <= N <= 2^31-1, what
// /fib/N accepts. Returns "" and sets *n, or what is wrong.
std::string parse_n(const std::string& text, uint32_t* n);

}  // namespace khttpd::fibcheck

#endif  // KHTTPD_FIBCHECK_N_LIST_H_
