// khttpd-admin: the command line. Parses arguments with CLI11 and hands each
// subcommand to its run_*() function; usage errors exit with 2, like zfs(8).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <utility>

#include "commands.h"

using namespace khttpd::admin;

int main(int argc, char** argv) {
  CLI::App app{"Administer khttpd, the in-kernel HTTP server.", "khttpd-admin"};
  app.require_subcommand(1);
  app.set_version_flag("--version", KHTTPD_ADMIN_VERSION);
  app.footer("See khttpd-admin(8).");

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
  auto* set_cmd = app.add_subcommand("set", "Change tunables live");
  set_cmd->add_option("KEY=VALUE", set.pairs, "Tunables and their new values")->required();
  set_cmd->add_flag("--persist", set.persist, "Also write them to /etc/khttpd/khttpd.conf");

  StatsOptions stats;
  auto* stats_cmd = app.add_subcommand("stats", "Show statistics from /proc/khttpd");
  stats_cmd->add_flag("--json", stats.json, "Print JSON (one object per sample with --watch)");
  stats_cmd->add_option("--watch", stats.watch_s, "Show rates every SECONDS")
      ->option_text("SECONDS")
      ->check(CLI::PositiveNumber);
  // With --watch, stop after this many samples (for tests); hidden from --help.
  stats_cmd->add_option("--count", stats.count)->check(CLI::PositiveNumber)->group("");

  auto* load_cmd = app.add_subcommand("load", "Load khttpd with the configuration file's values");
  auto* unload_cmd = app.add_subcommand("unload", "Unload khttpd");
  auto* reload_cmd = app.add_subcommand("reload", "Apply the configuration file to running khttpd");
  auto* status_cmd = app.add_subcommand("status", "Tell whether khttpd is loaded (exit 3 if not)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every other parse error is a usage error.
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  Context ctx{Paths{root}, "/sbin/modprobe", std::cout, std::cerr};
  if (const char* modprobe = std::getenv("KHTTPD_MODPROBE"); modprobe && *modprobe)
    ctx.modprobe = modprobe;

  const std::pair<const CLI::App*, std::function<int()>> commands[] = {
      {show_cmd, [&] { return run_show(ctx, show); }},
      {set_cmd, [&] { return run_set(ctx, set); }},
      {stats_cmd, [&] { return run_stats(ctx, stats); }},
      {load_cmd, [&] { return run_load(ctx); }},
      {unload_cmd, [&] { return run_unload(ctx); }},
      {reload_cmd, [&] { return run_reload(ctx); }},
      {status_cmd, [&] { return run_status(ctx); }},
  };
  for (const auto& [cmd, run] : commands)
    if (cmd->parsed()) return run();
  return kExitUsage;  // not reached: require_subcommand(1)
}
