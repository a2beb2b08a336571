// khttpd-admin metrics (Prometheus text from /proc/khttpd) and khttpd-admin
// log (the access log khttpd-logd writes, its last lines, -f to follow).
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "file_io.h"
#include "metrics.h"
#include "params.h"
#include "stats.h"

namespace khttpd::admin {
namespace {

std::string read_line(const std::string& path) {
  std::string text;
  if (read_file(path, &text) != 0) return "";
  if (size_t nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

// The last n lines of what is in f, up to its current end.
std::vector<std::string> last_lines(std::ifstream& f, unsigned n) {
  std::vector<std::string> ring;
  std::string line;
  while (std::getline(f, line)) {
    ring.push_back(line);
    if (ring.size() > n) ring.erase(ring.begin());
  }
  f.clear();
  return ring;
}

volatile sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

}  // namespace

int run_metrics(const Context& ctx, const MetricsOptions& opts, const std::string& admin_version) {
  std::optional<Stats> stats;
  std::string text;
  int err = read_file(ctx.paths.stats(), &text);
  if (err == 0) {
    stats = parse_stats(text);
  } else if (module_loaded(ctx.paths)) {
    ctx.error("cannot read " + ctx.paths.stats() + ": " + std::strerror(err));
    return kExitError;
  }
  std::string out = format_metrics(stats, read_line(ctx.paths.module_version()), admin_version);
  if (opts.output.empty()) {
    ctx.out << out;
    return kExitOk;
  }
  if (std::string problem = replace_file(opts.output, out); !problem.empty()) {
    ctx.error(problem);
    return kExitError;
  }
  return kExitOk;
}

int run_log(const Context& ctx, const LogOptions& opts) {
  const std::string path = opts.file.empty() ? ctx.paths.access_log() : opts.file;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    int err = errno;
    ctx.error("cannot read " + path + ": " + std::strerror(err) +
              (err == ENOENT ? " (is khttpd-logd running? systemctl status khttpd-logd)" : ""));
    return kExitError;
  }
  for (const std::string& line : last_lines(f, opts.lines)) ctx.out << line << "\n";
  ctx.out.flush();
  if (!opts.follow) return kExitOk;

  struct sigaction sa = {};
  sa.sa_handler = on_stop;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct stat st;
  ino_t ino = stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
  std::string partial, line;
  while (!g_stop) {
    bool got = false;
    while (std::getline(f, line)) {
      if (f.eof()) {  // no newline yet: the rest comes later
        partial += line;
        break;
      }
      ctx.out << partial << line << "\n";
      partial.clear();
      got = true;
    }
    f.clear();
    if (got) ctx.out.flush();
    // logrotate renamed it and khttpd-logd made a new one: read that,
    // once the old one is read to its end (above)
    if (stat(path.c_str(), &st) == 0 && st.st_ino != ino) {
      std::ifstream next(path, std::ios::binary);
      if (next) {
        f.swap(next);
        ino = st.st_ino;
        continue;
      }
    }
    usleep(200 * 1000);
  }
  if (!partial.empty()) ctx.out << partial << "\n";
  return kExitOk;
}

}  // namespace khttpd::admin
