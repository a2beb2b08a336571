// The bash completion script as bash-completion runs it: sourced after
// /usr/share/bash-completion/bash_completion, called with COMP_WORDS split
// where bash splits them (at =), asking the built khttpd-admin for keys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

std::string quote(const std::string& word) { return "'" + word + "'"; }

// The completions for line, whose words (as bash breaks them) are words.
std::string complete(const std::string& line, const std::vector<std::string>& words) {
  std::string bin = KHTTPD_ADMIN_BIN;
  std::string script = ". /usr/share/bash-completion/bash_completion && . " KHTTPD_SOURCE_DIR
                       "/tools/khttpd-admin/khttpd-admin.bash-completion && PATH=" +
                       bin.substr(0, bin.rfind('/')) +
                       ":$PATH && compopt() { :; } && COMP_LINE=" + quote(line) +
                       " && COMP_POINT=${#COMP_LINE} && COMP_WORDS=(";
  for (const auto& w : words) script += quote(w) + " ";
  script +=
      ") && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && COMPREPLY=() && _khttpd_admin;"
      " echo \"${COMPREPLY[*]}\"\n";
  char path[] = "/tmp/khttpd-admin-completion.XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, script.data(), script.size()), static_cast<ssize_t>(script.size()));
  close(fd);
  FILE* p = popen(("bash " + std::string(path) + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  pclose(p);
  unlink(path);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(CompletionTest, Subcommands) {
  EXPECT_EQ(complete("khttpd-admin ", {"khttpd-admin", ""}),
            "show set stats check load unload reload status metrics log --help --version -V");
  EXPECT_EQ(complete("khttpd-admin re", {"khttpd-admin", "re"}), "reload");
}

TEST(CompletionTest, KeysAndTheirChoices) {
  EXPECT_EQ(complete("khttpd-admin show wo", {"khttpd-admin", "show", "wo"}), "workers");
  EXPECT_EQ(complete("khttpd-admin set pl", {"khttpd-admin", "set", "pl"}), "placement=");
  EXPECT_EQ(complete("khttpd-admin set port=80 fib_ca",
                     {"khttpd-admin", "set", "port", "=", "80", "fib_ca"}),
            "fib_cache_bytes=");
  EXPECT_EQ(complete("khttpd-admin set placement=", {"khttpd-admin", "set", "placement", "=", ""}),
            "local spread unbound balance");
  EXPECT_EQ(
      complete("khttpd-admin set placement=sp", {"khttpd-admin", "set", "placement", "=", "sp"}),
      "spread");
  EXPECT_EQ(
      complete("khttpd-admin set docroot=/pro", {"khttpd-admin", "set", "docroot", "=", "/pro"}),
      "/proc");
}

TEST(CompletionTest, Options) {
  EXPECT_EQ(complete("khttpd-admin status --", {"khttpd-admin", "status", "--"}), "--json --help");
  EXPECT_EQ(complete("khttpd-admin stats --w", {"khttpd-admin", "stats", "--w"}), "--watch");
}

}  // namespace
