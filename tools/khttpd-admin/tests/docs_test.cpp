// The tunables are listed once, in module/include/uapi/khttpd.h. These tests
// fail when khttpd-admin's keys, the man page, README.md's table,
// docs/admin.md's table or etc/khttpd.conf say something else about their
// names, ranges or defaults.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "keys.h"
#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

// One tunable as the header has it, independently of keys.cpp.
struct Tunable {
  std::string name;
  std::string type;
  uint64_t min, max;
};

const std::vector<Tunable>& header_tunables() {
  static const std::vector<Tunable> list = {
#define KHTTPD_ROW_(name, type, min, max, def, meaning) \
  {#name, #type, static_cast<uint64_t>(min), static_cast<uint64_t>(max)},
#define KHTTPD_TUNABLE(name) KHTTPD_TUNABLE_##name(KHTTPD_ROW_)
#include "uapi/khttpd.h"
#undef KHTTPD_ROW_
  };
  return list;
}

std::string read_file(const std::string& rel) {
  std::ifstream in(std::string(KHTTPD_SOURCE_DIR) + "/" + rel);
  EXPECT_TRUE(in.good()) << rel;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string trim(std::string s) {
  std::string out;
  for (char c : s)
    if (c != '`') out += c;
  size_t b = out.find_first_not_of(" \t"), e = out.find_last_not_of(" \t");
  return b == std::string::npos ? "" : out.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at; (at = s.find(sep, start)) != std::string::npos; start = at + sep.size())
    parts.push_back(s.substr(start, at - start));
  parts.push_back(s.substr(start));
  return parts;
}

// "65535", "2^34", "16G", "16 GiB", "64M", "64 MiB": the number, or nullopt.
std::optional<uint64_t> number(std::string text) {
  text = trim(text);
  if (size_t caret = text.find('^'); caret != std::string::npos) {
    auto base = parse_decimal(text.substr(0, caret));
    auto exp = parse_decimal(text.substr(caret + 1));
    if (!base || !exp || *base != 2 || *exp > 63) return std::nullopt;
    return uint64_t{1} << *exp;
  }
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) digits++;
  auto n = parse_decimal(text.substr(0, digits));
  if (!n) return std::nullopt;
  static const std::map<std::string, int> kShift = {{"", 0},     {"K", 10},   {"KiB", 10},
                                                    {"M", 20},   {"MiB", 20}, {"G", 30},
                                                    {"GiB", 30}, {"T", 40},   {"TiB", 40}};
  auto shift = kShift.find(trim(text.substr(digits)));
  if (shift == kShift.end()) return std::nullopt;
  return *n << shift->second;
}

// A documented row: the name and its range and default cells.
struct Row {
  std::string range;
  std::string default_value;
};

// Checks one document's rows against the header and the CLI's keys.
void expect_rows_agree(const std::string& doc, const std::map<std::string, Row>& rows) {
  for (const Tunable& t : header_tunables())
    EXPECT_EQ(rows.count(t.name), 1u) << doc << " does not list " << t.name;
  for (const auto& [name, row] : rows) {
    SCOPED_TRACE(doc + ": " + name);
    const Key* key = find_key(name);
    if (!key) {
      ADD_FAILURE() << doc << " lists " << name << ", which uapi/khttpd.h does not";
      continue;
    }
    switch (key->type) {
      case KeyType::kUint:
      case KeyType::kBytes: {
        EXPECT_EQ(number(row.default_value), parse_decimal(key->default_value))
            << "default '" << row.default_value << "'";
        std::string range = split(row.range, ",")[0];
        std::vector<std::string> ends;
        for (const char* sep : {"..", " to ", "-"}) {
          ends = split(range, sep);
          if (ends.size() == 2) break;
        }
        ASSERT_EQ(ends.size(), 2u) << "range '" << row.range << "'";
        EXPECT_EQ(number(ends[0]), key->min) << "range '" << row.range << "'";
        EXPECT_EQ(number(ends[1]), key->max) << "range '" << row.range << "'";
        break;
      }
      case KeyType::kChoice: {
        EXPECT_EQ(trim(row.default_value), key->default_value);
        std::string words = trim(row.range);
        for (size_t at; (at = words.find(" or ")) != std::string::npos;) words.replace(at, 4, ", ");
        std::string listed;
        for (const std::string& w : split(words, ", ")) listed += (listed.empty() ? "" : "|") + w;
        EXPECT_EQ(listed, key->choices) << "range '" << row.range << "'";
        break;
      }
      case KeyType::kAddress:
      case KeyType::kPath: {
        std::string def = trim(row.default_value);
        EXPECT_EQ(def == "empty" ? "" : def, key->default_value);
        if (key->type == KeyType::kPath) {
          // a length the document gives is the header's
          std::string digits;
          for (char c : row.range + " ")
            if (std::isdigit(static_cast<unsigned char>(c))) {
              digits += c;
            } else if (!digits.empty()) {
              EXPECT_EQ(parse_decimal(digits), key->max) << "range '" << row.range << "'";
              digits.clear();
            }
        }
        break;
      }
    }
  }
}

// Markdown rows "| `name` | a | b | ..." after the line starting with heading.
std::map<std::string, std::vector<std::string>> markdown_table(const std::string& text,
                                                               const std::string& heading) {
  std::map<std::string, std::vector<std::string>> rows;
  bool in_section = false;
  for (const std::string& line : lines_of(text)) {
    if (line.rfind(heading, 0) == 0) {
      in_section = true;
      continue;
    }
    if (!in_section) continue;
    if (line.rfind("| `", 0) != 0) {
      if (!rows.empty()) break;  // the end of the table
      continue;
    }
    std::vector<std::string> cells = split(line, " | ");
    cells[0] = trim(cells[0].substr(1));
    rows[cells[0]] = cells;
  }
  return rows;
}

TEST(DocsTest, CliKeysAreTheHeaderList) {
  const std::vector<Tunable>& list = header_tunables();
  ASSERT_EQ(all_keys().size(), list.size());
  for (size_t i = 0; i < list.size(); i++) {
    const Key& key = all_keys()[i];
    SCOPED_TRACE(list[i].name);
    EXPECT_EQ(key.name, list[i].name);
    if (key.type == KeyType::kUint || key.type == KeyType::kBytes) {
      EXPECT_EQ(key.min, list[i].min);
      EXPECT_EQ(key.max, list[i].max);
    }
    EXPECT_TRUE(check_value(key, key.default_value).ok()) << key.default_value;
  }
  EXPECT_EQ(find_key("placement")->choices, "local|spread|unbound|balance");
  EXPECT_EQ(find_key("docroot")->max, 255u);
}

TEST(DocsTest, ReadmeTunablesTable) {
  std::map<std::string, Row> rows;
  for (const auto& [name, cells] : markdown_table(read_file("README.md"), "## Tunables")) {
    ASSERT_GE(cells.size(), 4u) << name;
    rows[name] = {cells[2], cells[1]};  // | name | default | range | meaning |
  }
  expect_rows_agree("README.md", rows);
}

TEST(DocsTest, AdminMdKeysTable) {
  std::map<std::string, Row> rows;
  for (const auto& [name, cells] :
       markdown_table(read_file("docs/admin.md"), "| Key | Range | Default |")) {
    ASSERT_GE(cells.size(), 3u) << name;
    std::string def = cells[2];
    if (!def.empty() && def.back() == '|') def.pop_back();
    rows[name] = {cells[1], def};  // | name | range | default |
  }
  expect_rows_agree("docs/admin.md", rows);
}

TEST(DocsTest, ManPageTunablesTable) {
  std::map<std::string, Row> rows;
  bool in_table = false;
  for (const std::string& line : lines_of(read_file("tools/khttpd-admin/khttpd-admin.8"))) {
    if (line == "Key;Range;Default") {
      in_table = true;
    } else if (line == ".TE") {
      in_table = false;
    } else if (in_table) {
      std::vector<std::string> cells = split(line, ";");
      ASSERT_EQ(cells.size(), 3u) << line;
      rows[cells[0]] = {cells[1], cells[2]};
    }
  }
  expect_rows_agree("khttpd-admin.8", rows);
}

TEST(DocsTest, ConfigFileDefaults) {
  // "#key = default" (or "key = value" for what it sets)
  std::map<std::string, std::string> values;
  for (std::string line : lines_of(read_file("etc/khttpd.conf"))) {
    if (!line.empty() && line[0] == '#') line.erase(0, 1);
    size_t eq = line.find(" = ");
    if (eq == std::string::npos || line.find(' ') != eq) continue;
    std::string value = line.substr(eq + 3);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    values[line.substr(0, eq)] = value;
  }
  for (const Key& key : all_keys()) {
    SCOPED_TRACE(key.name);
    ASSERT_EQ(values.count(key.name), 1u) << "etc/khttpd.conf does not show " << key.name;
    if (key.type == KeyType::kBytes)
      EXPECT_EQ(number(values[key.name]), parse_decimal(key.default_value));
    else
      EXPECT_EQ(values[key.name], key.default_value);
  }
}

}  // namespace
}  // namespace khttpd::admin
