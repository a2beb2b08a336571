// khttpd-logd: the access log daemon. Reads the records of finished
// requests from /dev/khttpd-log (uapi/khttpd_log.h) and appends them to
// /var/log/khttpd/access.log in nginx's "combined" format, or as JSON
// lines (--format json). Sets the module's log tunable to 1 when it starts
// and leaves it so: while no daemon reads, the module's rings fill and
// the records beyond are counted in log_dropped (`khttpd-admin set log=0`
// stops making them). SIGUSR1 reopens the file (logrotate); SIGHUP also
// sets log=1 again (after a reload of khttpd.service);
// SIGTERM or SIGINT writes what the rings still hold and exits 0.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "logfmt.h"
#include "params.h"
#include "paths.h"

using namespace khttpd::admin;

namespace {

constexpr size_t kBatch = 64;  // records per read(2)

void error(const std::string& message) { std::cerr << "khttpd-logd: " << message << "\n"; }

struct Output {
  std::string path;
  int fd = -1;

  bool open() {
    int nfd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (nfd < 0) {
      error("cannot open " + path + ": " + std::strerror(errno));
      return false;
    }
    if (fd >= 0) close(fd);
    fd = nfd;
    return true;
  }

  // One write(2) per batch; O_APPEND keeps lines whole. False if lost.
  bool write_all(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
};

// Reads every waiting record and writes their lines. Returns false when a
// record of another layout came (a module of another version).
bool drain(int dev, Output& out, LogFormat format, unsigned long* lost) {
  std::vector<khttpd_log_record> recs(kBatch);
  for (;;) {
    ssize_t n = read(dev, recs.data(), recs.size() * sizeof(khttpd_log_record));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // EAGAIN: nothing more now
    std::string text;
    size_t count = static_cast<size_t>(n) / sizeof(khttpd_log_record);
    for (size_t i = 0; i < count; i++) {
      if (std::string bad = check_log_record(recs[i]); !bad.empty()) {
        error(KHTTPD_LOG_DEVICE ": " + bad + " (khttpd-logd and the module differ in version)");
        return false;
      }
      text += format_log_line(recs[i], format);
      text += '\n';
    }
    if (!out.write_all(text)) {
      if (*lost == 0) error("cannot write " + out.path + ": " + std::strerror(errno));
      *lost += count;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Write khttpd's access log from /dev/khttpd-log.", "khttpd-logd"};
  app.footer("See khttpd-logd(8).");
  std::string root;
  app.add_option("--root", root)->group("");  // tests: a fake /sys, /dev
  Paths paths{root};
  std::string output = "/var/log/khttpd/access.log";
  app.add_option("-o,--output", output, "The log file (appended to)")->capture_default_str();
  std::string format_name = "combined";
  app.add_option("--format", format_name, "Line format")
      ->check(CLI::IsMember({"combined", "json"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  paths.root = root;
  LogFormat format = format_name == "json" ? LogFormat::kJson : LogFormat::kCombined;

  sigset_t sigs;
  sigemptyset(&sigs);
  for (int s : {SIGUSR1, SIGHUP, SIGTERM, SIGINT}) sigaddset(&sigs, s);
  sigprocmask(SIG_BLOCK, &sigs, nullptr);
  int sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);

  const std::string device = paths.log_device();
  int dev = open(device.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (dev < 0) {
    int err = errno;
    if (err == EBUSY)
      error(device + " is open by another reader (is khttpd-logd already running?)");
    else if (err == ENOENT)
      error(device + " is missing: khttpd is not loaded (systemctl start khttpd)");
    else
      error("cannot open " + device + ": " + std::strerror(err));
    return 1;
  }
  Output out{output};
  if (sfd < 0 || !out.open()) return 1;
  if (WriteResult w = write_param(paths, "log", "1"); w.err) {
    error("cannot set the log tunable: " + std::string(std::strerror(w.err)));
    return 1;
  }

  unsigned long lost = 0;
  for (;;) {
    struct pollfd fds[2] = {{dev, POLLIN, 0}, {sfd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) {
      error(std::string("poll: ") + std::strerror(errno));
      return 1;
    }
    if (!drain(dev, out, format, &lost)) return 1;
    struct signalfd_siginfo si;
    while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
      if (si.ssi_signo == SIGUSR1 || si.ssi_signo == SIGHUP) {
        out.open();  // on failure the old file goes on
        // SIGHUP: after `systemctl reload khttpd` wrote the configuration's
        // value (logrotate's SIGUSR1 leaves an administrator's log=0 alone)
        if (si.ssi_signo == SIGHUP) {
          if (WriteResult w = write_param(paths, "log", "1"); w.err)
            error("cannot set the log tunable: " + std::string(std::strerror(w.err)));
        }
      } else {
        bool ok = drain(dev, out, format, &lost);
        if (lost) error(std::to_string(lost) + " lines could not be written");
        return ok ? 0 : 1;
      }
    }
  }
}
