#include "report.h"

#include <cstdio>

#include "format.h"  // tools/khttpd-admin: the aligned table of zfs get

namespace khttpd::fibcheck {
namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string fixed(const std::optional<double>& v, int decimals, const char* unknown) {
  return v ? fixed(*v, decimals) : unknown;
}

}  // namespace

std::string render_table(const std::vector<Row>& rows, bool scripted) {
  using admin::Table;
  const auto R = Table::Align::kRight, L = Table::Align::kLeft;
  Table table({"N", "DIGITS", "HTTP_MS", "SERVER_MS", "GMP_FIB_MS", "GMP_STR_MS", "GMP_MS",
               "SERVER/GMP", "CACHE", "OK"},
              {R, R, R, R, R, R, R, R, L, L});
  for (const Row& row : rows) {
    table.add_row({std::to_string(row.n), std::to_string(row.digits), fixed(row.http_ms, 3, "-"),
                   fixed(row.server_ms, 3, "-"), fixed(row.gmp_fib_ms, 3), fixed(row.gmp_str_ms, 3),
                   fixed(row.gmp_ms, 3), fixed(row.ratio, 2, "-"),
                   row.cache.empty() ? "-" : row.cache, row.ok() ? "yes" : "NO"});
  }
  return table.render(scripted);
}

std::string csv_header() {
  return "n,digits,http_ms,ttfb_ms,server_ms,gmp_fib_ms,gmp_str_ms,gmp_ms,ratio,cache,repeats,"
         "stat,errors,mismatches,ok\n";
}

std::string csv_row(const Row& row) {
  return std::to_string(row.n) + ',' + std::to_string(row.digits) + ',' +
         fixed(row.http_ms, 4, "") + ',' + fixed(row.ttfb_ms, 4, "") + ',' +
         fixed(row.server_ms, 4, "") + ',' + fixed(row.gmp_fib_ms, 4) + ',' +
         fixed(row.gmp_str_ms, 4) + ',' + fixed(row.gmp_ms, 4) + ',' + fixed(row.ratio, 4, "") +
         ',' + row.cache + ',' + std::to_string(row.repeats) + ',' +
         (row.stat == Stat::kMin ? "min" : "median") + ',' + std::to_string(row.errors) + ',' +
         std::to_string(row.mismatches) + ',' + (row.ok() ? "yes" : "no") + '\n';
}

}  // namespace khttpd::fibcheck
