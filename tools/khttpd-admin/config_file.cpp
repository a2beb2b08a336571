#include "config_file.h"

#include <cerrno>
#include <cstring>

#include "file_io.h"
#include "keys.h"

namespace khttpd::admin {
namespace {

constexpr const char* kBlanks = " \t";

std::string_view trim(std::string_view s) {
  size_t start = s.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kBlanks);
  return s.substr(start, end - start + 1);
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return lines;
}

// The key an active line sets, or "" for blank, comment and broken lines.
std::string_view active_key(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() == '#') return {};
  size_t eq = line.find('=');
  return eq == std::string_view::npos ? std::string_view{} : trim(line.substr(0, eq));
}

// The key of a commented-out example line like "#port = 8081".
std::string_view example_key(std::string_view line) {
  line = trim(line);
  if (line.empty() || line.front() != '#') return {};
  line.remove_prefix(1);
  std::string_view key = active_key(line);
  return find_key(key) ? key : std::string_view{};
}

std::string format_line(const std::string& key, const std::string& value) {
  // Quotes keep an empty value visible and blanks at the edges intact.
  bool quote = value.empty() || value.front() == ' ' || value.back() == ' ' ||
               value.front() == '\t' || value.back() == '\t';
  return key + " = " + (quote ? "\"" + value + "\"" : value);
}

}  // namespace

Config parse_config(std::string_view text, const std::string& name) {
  Config config;
  int number = 0;
  for (std::string_view raw : split_lines(text)) {
    number++;
    auto fail = [&](const std::string& msg) {
      config.errors.push_back(name + ":" + std::to_string(number) + ": " + msg);
    };
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      fail("expected 'key = value', got '" + std::string(line) + "'");
      continue;
    }
    std::string key(trim(line.substr(0, eq)));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    const Key* info = find_key(key);
    if (!info) {
      fail("unknown key '" + key + "'");
      continue;
    }
    CheckedValue checked = check_value(*info, value);
    if (!checked.ok()) {
      fail(checked.error);
      continue;
    }
    auto [it, inserted] = config.entries.try_emplace(key, ConfigEntry{checked.value, number});
    if (!inserted) fail(key + " is already set on line " + std::to_string(it->second.line));
  }
  return config;
}

Config read_config(const std::string& path) {
  std::string text;
  int err = read_file(path, &text);
  if (err == ENOENT) return {};
  if (err != 0) {
    Config config;
    config.errors.push_back("cannot read " + path + ": " + std::strerror(err));
    return config;
  }
  return parse_config(text, path);
}

std::string update_config_text(std::string_view text, const Pairs& pairs) {
  std::vector<std::string> lines;
  for (std::string_view line : split_lines(text)) lines.emplace_back(line);
  for (const auto& [key, value] : pairs) {
    std::string line = format_line(key, value);
    size_t example = lines.size();
    bool replaced = false;
    for (size_t i = 0; i < lines.size() && !replaced; i++) {
      if (active_key(lines[i]) == key) {
        lines[i] = line;
        replaced = true;
      } else if (example_key(lines[i]) == key) {
        example = i + 1;
      }
    }
    if (!replaced) lines.insert(lines.begin() + static_cast<long>(example), line);
  }
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

std::string persist_config(const std::string& path, const Pairs& pairs) {
  std::string text;
  int err = read_file(path, &text);
  if (err != 0 && err != ENOENT) return "cannot read " + path + ": " + std::strerror(err);
  return replace_file(path, update_config_text(text, pairs));
}

}  // namespace khttpd::admin
