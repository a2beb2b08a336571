// khttpd-mangen: writes a manual page from its template, with the lists that
// module/include/uapi/khttpd.h holds put in where the template asks:
//   .\" @TUNABLES@   one .TP entry per tunable: meaning, values, default
//   .\" @ROUTES@     the route names of /proc/khttpd, in the header's order
//   @VERSION@        (anywhere) the version given on the command line
// so that khttpd.conf(5) and khttpd(7) cannot drift from the module.
//
//   khttpd-mangen TEMPLATE OUTPUT VERSION
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "uapi/khttpd.h"

namespace {

// A default as text: numbers in decimal, strings as they are.
template <typename T>
std::string value_text(T v) {
  if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
    return std::to_string(static_cast<unsigned long long>(v));
  else
    return std::string(v);
}

struct Tunable {
  std::string name, type;
  uint64_t min, max;
  std::string def, meaning;
};

const std::vector<Tunable> kTunables = {
#define KHTTPD_ROW_(name, type, min, max, def, meaning) \
  {#name, #type, static_cast<uint64_t>(min), static_cast<uint64_t>(max), value_text(def), meaning},
#define KHTTPD_TUNABLE(name) KHTTPD_TUNABLE_##name(KHTTPD_ROW_)
#include "uapi/khttpd.h"
#undef KHTTPD_ROW_
};

struct Choice {
  std::string tunable;
  unsigned id;
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

// Text for roff: backslashes escaped, no line that starts a request.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\\' ? std::string("\\e") : std::string(1, c);
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out = "\\&" + out;
  return out;
}

// 17179869184 -> "16G", as khttpd-admin accepts it; "" if not a whole unit.
std::string with_suffix(uint64_t bytes) {
  static const char kUnits[] = "KMGT";
  std::string best;
  for (int i = 0; i < 4; i++) {
    uint64_t unit = uint64_t{1} << (10 * (i + 1));
    if (bytes == 0 || bytes % unit) break;
    best = std::to_string(bytes / unit) + kUnits[i];
  }
  return best;
}

std::string bytes_text(uint64_t bytes) {
  std::string short_form = with_suffix(bytes);
  std::string exact = std::to_string(bytes);
  return short_form.empty() ? exact : short_form + " (" + exact + ")";
}

std::string choice_word(const std::string& tunable, uint64_t id) {
  for (const Choice& c : kChoices)
    if (c.tunable == tunable && c.id == id) return c.word;
  return std::to_string(id);
}

std::string values_text(const Tunable& t) {
  if (t.type == "BYTES")
    return "a byte count from " + bytes_text(t.min) + " to " + bytes_text(t.max) +
           "; a K, M, G or T suffix multiplies by a power of 1024";
  if (t.type == "ADDR")
    return "an IPv4 or IPv6 address literal, without brackets or zone index, or empty";
  if (t.type == "PATH")
    return "an absolute path of at most " + std::to_string(t.max) +
           " characters, without double quotes or control characters, or empty";
  if (t.type == "CHOICE") {
    std::vector<std::string> words;
    for (const Choice& c : kChoices)
      if (c.tunable == t.name) words.push_back("\\fB" + c.word + "\\fR");
    std::string out = words.size() > 1 ? "one of " : "";
    for (size_t i = 0; i < words.size(); i++)
      out += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
    return out;
  }
  return "a decimal number from " + std::to_string(t.min) + " to " + std::to_string(t.max);
}

std::string default_text(const Tunable& t) {
  if (t.type == "BYTES") return bytes_text(std::stoull(t.def));
  if (t.type == "CHOICE") return "\\fB" + choice_word(t.name, std::stoull(t.def)) + "\\fR";
  if (t.def.empty()) return "empty";
  return roff(t.def);
}

void write_tunables(std::ostream& out) {
  for (const Tunable& t : kTunables) {
    std::string meaning = t.meaning;
    if (!meaning.empty()) meaning[0] = std::toupper(static_cast<unsigned char>(meaning[0]));
    out << ".TP\n.B " << t.name << "\n" << roff(meaning) << ".\n";
    out << "Values: " << values_text(t) << ".\n";
    out << "Default: " << default_text(t) << ".\n";
  }
}

void write_routes(std::ostream& out) {
  for (size_t i = 0; i < kRoutes.size(); i++)
    out << ".B " << kRoutes[i] << (i + 1 < kRoutes.size() ? "," : "") << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: khttpd-mangen TEMPLATE OUTPUT VERSION\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "khttpd-mangen: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::ostringstream page;
  for (std::string line; std::getline(in, line);) {
    if (line == ".\\\" @TUNABLES@") {
      write_tunables(page);
      continue;
    }
    if (line == ".\\\" @ROUTES@") {
      write_routes(page);
      continue;
    }
    for (size_t at; (at = line.find("@VERSION@")) != std::string::npos;)
      line.replace(at, 9, argv[3]);
    page << line << "\n";
  }
  // Written whole, then renamed: a failed run leaves no half page.
  std::string tmp = std::string(argv[2]) + ".tmp";
  std::ofstream out(tmp);
  out << page.str();
  out.close();
  if (!out || std::rename(tmp.c_str(), argv[2]) != 0) {
    std::cerr << "khttpd-mangen: cannot write " << argv[2] << "\n";
    std::remove(tmp.c_str());
    return 1;
  }
  return 0;
}
