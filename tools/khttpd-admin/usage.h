// Usage errors in words: CLI11's parse errors rewritten so that each starts
// with "khttpd-admin:" and says what is allowed, the validators of the
// options, and the word lists the bash completion asks for.
#ifndef KHTTPD_ADMIN_USAGE_H_
#define KHTTPD_ADMIN_USAGE_H_

#include <CLI/CLI.hpp>
#include <string>

namespace khttpd::admin {

// --watch: a number of seconds above 0 (fractions allowed), at most a day.
CLI::Validator positive_seconds();
// --count: an integer from 1.
CLI::Validator positive_count();

// The message for a parse error of app (a CallForHelp is not one).
std::string usage_error(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv);

// The message when no subcommand was given.
std::string missing_subcommand(const CLI::App& app);

// One line per key: "name" or, for a choice key, "name word word ...".
std::string completion_keys();

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_USAGE_H_
