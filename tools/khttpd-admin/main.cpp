// khttpd-admin: the command line. Parses arguments with CLI11 and hands each
// subcommand to its run_*() function; usage errors exit with 2, like zfs(8),
// with a message that starts with "khttpd-admin:" and says what is allowed.
#include <sys/utsname.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <utility>

#include "commands.h"
#include "keys.h"
#include "usage.h"
#include "version.h"

using namespace khttpd::admin;

int main(int argc, char** argv) {
  CLI::App app{"Administer khttpd, the in-kernel HTTP server.", "khttpd-admin"};
  // At most one; none is an error unless --version was given, which
  // needs --root parsed first (CLI11's own version flag runs too early).
  app.require_subcommand(0, 1);
  app.footer("See khttpd-admin(8).");
  bool version = false;
  app.add_flag("-V,--version", version,
               "Print the versions of khttpd-admin and of the loaded and installed module");
  bool list_keys = false;
  // For the bash completion: every key, and a choice key's words; hidden.
  app.add_flag("--list-keys", list_keys)->group("");

  std::string root;
  // Tests point the tool at a fake /sys, /proc and /etc; hidden from --help.
  app.add_option("--root", root)->group("");

  ShowOptions show;
  auto* show_cmd = app.add_subcommand("show", "Show tunables in force and where they come from");
  show_cmd->add_option("KEY", show.keys, "Tunables to show (default: all)")->delimiter(',');
  auto* scripted = show_cmd->add_flag("-H", show.scripted, "No header, tab-separated, for scripts");
  show_cmd->add_flag("-p", show.parsable, "Exact values (bytes, not 64M)");
  show_cmd->add_flag("--json", show.json, "Print a JSON object")->excludes(scripted);

  SetOptions set;
  auto* set_cmd = app.add_subcommand("set", "Change tunables live, all of them or none");
  set_cmd->add_option("KEY=VALUE", set.pairs, "Tunables and their new values")->required();
  set_cmd->add_flag("--persist", set.persist, "Also write them to /etc/khttpd/khttpd.conf");

  StatsOptions stats;
  auto* stats_cmd = app.add_subcommand("stats", "Show statistics from /proc/khttpd");
  stats_cmd->add_flag("--json", stats.json, "Print JSON (one object per sample with --watch)");
  stats_cmd->add_option("--watch", stats.watch_s, "Show rates every SECONDS")
      ->option_text("SECONDS")
      ->check(positive_seconds());
  // With --watch, stop after this many samples (for tests); hidden from --help.
  stats_cmd->add_option("--count", stats.count)->check(positive_count())->group("");

  CheckOptions check;
  auto* check_cmd = app.add_subcommand(
      "check", "Check a configuration file and the system it needs, changing nothing");
  check_cmd->add_option("FILE", check.file, "The file to check (default: /etc/khttpd/khttpd.conf)");

  auto* load_cmd = app.add_subcommand("load", "Load khttpd with the configuration file's values");
  auto* unload_cmd = app.add_subcommand("unload", "Unload khttpd");
  auto* reload_cmd = app.add_subcommand("reload", "Apply the configuration file to running khttpd");
  StatusOptions status;
  auto* status_cmd = app.add_subcommand("status", "Tell whether khttpd is loaded (exit 3 if not)");
  status_cmd->add_flag("--json", status.json, "Print a JSON object");

  MetricsOptions metrics;
  auto* metrics_cmd = app.add_subcommand(
      "metrics", "Print the statistics as Prometheus metrics (text exposition format)");
  metrics_cmd
      ->add_option("-o,--output", metrics.output,
                   "Write FILE instead, replacing it atomically (textfile collector)")
      ->option_text("FILE");

  LogOptions log;
  auto* log_cmd = app.add_subcommand("log", "Show the access log khttpd-logd writes");
  log_cmd->add_flag("-f,--follow", log.follow, "Then print new lines as they come, until SIGINT");
  log_cmd->add_option("-n,--lines", log.lines, "How many of the last lines to print first")
      ->capture_default_str();
  log_cmd->add_option("--file", log.file, "Another log file")->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << usage_error(app, e, argc, argv) << "\n";
    return kExitUsage;
  }

  Paths paths{root};
  if (version) {
    struct utsname uts;
    uname(&uts);
    std::cout << version_text(paths, KHTTPD_ADMIN_VERSION, uts.release);
    return kExitOk;
  }
  if (list_keys) {
    std::cout << completion_keys();
    return kExitOk;
  }

  Context ctx{paths, "/sbin/modprobe", std::cout, std::cerr};
  if (const char* modprobe = std::getenv("KHTTPD_MODPROBE"); modprobe && *modprobe)
    ctx.modprobe = modprobe;

  const std::pair<const CLI::App*, std::function<int()>> commands[] = {
      {show_cmd, [&] { return run_show(ctx, show); }},
      {set_cmd, [&] { return run_set(ctx, set); }},
      {stats_cmd, [&] { return run_stats(ctx, stats); }},
      {check_cmd, [&] { return run_check(ctx, check); }},
      {load_cmd, [&] { return run_load(ctx); }},
      {unload_cmd, [&] { return run_unload(ctx); }},
      {reload_cmd, [&] { return run_reload(ctx); }},
      {status_cmd, [&] { return run_status(ctx, status); }},
      {metrics_cmd, [&] { return run_metrics(ctx, metrics, KHTTPD_ADMIN_VERSION); }},
      {log_cmd, [&] { return run_log(ctx, log); }},
  };
  for (const auto& [cmd, run] : commands)
    if (cmd->parsed()) return run();
  std::cerr << missing_subcommand(app) << "\n";
  return kExitUsage;
}
