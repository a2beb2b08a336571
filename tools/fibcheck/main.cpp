// fibcheck: how long /fib/N takes from request to last byte, against the
// server's own compute time and GMP computing the same number in the same
// machine; every answer checked digit for digit. Exit status like zfs(8):
// 0 all answers right, 1 a wrong answer or any error, 2 usage.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "measure.h"
#include "n_list.h"
#include "param_override.h"
#include "report.h"

using namespace khttpd::fibcheck;

namespace {

enum ExitStatus { kExitOk = 0, kExitError = 1, kExitUsage = 2 };

volatile sig_atomic_t interrupted = 0;

void on_signal(int) { interrupted = 1; }

// SIGINT and SIGTERM end the run between requests (and interrupt one in
// progress, no SA_RESTART), so that the tunables are still put back.
void catch_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

void error(const std::string& message) { std::cerr << "fibcheck: " << message << "\n"; }

// The cache off, so that every request computes; max_n at least the
// largest N. Returns "" or what went wrong.
std::string prepare_server(ParamOverride* params, uint32_t max_n) {
  if (std::string err = params->set("fib_cache_bytes", "0"); !err.empty()) return err;
  std::string err;
  std::string current = params->get("max_n", &err);
  if (!err.empty()) return err;
  if (std::strtoull(current.c_str(), nullptr, 10) < max_n)
    return params->set("max_n", std::to_string(max_n));
  return "";
}

// Progress on stderr: each sample with -v, one line per N unless -q.
void print_sample(uint32_t n, int i, const Sample& s) {
  char line[256];
  if (!s.error.empty()) return;  // already reported
  std::snprintf(line, sizeof(line),
                "fibcheck: N=%u #%d: http %.3f ms (first byte %.3f), server %.3f ms %s; gmp "
                "%.3f + %.3f ms\n",
                n, i, s.http_ms, s.ttfb_ms, s.server_ms.value_or(-1), s.cache.c_str(), s.gmp_fib_ms,
                s.gmp_str_ms);
  std::cerr << line;
}

void print_row(const Row& row) {
  char http[32] = "-";
  if (row.http_ms) std::snprintf(http, sizeof(http), "%.3f ms", *row.http_ms);
  char line[160];
  std::snprintf(line, sizeof(line), "fibcheck: N=%u: %d/%d right, http %s, gmp %.3f ms\n", row.n,
                row.repeats - row.errors - row.mismatches, row.repeats, http, row.gmp_ms);
  std::cerr << line;
}

struct RunOptions {
  std::vector<uint32_t> ns;
  int repeat = 3;
  int warmup = 1;
  Stat stat = Stat::kMedian;
  std::chrono::milliseconds timeout{600000};
  bool verbose = false, quiet = false;
};

// Measures every N until done, interrupted or the server is unreachable.
// Returns the rows measured.
std::vector<Row> measure_all(const Target& target, const RunOptions& opts) {
  std::vector<Row> rows;
  // Untimed first requests: the first use of a code path costs more
  // (page faults, and under QEMU TCG the translation of the code).
  uint32_t smallest = *std::min_element(opts.ns.begin(), opts.ns.end());
  for (int i = 0; i < opts.warmup && !interrupted; i++) {
    Sample s = measure_once(target, smallest, opts.timeout);
    if (!s.connected) {
      error("N=" + std::to_string(smallest) + " (warm-up): " + s.error);
      return rows;
    }
  }
  for (uint32_t n : opts.ns) {
    std::vector<Sample> samples;
    bool unreachable = false;
    for (int i = 0; i < opts.repeat && !interrupted && !unreachable; i++) {
      Sample s = measure_once(target, n, opts.timeout);
      if (s.interrupted) break;
      if (!s.error.empty()) error("N=" + std::to_string(n) + ": " + s.error);
      if (!s.mismatch.empty()) error("N=" + std::to_string(n) + ": WRONG ANSWER: " + s.mismatch);
      if (opts.verbose) print_sample(n, i + 1, s);
      unreachable = !s.connected;
      samples.push_back(std::move(s));
    }
    if (samples.empty()) break;
    rows.push_back(summarize(n, samples, opts.stat));
    if (!opts.quiet) print_row(rows.back());
    if (unreachable) break;
  }
  return rows;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Time GET /fib/N from request to last byte, next to the server's compute time and GMP "
      "computing F(N) here; check every answer against GMP.",
      "fibcheck"};
  std::string url = "http://127.0.0.1:8081";
  std::vector<std::string> n_text;
  RunOptions opts;
  std::string sysfs, csv_path;
  bool scripted = false;
  double timeout_s = 600;

  app.add_option("URL", url, "The server")->capture_default_str();
  app.add_option("-n,--n", n_text, "N to measure, comma-separated; 1e7 and 3e6 work too")
      ->allow_extra_args(false)
      ->delimiter(',')
      ->check([](const std::string& s) {
        uint32_t n;
        return parse_n(s, &n);
      })
      ->default_str("10,100,1e3,1e4,1e5,1e6,1e7");
  app.add_option("-r,--repeat", opts.repeat, "Requests per N")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  std::string stat = "median";
  app.add_option("--stat", stat, "What the table shows of the requests for one N")
      ->capture_default_str()
      ->check(CLI::IsMember({"median", "min"}));
  app.add_option("--warmup", opts.warmup, "Untimed requests of the smallest N first")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  app.add_option("--sysfs", sysfs,
                 "khttpd's parameters directory (/sys/module/khttpd/parameters): turn the "
                 "cache off and raise max_n for the run, put both back afterwards");
  app.add_option("--csv", csv_path, "Also write the results as CSV to FILE (for plot)")
      ->option_text("FILE");
  app.add_option("--timeout", timeout_s, "Limit for one request, in seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("-H", scripted, "No header, tab-separated, for scripts");
  auto* quiet = app.add_flag("-q,--quiet", opts.quiet, "No progress lines on stderr");
  app.add_flag("-v,--verbose", opts.verbose, "Every request on stderr")->excludes(quiet);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  opts.stat = stat == "min" ? Stat::kMin : Stat::kMedian;
  for (const auto& text : n_text) {
    uint32_t n;
    parse_n(text, &n);
    opts.ns.push_back(n);
  }
  if (opts.ns.empty()) opts.ns = default_n_list();

  Target target;
  if (std::string err = resolve_target(url, &target); !err.empty()) {
    error(url + ": " + err);
    return kExitUsage;
  }
  std::unique_ptr<std::ofstream> csv;
  if (!csv_path.empty()) {
    csv = std::make_unique<std::ofstream>(csv_path);
    if (!*csv) {
      error("cannot write " + csv_path);
      return kExitError;
    }
  }

  std::unique_ptr<ParamOverride> params;
  if (!sysfs.empty()) {
    params = std::make_unique<ParamOverride>(sysfs);
    if (std::string err =
            prepare_server(params.get(), *std::max_element(opts.ns.begin(), opts.ns.end()));
        !err.empty()) {
      error(err);
      std::string undo = params->restore();
      if (!undo.empty()) error(undo);
      return kExitError;
    }
  }
  catch_signals();

  opts.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_s * 1000));
  std::vector<Row> rows = measure_all(target, opts);

  int status = kExitOk;
  if (interrupted) {
    error("interrupted");
    status = kExitError;
  }
  if (params) {
    if (std::string err = params->restore(); !err.empty()) {
      error(err);
      status = kExitError;
    }
  }

  std::cout << render_table(rows, scripted);
  std::cout.flush();
  if (csv) {
    *csv << csv_header();
    for (const Row& row : rows) *csv << csv_row(row);
    csv->close();
    if (!*csv) {
      error("cannot write " + csv_path);
      status = kExitError;
    }
  }

  int wrong = 0, failed = 0;
  bool cached = false;
  for (const Row& row : rows) {
    wrong += row.mismatches;
    failed += row.errors;
    cached |= row.cache == "hit" || row.cache == "mixed";
  }
  if (cached)
    error(
        "warning: some answers came from the cache, so their HTTP time does not include "
        "computing; --sysfs turns the cache off");
  if (wrong || failed) {
    error(std::to_string(wrong) + " wrong answers, " + std::to_string(failed) + " failed requests");
    status = kExitError;
  }
  return status;
}
