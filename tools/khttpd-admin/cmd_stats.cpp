// khttpd-admin stats: /proc/khttpd once as a summary, or as rates with --watch.
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>

#include "commands.h"
#include "file_io.h"
#include "params.h"
#include "rates.h"
#include "stats.h"

namespace khttpd::admin {
namespace {

std::optional<Stats> read_stats(const Context& ctx) {
  std::string text;
  int err = read_file(ctx.paths.stats(), &text);
  if (err == 0) return parse_stats(text);
  if (err == ENOENT && !module_loaded(ctx.paths))
    ctx.error("khttpd is not loaded");
  else
    ctx.error("cannot read " + ctx.paths.stats() + ": " + std::strerror(err));
  return std::nullopt;
}

// SIGINT and SIGTERM stay blocked while watching and are taken with
// sigtimedwait() as the pause between samples: no handler, no race between
// checking a flag and going to sleep.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigprocmask(SIG_BLOCK, &set_, &old_);
  }
  ~StopSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }

  // Waits up to seconds; true when a stop signal came.
  bool wait(double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      struct timespec ts = {static_cast<time_t>(left.count() / 1000000000),
                            static_cast<long>(left.count() % 1000000000)};
      if (sigtimedwait(&set_, nullptr, &ts) > 0) return true;
      if (errno == EAGAIN) return false;
    }
  }

 private:
  sigset_t set_;
  sigset_t old_;
};

int watch(const Context& ctx, const StatsOptions& opts) {
  StopSignals signals;
  std::optional<Stats> prev;
  auto prev_time = std::chrono::steady_clock::now();
  for (unsigned n = 1;; n++) {
    std::optional<Stats> cur = read_stats(ctx);
    if (!cur) return kExitError;
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - prev_time).count();
    RateSample sample = compute_rates(prev ? &*prev : nullptr, *cur, elapsed);
    if (opts.json) {
      ctx.out << rate_json(sample, *cur).dump() << "\n";
    } else {
      if (n == 1) ctx.out << format_rate_header();
      ctx.out << format_rate_line(sample);
    }
    ctx.out.flush();
    if (n == opts.count || signals.wait(opts.watch_s)) return kExitOk;
    prev = std::move(cur);
    prev_time = now;
  }
}

}  // namespace

int run_stats(const Context& ctx, const StatsOptions& opts) {
  if (opts.watch_s > 0) return watch(ctx, opts);
  std::optional<Stats> stats = read_stats(ctx);
  if (!stats) return kExitError;
  if (opts.json)
    ctx.out << stats->to_json().dump(2) << "\n";
  else
    ctx.out << format_summary(*stats);
  return kExitOk;
}

}  // namespace khttpd::admin
