// The manual pages as an administrator reads them: rendered by groff with
// every warning on and by man(1) in 80 columns, and, for the two generated
// from module/include/uapi/khttpd.h, every tunable with its default.
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "uapi/khttpd.h"

namespace {

struct Output {
  std::string out, err;
  int status;
};

// Runs a shell command line, with stdout and stderr apart.
Output run(const std::string& command) {
  char err_path[] = "/tmp/man_pages_test.XXXXXX";
  int fd = mkstemp(err_path);
  EXPECT_GE(fd, 0);
  close(fd);
  Output result;
  FILE* pipe = popen((command + " 2>" + err_path).c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;)
    result.out.append(buf.data(), n);
  result.status = pclose(pipe);
  std::ifstream err(err_path);
  std::stringstream text;
  text << err.rdbuf();
  result.err = text.str();
  std::remove(err_path);
  return result;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

size_t columns(const std::string& line) {
  size_t n = 0;
  for (unsigned char c : line)
    if ((c & 0xc0) != 0x80) n++;  // UTF-8: count the first byte of each character
  return n;
}

// The page as man(1) shows it in a terminal that is `width` columns wide,
// in plain ASCII.
Output man(const std::string& page, int width) {
  return run("LC_ALL=C MAN_KEEP_FORMATTING= MANWIDTH=" + std::to_string(width) +
             " man --warnings -l '" + page + "'");
}

template <typename T>
std::string value_text(T v) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
    return std::to_string(static_cast<unsigned long long>(v));
  else
    return std::string(v);
}

struct Tunable {
  std::string name, type, def;
  uint64_t min, max;
};

const std::vector<Tunable> kTunables = {
#define KHTTPD_ROW_(name, type, min, max, def, meaning) \
  {#name, #type, value_text(def), static_cast<uint64_t>(min), static_cast<uint64_t>(max)},
#define KHTTPD_TUNABLE(name) KHTTPD_TUNABLE_##name(KHTTPD_ROW_)
#include "uapi/khttpd.h"
#undef KHTTPD_ROW_
};

struct Choice {
  std::string tunable;
  uint64_t id;
  std::string word;
};

const std::vector<Choice> kChoices = {
#define KHTTPD_CHOICE(tunable, id, word) {#tunable, id, word},
#include "uapi/khttpd.h"
};

const std::vector<std::string> kRoutes = {
#define KHTTPD_ROUTE(id, name) name,
#include "uapi/khttpd.h"
};

// The text of the entry `name` (a tagged paragraph indented 7), up to the
// next tag; "" if there is none.
std::string entry(const std::vector<std::string>& lines, const std::string& name) {
  std::string text;
  bool in = false;
  for (const std::string& line : lines) {
    bool tag = line.size() > 7 && line.compare(0, 7, "       ") == 0 && line[7] != ' ';
    if (tag && in) break;
    if (tag && line.compare(7, name.size(), name) == 0 &&
        (line.size() == 7 + name.size() || line[7 + name.size()] == ' '))
      in = true;
    if (in) text += line + " ";
  }
  std::string squeezed;
  for (char c : text)
    if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ')) squeezed += c;
  return squeezed;
}

// What the entry must say of the tunable, from the header alone.
void expect_entry(const std::string& page, const std::vector<std::string>& lines,
                  const Tunable& t) {
  SCOPED_TRACE(page + ": " + t.name);
  std::string text = entry(lines, t.name);
  ASSERT_FALSE(text.empty()) << "no entry for " << t.name;
  size_t def = text.find("Default: ");
  ASSERT_NE(def, std::string::npos) << text;
  std::string after = text.substr(def + 9);
  if (t.type == "CHOICE") {
    std::string word;
    for (const Choice& c : kChoices) {
      if (c.tunable != t.name) continue;
      EXPECT_NE(text.find(c.word), std::string::npos) << c.word << " in: " << text;
      if (std::to_string(c.id) == t.def) word = c.word;
    }
    EXPECT_EQ(after.rfind(word + ".", 0), 0u) << text;
  } else if (t.type == "ADDR" || t.type == "PATH") {
    EXPECT_EQ(after.rfind((t.def.empty() ? "empty" : t.def) + ".", 0), 0u) << text;
  } else if (t.type == "BYTES") {
    EXPECT_NE(after.find("(" + t.def + ")"), std::string::npos) << text;
    EXPECT_NE(text.find("(" + std::to_string(t.max) + ")"), std::string::npos) << text;
  } else {
    EXPECT_EQ(after.rfind(t.def + ".", 0), 0u) << text;
    EXPECT_NE(text.find("from " + std::to_string(t.min) + " to " + std::to_string(t.max)),
              std::string::npos)
        << text;
  }
}

class ManPage : public testing::TestWithParam<const char*> {};

TEST_P(ManPage, RendersWithoutWarnings) {
  Output groff = run(std::string("groff -t -man -Tutf8 -ww -z '") + GetParam() + "'");
  EXPECT_EQ(groff.status, 0);
  EXPECT_EQ(groff.err, "");
  Output shown = man(GetParam(), 80);
  EXPECT_EQ(shown.status, 0);
  EXPECT_EQ(shown.err, "");
  EXPECT_GT(lines_of(shown.out).size(), 20u);
}

TEST_P(ManPage, FitsIn80Columns) {
  Output shown = man(GetParam(), 80);
  for (const std::string& line : lines_of(shown.out))
    EXPECT_LE(columns(line), 80u) << "'" << line << "'";
}

// Named after the page's file: khttpd_conf_5, khttpd_7, khttpd_admin_8.
std::string page_name(const testing::TestParamInfo<const char*>& info) {
  std::string name = info.param;
  name = name.substr(name.rfind('/') + 1);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Pages, ManPage,
                         testing::Values(KHTTPD_MAN_CONF, KHTTPD_MAN_7, KHTTPD_MAN_ADMIN),
                         page_name);

TEST(ManPages, ConfListsEveryKeyWithItsDefault) {
  std::vector<std::string> lines = lines_of(man(KHTTPD_MAN_CONF, 200).out);
  ASSERT_FALSE(kTunables.empty());
  for (const Tunable& t : kTunables) expect_entry("khttpd.conf(5)", lines, t);
}

TEST(ManPages, SevenListsEveryTunableAndRoute) {
  std::string shown = man(KHTTPD_MAN_7, 200).out;
  std::vector<std::string> lines = lines_of(shown);
  std::string squeezed;
  for (char c : shown) {
    if (c == '\n') c = ' ';
    if (c != ' ' || (!squeezed.empty() && squeezed.back() != ' ')) squeezed += c;
  }
  for (const Tunable& t : kTunables) expect_entry("khttpd(7)", lines, t);
  std::string routes;
  for (const std::string& r : kRoutes) routes += (routes.empty() ? "" : ", ") + r;
  EXPECT_NE(squeezed.find("The routes are " + routes + " in this order."), std::string::npos)
      << routes;
}

}  // namespace
