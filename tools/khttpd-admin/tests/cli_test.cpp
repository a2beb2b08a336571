// End-to-end: the built khttpd-admin run as a subprocess against a fake tree,
// checking output and exit statuses (0 ok, 1 error, 2 usage, 3 not loaded).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "fake_tree.h"
#include "keys.h"

namespace khttpd::admin::testing {
namespace {

using nlohmann::json;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class CliTest : public ::testing::Test {
 protected:
  RunResult run(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    return run_admin(tree_.root(), args, env);
  }
  void config(const std::string& text) { tree_.write("etc/khttpd/khttpd.conf", text); }
  // Makes writes to key fail the way a kernel refusal does (ENOSPC).
  void refuse_writes(const std::string& key) {
    std::string file = tree_.path(tree_.param_file(key));
    unlink(file.c_str());
    ASSERT_EQ(symlink("/dev/full", file.c_str()), 0);
  }
  std::string modprobe_env(int status = 0) {
    return "KHTTPD_MODPROBE=" + tree_.fake_modprobe(status);
  }

  FakeTree tree_;
};

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run({}).status, 2);
  EXPECT_EQ(run({"frobnicate"}).status, 2);
  EXPECT_EQ(run({"show", "--bogus"}).status, 2);
  EXPECT_EQ(run({"show", "-H", "--json"}).status, 2);
  EXPECT_EQ(run({"set"}).status, 2);
  EXPECT_EQ(run({"stats", "--watch", "0"}).status, 2);
  EXPECT_EQ(run({"status", "extra"}).status, 2);
}

TEST_F(CliTest, HelpEverywhereExitsZero) {
  RunResult top = run({"--help"});
  EXPECT_EQ(top.status, 0);
  EXPECT_FALSE(contains(top.out, "--root"));  // hidden
  for (const char* cmd : {"show", "set", "stats", "load", "unload", "reload", "status"}) {
    RunResult r = run({cmd, "--help"});
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_TRUE(contains(top.out, cmd));
    EXPECT_TRUE(contains(r.out, std::string("khttpd-admin ") + cmd)) << r.out;
  }
  EXPECT_FALSE(contains(run({"stats", "--help"}).out, "--count"));
}

TEST_F(CliTest, ShowNotLoaded) {
  RunResult r = run({"show"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "khttpd-admin: khttpd is not loaded\n");
}

TEST_F(CliTest, ShowTableWithSources) {
  tree_.load_module({{"port", "80"}, {"workers", "8"}, {"bind", "::1"}});
  config("# mine\nport = 80\nbind = 0:0::1\nbacklog = 10\n");
  RunResult r = run({"show"});
  EXPECT_EQ(r.status, 0) << r.err;
  // The last line comes from the real sockets: ShowFooterFromRealSockets.
  r.out.erase(r.out.rfind("khttpd is loaded"));
  EXPECT_EQ(r.out,
            "NAME                   VALUE            SOURCE\n"
            "port                   80               config\n"
            "bind                   ::1              config\n"
            "backlog                1024             default\n"
            "max_n                  1000000          default\n"
            "workers                8                runtime\n"
            "placement              balance          default\n"
            "fib_workers            2                default\n"
            "max_connections        65536            default\n"
            "keepalive_timeout_ms   60000            default\n"
            "header_timeout_ms      10000            default\n"
            "body_timeout_ms        30000            default\n"
            "send_timeout_ms        20000            default\n"
            "docroot                /var/www/khttpd  default\n"
            "fib_cache_bytes        64M              default\n"
            "file_cache_bytes       32M              default\n"
            "listing                0                default\n"
            "listing_max_entries    10000            default\n"
            "listing_max_bytes      1M               default\n"
            "response_memory_bytes  128M             default\n"
            "conn_memory_bytes      16M              default\n"
            "fib_queue_max          64               default\n"
            "fib_client_max         4                default\n"
            "fib_wait_timeout_ms    30000            default\n"
            "fib_memory_bytes       256M             default\n"
            "dotfiles               0                default\n"
            "io_cpu_share           100              default\n"
            "precompressed          0                default\n"
            "vhosts                 0                default\n"
            "log                    0                default\n"
            "\n");
}

TEST_F(CliTest, ShowFooterFromRealSockets) {
  TcpSocket v4(AF_INET, true);
  const std::string port = std::to_string(v4.port());
  // The tunables say all addresses; the kernel says 127.0.0.1 only.
  tree_.load_module({{"port", port}});
  RunResult r = run({"show"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\nkhttpd is loaded; listening on 127.0.0.1:" + port + "\n"))
      << r.out;
  json doc = json::parse(run({"show", "--json"}).out);
  EXPECT_EQ(doc["listening"], json::array({"127.0.0.1:" + port}));

  TcpSocket bound(AF_INET, false);  // a port nothing listens on
  tree_.load_module({{"port", std::to_string(bound.port())}});
  r = run({"show"});
  EXPECT_TRUE(contains(r.out, "\nkhttpd is loaded; not listening: no socket on port " +
                                  std::to_string(bound.port()) + "\n"))
      << r.out;
  doc = json::parse(run({"show", "--json"}).out);
  EXPECT_EQ(doc["listening"], json::array());
}

TEST_F(CliTest, ShowJsonNotLoaded) {
  RunResult r = run({"show", "--json"});
  EXPECT_EQ(r.status, 1);
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["loaded"], false);
  EXPECT_EQ(doc["listening"], json::array());
  EXPECT_EQ(doc["parameters"], json::object());
  EXPECT_EQ(r.err, "khttpd-admin: khttpd is not loaded\n");
}

TEST_F(CliTest, ShowScriptedAndParsable) {
  tree_.load_module();
  RunResult r = run({"show", "-H", "-p", "fib_cache_bytes,bind", "port"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "fib_cache_bytes\t67108864\tdefault\nbind\t\tdefault\nport\t8081\tdefault\n");
  EXPECT_EQ(run({"show", "-H", "bind", "fib_cache_bytes"}).out,
            "bind\t*\tdefault\nfib_cache_bytes\t64M\tdefault\n");
}

TEST_F(CliTest, ShowJson) {
  tree_.load_module({{"workers", "8"}, {"docroot", ""}});
  RunResult r = run({"show", "--json"});
  EXPECT_EQ(r.status, 0) << r.err;
  json doc = json::parse(r.out);
  EXPECT_EQ(doc["loaded"], true);
  EXPECT_TRUE(doc["listening"].is_array());  // ShowFooterFromRealSockets
  EXPECT_EQ(doc["parameters"].size(), all_keys().size());
  EXPECT_EQ(doc["parameters"]["placement"]["value"], "balance");
  EXPECT_EQ(doc["parameters"]["port"],
            json({{"value", 8081}, {"source", "default"}, {"default", 8081}}));
  EXPECT_EQ(doc["parameters"]["workers"]["value"], 8);
  EXPECT_EQ(doc["parameters"]["workers"]["source"], "runtime");
  EXPECT_EQ(doc["parameters"]["fib_cache_bytes"]["value"], 67108864);
  EXPECT_EQ(doc["parameters"]["docroot"]["value"], "");
  EXPECT_EQ(doc["parameters"]["bind"]["value"], "");

  json one = json::parse(run({"show", "--json", "port"}).out);
  EXPECT_EQ(one["parameters"].size(), 1u);
}

TEST_F(CliTest, ShowKeyMissingFromOlderModule) {
  tree_.load_module({{"file_cache_bytes", FakeTree::kAbsent}});
  EXPECT_EQ(run({"show", "-H", "file_cache_bytes"}).out, "file_cache_bytes\t-\t-\n");
  json doc = json::parse(run({"show", "--json", "file_cache_bytes"}).out);
  EXPECT_TRUE(doc["parameters"]["file_cache_bytes"]["value"].is_null());
  EXPECT_TRUE(doc["parameters"]["file_cache_bytes"]["source"].is_null());
}

TEST_F(CliTest, ShowUnknownKeyIsUsageError) {
  tree_.load_module();
  RunResult r = run({"show", "port", "prot"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(contains(r.err, "unknown key 'prot'")) << r.err;
}

TEST_F(CliTest, ShowWarnsAboutBrokenConfig) {
  tree_.load_module({{"port", "80"}});
  config("port = 80\nworkers = lots\n");
  RunResult r = run({"show", "-H", "port"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "port\t80\tconfig\n");
  EXPECT_TRUE(contains(r.err, "warning: " + tree_.path("etc/khttpd/khttpd.conf") + ":2:")) << r.err;
}

TEST_F(CliTest, SetWritesEveryPair) {
  tree_.load_module();
  RunResult r = run({"set", "port=80", "fib_cache_bytes=1G", "bind=", "docroot=/srv/a b"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(tree_.param("port"), "80");
  EXPECT_EQ(tree_.param("fib_cache_bytes"), "1073741824");
  EXPECT_EQ(tree_.param("bind"), "");
  EXPECT_EQ(tree_.param("docroot"), "/srv/a b");
  EXPECT_FALSE(tree_.exists("etc/khttpd/khttpd.conf"));  // not without --persist
}

TEST_F(CliTest, SetLeavesValuesAlreadyInForceAlone) {
  tree_.load_module();
  std::string port = tree_.path(tree_.param_file("port"));
  struct timeval old_times[2] = {{1000000, 0}, {1000000, 0}};
  ASSERT_EQ(utimes(port.c_str(), old_times), 0);
  RunResult r = run({"set", "port=08081", "workers=2"});
  EXPECT_EQ(r.status, 0) << r.err;
  struct stat st;
  ASSERT_EQ(stat(port.c_str(), &st), 0);
  EXPECT_EQ(st.st_mtime, 1000000);  // not rewritten: no needless re-listen
  EXPECT_EQ(tree_.param("workers"), "2");
}

TEST_F(CliTest, SetChecksEveryPairBeforeWritingAny) {
  tree_.load_module();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"set", "port=80", "workers=0"},
        std::vector<std::string>{"set", "port=80", "workers"},
        std::vector<std::string>{"set", "port=80", "wrokers=8"},
        std::vector<std::string>{"set", "port=80", "port=81"},
        std::vector<std::string>{"set", "port=80", "bind=localhost"}}) {
    RunResult r = run(args);
    EXPECT_EQ(r.status, 2) << args.back();
    EXPECT_EQ(tree_.param("port"), "8081") << args.back();
  }
  RunResult r = run({"set", "workers=0", "port=x"});
  EXPECT_EQ(r.err,
            "khttpd-admin: invalid value for workers: '0' (expected an integer from 1 to 512)\n"
            "khttpd-admin: invalid value for port: 'x' (expected an integer from 1 to 65535)\n");
}

TEST_F(CliTest, SetNotLoaded) {
  RunResult r = run({"set", "port=80"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "khttpd-admin: khttpd is not loaded\n");
}

TEST_F(CliTest, SetRollsBackAfterKernelRefusal) {
  tree_.load_module();
  refuse_writes("workers");
  config("# c\n");
  // Given out of order: applied in the header's, so port goes first.
  RunResult r = run({"set", "--persist", "backlog=5", "workers=8", "port=80"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "khttpd-admin: cannot set workers=8: No space left on device\n"
            "khttpd-admin: rolled back: backlog=1024 port=8081\n"
            "khttpd-admin: nothing changed: the previous configuration is in force\n");
  EXPECT_EQ(tree_.param("port"), "8081");
  EXPECT_EQ(tree_.param("backlog"), "1024");
  EXPECT_EQ(tree_.read("etc/khttpd/khttpd.conf"), "# c\n");  // not persisted
}

TEST_F(CliTest, SetFirstPairRefusedChangesNothing) {
  tree_.load_module();
  refuse_writes("port");
  RunResult r = run({"set", "workers=8", "port=80"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "khttpd-admin: cannot set port=80: No space left on device\n"
            "khttpd-admin: nothing changed: the previous configuration is in force\n");
  EXPECT_EQ(tree_.param("workers"), "64");
}

TEST_F(CliTest, SetRefusesKeysTheModuleLacks) {
  tree_.load_module({{"file_cache_bytes", FakeTree::kAbsent}});
  RunResult r = run({"set", "workers=2", "file_cache_bytes=1M"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err,
            "khttpd-admin: file_cache_bytes is not supported by the loaded khttpd module\n"
            "khttpd-admin: nothing changed: the previous configuration is in force\n");
  EXPECT_EQ(tree_.param("workers"), "64");
}

TEST_F(CliTest, SetUnknownKeyListsTheKeys) {
  tree_.load_module();
  RunResult r = run({"set", "nosuch=1"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "khttpd-admin: unknown key 'nosuch' in 'nosuch=1' (keys: " + key_names() + ")\n");
  EXPECT_TRUE(contains(r.err, "port, bind, backlog")) << r.err;
}

TEST_F(CliTest, SetDocrootOthersCannotSearchSaysSo) {
  tree_.load_module();
  tree_.write("srv/private/index.html", "x");
  chmod(tree_.path("srv/private").c_str(), 0750);
  refuse_writes("docroot");  // the module's refusal; the words come from the directory
  RunResult r = run({"set", "docroot=/srv/private"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err,
                       "khttpd-admin: cannot set docroot=/srv/private: docroot /srv/private is "
                       "not searchable by others (mode 0750); khttpd reads files as others: "
                       "chmod o+x /srv/private\n"))
      << r.err;
  EXPECT_FALSE(contains(r.err, "run as root"));

  r = run({"set", "docroot=/srv/missing"});
  EXPECT_TRUE(contains(r.err, "docroot /srv/missing does not exist")) << r.err;
}

TEST_F(CliTest, SetPersistKeepsComments) {
  tree_.load_module();
  config("# khttpd configuration\n\n# Port, 1..65535\nport = 8081\n\n# workers = 64\n");
  RunResult r = run({"set", "--persist", "port=80", "workers=16"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(
      tree_.read("etc/khttpd/khttpd.conf"),
      "# khttpd configuration\n\n# Port, 1..65535\nport = 80\n\n# workers = 64\nworkers = 16\n");
  EXPECT_EQ(tree_.param("workers"), "16");
  EXPECT_EQ(run({"show", "-H", "port,workers"}).out, "port\t80\tconfig\nworkers\t16\tconfig\n");
}

TEST_F(CliTest, SetPersistWhileNotLoadedOnlyWritesTheFile) {
  RunResult r = run({"set", "--persist", "workers=16"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(contains(r.err, "applies at the next load")) << r.err;
  EXPECT_EQ(tree_.read("etc/khttpd/khttpd.conf"), "workers = 16\n");
}

TEST_F(CliTest, SetPersistRefusesBrokenConfig) {
  tree_.load_module();
  config("port = eighty\n");
  RunResult r = run({"set", "--persist", "workers=16"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "khttpd.conf:1: invalid value for port")) << r.err;
  EXPECT_EQ(tree_.param("workers"), "64");
  EXPECT_EQ(tree_.read("etc/khttpd/khttpd.conf"), "port = eighty\n");
}

const char kStats[] =
    "uptime_ms 61000\nconnections_now 2\nrequests_get 10\nbytes_out 2048\nfuture 1\n";

TEST_F(CliTest, StatsSummaryAndJson) {
  tree_.load_module();
  tree_.write("proc/khttpd", kStats);
  RunResult r = run({"stats"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "uptime        1m 1s\n"
            "connections   2 open\n"
            "requests      10 total, GET 10\n"
            "bytes         2K out\n");
  json doc = json::parse(run({"stats", "--json"}).out);
  EXPECT_EQ(doc["future"], 1);
  EXPECT_EQ(doc.size(), 5u);
}

TEST_F(CliTest, StatsNotLoaded) {
  RunResult r = run({"stats"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "khttpd-admin: khttpd is not loaded\n");
}

TEST_F(CliTest, StatsWatchCount) {
  tree_.load_module();
  tree_.write("proc/khttpd", kStats);
  RunResult r = run({"stats", "--watch", "0.05", "--count", "2"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "    conns   conn/s    req/s    4xx/s    5xx/s     in/s    out/s    err/s\n"
            "        2        -      0.2        -        -        -       34        -\n"
            "        2        -      0.0        -        -        -        0        -\n");

  r = run({"stats", "--json", "--watch", "0.05", "--count", "2"});
  EXPECT_EQ(r.status, 0) << r.err;
  size_t nl = r.out.find('\n');
  json first = json::parse(r.out.substr(0, nl));
  json second = json::parse(r.out.substr(nl + 1));
  EXPECT_EQ(first["interval_s"], 61.0);
  EXPECT_EQ(second["stats"]["future"], 1);
  EXPECT_EQ(second["rates"]["requests_per_s"], 0.0);
}

TEST_F(CliTest, StatsWatchStopsCleanlyOnSigint) {
  tree_.load_module();
  tree_.write("proc/khttpd", kStats);
  std::string out = tree_.path("watch.out");
  pid_t pid = spawn_admin(tree_.root(), {"stats", "--watch", "0.02"}, out);
  // Wait for a few samples, so the signal lands while it watches.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto lines = [&] {
    std::string text = tree_.read("watch.out");
    return std::count(text.begin(), text.end(), '\n');
  };
  while (lines() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_GE(lines(), 3);
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int wstatus;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 0);
}

TEST_F(CliTest, StatusLoaded) {
  TcpSocket v6(AF_INET6, true);
  const std::string port = std::to_string(v6.port());
  tree_.load_module({{"port", port}});
  tree_.write("proc/khttpd", kStats);
  RunResult r = run({"status"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out,
            "khttpd is loaded\n"
            "  address:     *:" +
                port +
                "\n"
                "  listening:   [::1]:" +
                port +
                "\n"
                "  connections: 2\n"
                "  uptime:      1m 1s\n");

  r = run({"status", "--json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(r.out), json({{"loaded", true},
                                      {"address", "*:" + port},
                                      {"listening", {"[::1]:" + port}},
                                      {"connections", 2},
                                      {"uptime_ms", 61000}}));

  TcpSocket bound(AF_INET6, false);
  tree_.load_module({{"port", std::to_string(bound.port())}});
  EXPECT_TRUE(contains(run({"status"}).out,
                       "listening:   no listening socket on port " + std::to_string(bound.port())));
  EXPECT_EQ(json::parse(run({"status", "--json"}).out)["listening"], json::array());
}

TEST_F(CliTest, StatusNotLoadedExitsThree) {
  RunResult r = run({"status"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "khttpd is not loaded\n");
  r = run({"status", "--json"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(json::parse(r.out), json({{"loaded", false}}));
}

TEST_F(CliTest, LoadRunsModprobeWithConfiguredValues) {
  config("docroot = /srv/my site\n# workers = 64\nport=80\nbind = \"\"\n");
  RunResult r = run({"load"}, {modprobe_env()});
  EXPECT_EQ(r.status, 0) << r.err;
  // Table order, one argument per value, spaces and all: no shell involved.
  EXPECT_EQ(tree_.read("modprobe.log"), "khttpd\nport=80\nbind=\ndocroot=/srv/my site\n--\n");
}

TEST_F(CliTest, LoadWithoutConfigFileUsesDefaults) {
  RunResult r = run({"load"}, {modprobe_env()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(tree_.read("modprobe.log"), "khttpd\n--\n");
}

TEST_F(CliTest, LoadRefusesInvalidConfig) {
  config("port = 80\nworkers = 0\n");
  RunResult r = run({"load"}, {modprobe_env()});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(
      contains(r.err, tree_.path("etc/khttpd/khttpd.conf") + ":2: invalid value for workers"))
      << r.err;
  EXPECT_FALSE(tree_.exists("modprobe.log"));
}

TEST_F(CliTest, LoadReportsModprobeFailure) {
  RunResult r = run({"load"}, {modprobe_env(1)});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "khttpd failed with exit status 1")) << r.err;
  r = run({"load"}, {"KHTTPD_MODPROBE=" + tree_.path("missing")});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "cannot run " + tree_.path("missing"))) << r.err;
}

TEST_F(CliTest, LoadWhenLoadedAppliesConfig) {
  tree_.load_module();
  config("workers = 8\n");
  RunResult r = run({"load"}, {modprobe_env()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "workers: 64 -> 8\n");
  EXPECT_EQ(tree_.param("workers"), "8");
  EXPECT_FALSE(tree_.exists("modprobe.log"));
}

TEST_F(CliTest, Unload) {
  RunResult r = run({"unload"}, {modprobe_env()});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "khttpd is not loaded\n");
  EXPECT_FALSE(tree_.exists("modprobe.log"));

  tree_.load_module();
  r = run({"unload"}, {modprobe_env()});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(tree_.read("modprobe.log"), "-r\nkhttpd\n--\n");
  EXPECT_EQ(run({"unload"}, {modprobe_env(1)}).status, 1);
}

TEST_F(CliTest, ReloadWritesOnlyWhatDiffers) {
  tree_.load_module({{"port", "80"}, {"workers", "8"}, {"fib_cache_bytes", "1024"}});
  config("port = 80\nfib_cache_bytes = 128M\n");
  RunResult r = run({"reload"});
  EXPECT_EQ(r.status, 0) << r.err;
  // workers was changed at run time: back to its default, as after a restart.
  EXPECT_EQ(r.out, "workers: 8 -> 64\nfib_cache_bytes: 1K -> 128M\n");
  EXPECT_EQ(tree_.param("workers"), "64");
  EXPECT_EQ(tree_.param("fib_cache_bytes"), "134217728");
  EXPECT_EQ(run({"reload"}).out, "");  // nothing left to change
}

TEST_F(CliTest, ReloadRefusesInvalidConfig) {
  tree_.load_module({{"workers", "8"}});
  config("workers = 4\nbogus = 1\n");
  RunResult r = run({"reload"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "khttpd.conf:2: unknown key 'bogus'")) << r.err;
  EXPECT_EQ(tree_.param("workers"), "8");
}

TEST_F(CliTest, ReloadNotLoaded) {
  RunResult r = run({"reload"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "khttpd-admin: khttpd is not loaded\n");
}

TEST_F(CliTest, ReloadReportsKernelRefusal) {
  tree_.load_module();
  refuse_writes("workers");
  config("workers = 8\n");
  RunResult r = run({"reload"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "cannot set workers=8")) << r.err;
}

TEST_F(CliTest, ReloadFailingMidwayLeavesThePreviousConfiguration) {
  tree_.load_module({{"workers", "8"}});
  refuse_writes("max_connections");
  config("port = 9000\nbacklog = 7\nmax_connections = 10\nfile_cache_bytes = 1M\n");
  RunResult r = run({"reload"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");  // no "key: old -> new" for what did not stay
  EXPECT_EQ(r.err,
            "khttpd-admin: cannot set max_connections=10: No space left on device\n"
            "khttpd-admin: rolled back: workers=8 backlog=1024 port=8081\n"
            "khttpd-admin: nothing changed: the previous configuration is in force\n");
  EXPECT_EQ(tree_.param("port"), "8081");
  EXPECT_EQ(tree_.param("backlog"), "1024");
  EXPECT_EQ(tree_.param("workers"), "8");
  EXPECT_EQ(tree_.param("file_cache_bytes"), "33554432");  // after the refusal: not written
}

// Every usage error starts with "khttpd-admin:" and says what is allowed.
TEST_F(CliTest, UsageErrorsSayWhatIsAllowed) {
  const std::string subcommands =
      "show, set, stats, check, load, unload, reload, status, metrics, log";
  struct Case {
    std::vector<std::string> args;
    std::string err;
  } cases[] = {
      {{},
       "khttpd-admin: a subcommand is required: one of " + subcommands +
           " (see khttpd-admin --help)\n"},
      {{"frob"},
       "khttpd-admin: unknown subcommand 'frob': use one of " + subcommands +
           " (see khttpd-admin --help)\n"},
      {{"show", "--bogus"},
       "khttpd-admin: show: unknown option '--bogus' (options: -H, -p, --json) "
       "(see khttpd-admin show --help)\n"},
      {{"status", "extra"},
       "khttpd-admin: status: unexpected argument 'extra' (see khttpd-admin status --help)\n"},
      {{"show", "-H", "--json"},
       "khttpd-admin: show: -H excludes --json: use one or the other "
       "(see khttpd-admin show --help)\n"},
      {{"set"},
       "khttpd-admin: set: at least one KEY=VALUE is required; keys: " + key_names() + "\n"},
      {{"stats", "--watch", "0"},
       "khttpd-admin: stats: --watch: expected a number of seconds above 0 and at most 86400 "
       "(like 2 or 0.5), got '0' (see khttpd-admin stats --help)\n"},
      {{"stats", "--watch", "soon"},
       "khttpd-admin: stats: --watch: expected a number of seconds above 0 and at most 86400 "
       "(like 2 or 0.5), got 'soon' (see khttpd-admin stats --help)\n"},
      {{"stats", "--count", "0"},
       "khttpd-admin: stats: --count: expected an integer from 1 to 4294967295, got '0' "
       "(see khttpd-admin stats --help)\n"},
      {{"check", "a", "b"},
       "khttpd-admin: check: unexpected argument 'b' (see khttpd-admin check --help)\n"},
  };
  for (const Case& c : cases) {
    RunResult r = run(c.args);
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    EXPECT_EQ(r.status, 2) << joined;
    EXPECT_EQ(r.err, c.err) << joined;
    EXPECT_EQ(r.out, "") << joined;
  }
}

TEST_F(CliTest, VersionNamesLoadedAndInstalledModules) {
  struct utsname uts;
  ASSERT_EQ(uname(&uts), 0);
  const std::string release = uts.release;
  for (const char* flag : {"--version", "-V"}) {
    RunResult r = run({flag});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "khttpd-admin " KHTTPD_ADMIN_VERSION
                     "\n"
                     "loaded module:    none (khttpd is not loaded)\n"
                     "installed (DKMS): none (no " +
                         tree_.path("var/lib/dkms/khttpd") + "; see dkms status)\n");
  }

  tree_.load_module();
  tree_.write("sys/module/khttpd/version", "0.1.0\n");
  tree_.write("sys/module/khttpd/srcversion", "AAAA1111\n");
  const std::string built = "var/lib/dkms/khttpd/0.2.0/" + release + "/x86_64/module/khttpd.ko";
  const char ko[] =
      "\x7f"
      "ELF\0version=0.2.0\0srcversion=BBBB2222\0";
  tree_.write(built, std::string(ko, sizeof(ko)));
  ASSERT_EQ(symlink(("0.2.0/" + release + "/x86_64").c_str(),
                    tree_.path("var/lib/dkms/khttpd/kernel-" + release + "-x86_64").c_str()),
            0);
  RunResult r = run({"--version"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "khttpd-admin " KHTTPD_ADMIN_VERSION
                   "\n"
                   "loaded module:    khttpd 0.1.0, srcversion AAAA1111\n"
                   "installed (DKMS): khttpd 0.2.0 for " +
                       release +
                       ", srcversion BBBB2222\n"
                       "the loaded module is not the installed one: systemctl restart khttpd loads "
                       "the installed one\n");

  tree_.write("sys/module/khttpd/srcversion", "BBBB2222\n");
  EXPECT_TRUE(contains(run({"-V"}).out, "the loaded module is the installed one\n"));
}

// check: the file, the docroot, the port; nothing written, no module needed.
TEST_F(CliTest, CheckGoodFile) {
  tree_.write("srv/www/index.html", "x");
  chmod(tree_.path("srv/www").c_str(), 0755);
  TcpSocket free_port(AF_INET, false);  // bound, not listening: free to listen on
  config("port = " + std::to_string(free_port.port()) + "\ndocroot = /srv/www\n");
  const std::string before = tree_.read("etc/khttpd/khttpd.conf");
  RunResult r = run({"check"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, tree_.path("etc/khttpd/khttpd.conf") + ": ok\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(tree_.read("etc/khttpd/khttpd.conf"), before);
  EXPECT_FALSE(tree_.exists("sys"));

  // Another file, named: the same checks.
  tree_.write("other.conf", "docroot = /srv/www\nport = " + std::to_string(free_port.port()));
  r = run({"check", tree_.path("other.conf")});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, tree_.path("other.conf") + ": ok\n");
}

TEST_F(CliTest, CheckBadFileReportsEveryProblem) {
  tree_.write("srv/private/index.html", "x");
  chmod(tree_.path("srv/private").c_str(), 0700);
  TcpSocket taken(AF_INET, true);
  const std::string port = std::to_string(taken.port());
  config("port = " + port + "\nworkers = 0\nnosuch = 1\ndocroot = /srv/private\n");
  RunResult r = run({"check"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  const std::string file = tree_.path("etc/khttpd/khttpd.conf");
  EXPECT_EQ(r.err,
            "khttpd-admin: " + file +
                ":2: invalid value for workers: '0' (expected an integer from 1 to 512)\n"
                "khttpd-admin: " +
                file +
                ":3: unknown key 'nosuch'\n"
                "khttpd-admin: docroot /srv/private is not searchable by others (mode 0700); "
                "khttpd reads files as others: chmod o+x /srv/private\n"
                "khttpd-admin: *:" +
                port + " is already in use (listening: 127.0.0.1:" + port +
                "); stop that server or choose another port\n"
                "khttpd-admin: " +
                file + ": check failed\n");

  config("docroot = /srv/none\n");
  EXPECT_TRUE(contains(run({"check"}).err, "docroot /srv/none does not exist"));
  r = run({"check", tree_.path("missing.conf")});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "khttpd-admin: cannot read " + tree_.path("missing.conf") +
                       ": No such file or directory\n");
}

TEST_F(CliTest, CheckAcceptsThePortTheLoadedModuleHas) {
  TcpSocket ours(AF_INET, true);  // stands in for the module's listener
  const std::string port = std::to_string(ours.port());
  tree_.write("srv/www/index.html", "x");
  chmod(tree_.path("srv/www").c_str(), 0711);
  tree_.load_module({{"port", port}});
  config("port = " + port + "\ndocroot = /srv/www\n");
  RunResult r = run({"check"});
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST_F(CliTest, LoadExplainsAMissingModule) {
  struct utsname uts;
  ASSERT_EQ(uname(&uts), 0);
  const std::string release = uts.release;
  RunResult r = run({"load"}, {modprobe_env(1)});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "khttpd-admin: there is no khttpd module for kernel " + release +
                                  ": its headers are missing, so DKMS could not build it; "
                                  "install linux-headers-" +
                                  release))
      << r.err;

  tree_.write("lib/modules/" + release + "/build/Makefile", "");
  r = run({"load"}, {modprobe_env(1)});
  EXPECT_TRUE(contains(r.err, "khttpd-admin: there is no khttpd module for kernel " + release +
                                  ": DKMS has not built it; see dkms status khttpd"))
      << r.err;
}

TEST_F(CliTest, LoadExplainsAPortInUse) {
  struct utsname uts;
  ASSERT_EQ(uname(&uts), 0);
  tree_.write(std::string("lib/modules/") + uts.release + "/modules.dep",
              "updates/dkms/khttpd.ko:\n");
  TcpSocket taken(AF_INET6, true);
  const std::string port = std::to_string(taken.port());
  config("port = " + port + "\n");
  RunResult r = run({"load"}, {modprobe_env(1)});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(contains(r.err, "khttpd-admin: port " + port +
                                  " is already in use (listening: [::1]:" + port +
                                  "); stop that server or set another port in " +
                                  tree_.path("etc/khttpd/khttpd.conf") + "\n"))
      << r.err;
}

TEST_F(CliTest, ListKeysForCompletion) {
  RunResult r = run({"--list-keys"});
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(contains(r.out, "port\nbind\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "\nplacement local spread unbound balance\n")) << r.out;
  EXPECT_EQ(static_cast<size_t>(std::count(r.out.begin(), r.out.end(), '\n')), all_keys().size());
}

}  // namespace
}  // namespace khttpd::admin::testing
