#include "usage.h"

#include <cmath>
#include <cstdlib>

#include "keys.h"

namespace khttpd::admin {
namespace {

constexpr double kMaxWatchSeconds = 86400;

std::string subcommand_names(const CLI::App& app) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    names += (names.empty() ? "" : ", ") + sub->get_name();
  return names;
}

// The subcommand named on the command line, or nullptr.
const CLI::App* named_subcommand(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      if (sub->get_name() == argv[i]) return sub;
  }
  return nullptr;
}

// The options of sub as "-H, -p, --json" (hidden ones left out).
std::string option_names(const CLI::App& sub) {
  std::string names;
  for (const CLI::Option* opt : sub.get_options()) {
    if (opt->get_group().empty() || opt->get_positional() || opt == sub.get_help_ptr()) continue;
    std::string name = opt->get_name(false, true);
    for (char& c : name)
      if (c == ',') c = '/';
    names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}

// What follows "...not expected: " in CLI11's ExtrasError.
std::string extras(const std::string& message) {
  size_t colon = message.rfind(": ");
  return colon == std::string::npos ? message : message.substr(colon + 2);
}

}  // namespace

CLI::Validator positive_seconds() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        double s = std::strtod(text.c_str(), &end);
        if (text.empty() || *end || !std::isfinite(s) || s <= 0 || s > kMaxWatchSeconds)
          return "expected a number of seconds above 0 and at most 86400 (like 2 or 0.5), got '" +
                 text + "'";
        return "";
      },
      "SECONDS");
}

CLI::Validator positive_count() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        auto n = parse_decimal(text);
        if (!n || *n == 0 || *n > 4294967295u)
          return "--count: expected an integer from 1 to 4294967295, got '" + text + "'";
        return "";
      },
      "COUNT");
}

std::string missing_subcommand(const CLI::App& app) {
  return "khttpd-admin: a subcommand is required: one of " + subcommand_names(app) +
         " (see khttpd-admin --help)";
}

std::string usage_error(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  const CLI::App* sub = named_subcommand(app, argc, argv);
  const std::string who = sub ? "khttpd-admin: " + sub->get_name() : "khttpd-admin";
  const std::string help =
      " (see khttpd-admin " + (sub ? sub->get_name() + " " : std::string()) + "--help)";
  std::string message = error.what();
  // A hidden option's validator names the option itself: no empty "NAME: ".
  if (message.rfind(": ", 0) == 0) message.erase(0, 2);

  if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    std::string what = extras(message);
    if (!sub && !what.empty() && what[0] != '-')
      return "khttpd-admin: unknown subcommand '" + what + "': use one of " +
             subcommand_names(app) + help;
    if (!what.empty() && what[0] == '-') {
      std::string allowed = option_names(sub ? *sub : app);
      return who + ": unknown option '" + what + "'" +
             (allowed.empty() ? "" : " (options: " + allowed + ")") + help;
    }
    return who + ": unexpected argument '" + what + "'" + help;
  }
  if (dynamic_cast<const CLI::RequiredError*>(&error) && sub && sub->get_name() == "set")
    return "khttpd-admin: set: at least one KEY=VALUE is required; keys: " + key_names();
  if (dynamic_cast<const CLI::ExcludesError*>(&error))
    return who + ": " + message + ": use one or the other" + help;
  return who + ": " + message + help;
}

std::string completion_keys() {
  std::string out;
  for (const Key& key : all_keys()) {
    out += key.name;
    std::string words = key.choices;
    for (char& c : words)
      if (c == '|') c = ' ';
    if (!words.empty()) out += " " + words;
    out += "\n";
  }
  return out;
}

}  // namespace khttpd::admin
