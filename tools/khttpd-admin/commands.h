// The subcommands of khttpd-admin, one function each, independent of the
// command-line parser (main.cpp) so they can be reasoned about and tested
// on their own.
#ifndef KHTTPD_ADMIN_COMMANDS_H_
#define KHTTPD_ADMIN_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "paths.h"

namespace khttpd::admin {

// Exit statuses, like zfs(8); kExitNotLoaded only from status, like LSB.
enum ExitStatus {
  kExitOk = 0,
  kExitError = 1,
  kExitUsage = 2,
  kExitNotLoaded = 3,
};

struct Context {
  Paths paths;
  std::string modprobe = "/sbin/modprobe";
  std::ostream& out;
  std::ostream& err;

  // "khttpd-admin: <message>" on err.
  void error(const std::string& message) const { err << "khttpd-admin: " << message << "\n"; }
};

struct ShowOptions {
  std::vector<std::string> keys;  // empty: all
  bool scripted = false;          // -H
  bool parsable = false;          // -p
  bool json = false;
};

struct SetOptions {
  std::vector<std::string> pairs;  // KEY=VALUE
  bool persist = false;
};

struct StatsOptions {
  bool json = false;
  double watch_s = 0;  // 0: print once
  unsigned count = 0;  // with watch: stop after this many samples; 0: until SIGINT
};

struct CheckOptions {
  std::string file;  // empty: the configuration file
};

struct StatusOptions {
  bool json = false;
};

struct MetricsOptions {
  std::string output;  // empty: standard output; else replaced atomically
};

struct LogOptions {
  std::string file;     // empty: /var/log/khttpd/access.log
  unsigned lines = 10;  // the last lines printed first
  bool follow = false;  // -f: then print lines as they are written
};

int run_show(const Context& ctx, const ShowOptions& opts);
int run_set(const Context& ctx, const SetOptions& opts);
int run_stats(const Context& ctx, const StatsOptions& opts);
int run_check(const Context& ctx, const CheckOptions& opts);
int run_load(const Context& ctx);
int run_unload(const Context& ctx);
int run_reload(const Context& ctx);
int run_status(const Context& ctx, const StatusOptions& opts);
int run_metrics(const Context& ctx, const MetricsOptions& opts, const std::string& admin_version);
int run_log(const Context& ctx, const LogOptions& opts);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_COMMANDS_H_
