#include "version.h"

#include <dirent.h>
#include <unistd.h>

#include <climits>
#include <vector>

#include "file_io.h"

namespace khttpd::admin {
namespace {

std::optional<std::string> read_line(const std::string& path) {
  std::string text;
  if (read_file(path, &text, 4096) != 0) return std::nullopt;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The version directories of /var/lib/dkms/khttpd (not kernel-* links).
std::vector<std::string> dkms_versions(const std::string& dir) {
  std::vector<std::string> versions;
  DIR* d = opendir(dir.c_str());
  if (!d) return versions;
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == ".." || name.rfind("kernel-", 0) == 0 || name == "original_module" ||
        name == "source")
      continue;
    versions.push_back(name);
  }
  closedir(d);
  return versions;
}

// The version DKMS installed for release: dkms links
// kernel-<release>-<arch> to <version>/<release>/<arch>.
std::optional<std::string> dkms_installed(const std::string& dir, std::string_view release,
                                          std::string* arch_dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return std::nullopt;
  std::optional<std::string> version;
  const std::string prefix = "kernel-" + std::string(release) + "-";
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.rfind(prefix, 0) != 0) continue;
    char target[PATH_MAX];
    ssize_t n = readlink((dir + "/" + name).c_str(), target, sizeof(target) - 1);
    if (n <= 0) continue;
    std::string link(target, static_cast<size_t>(n));
    if (link.rfind(dir + "/", 0) == 0) link.erase(0, dir.size() + 1);  // older dkms: absolute
    version = link.substr(0, link.find('/'));
    *arch_dir = dir + "/" + link;
    break;
  }
  closedir(d);
  return version;
}

}  // namespace

std::optional<std::string> modinfo_field(std::string_view ko, std::string_view key) {
  const std::string needle = std::string(1, '\0') + std::string(key) + "=";
  size_t at = ko.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  at += needle.size();
  size_t end = ko.find('\0', at);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(ko.substr(at, end - at));
}

std::string version_text(const Paths& paths, std::string_view program_version,
                         std::string_view release) {
  std::string out = "khttpd-admin " + std::string(program_version) + "\n";

  auto loaded_version = read_line(paths.module_version());
  auto loaded_src = read_line(paths.module_srcversion());
  out += "loaded module:    ";
  if (!path_exists(paths.module_dir()))
    out += "none (khttpd is not loaded)\n";
  else
    out += "khttpd " + loaded_version.value_or("?") + ", srcversion " + loaded_src.value_or("?") +
           "\n";

  const std::string dkms = paths.dkms_dir();
  std::string arch_dir;
  auto installed = dkms_installed(dkms, release, &arch_dir);
  std::optional<std::string> installed_src;
  out += "installed (DKMS): ";
  if (installed) {
    std::string ko;
    for (const char* name : {"/module/khttpd.ko", "/module/khttpd.ko.xz"}) {
      if (read_file(arch_dir + name, &ko, 64 << 20) == 0) {
        installed_src = modinfo_field(ko, "srcversion");
        break;
      }
    }
    out += "khttpd " + *installed + " for " + std::string(release);
    if (installed_src) out += ", srcversion " + *installed_src;
    out += "\n";
  } else {
    std::vector<std::string> versions = dkms_versions(dkms);
    if (versions.empty()) {
      out += "none (no " + dkms + "; see dkms status)\n";
    } else {
      std::string list;
      for (const auto& v : versions) list += (list.empty() ? "" : ", ") + v;
      out += "khttpd " + list + ", not built for " + std::string(release) + " (see dkms status)\n";
    }
  }

  if (loaded_src && installed_src) {
    if (*loaded_src == *installed_src)
      out += "the loaded module is the installed one\n";
    else
      out +=
          "the loaded module is not the installed one: systemctl restart khttpd loads the "
          "installed one\n";
  }
  return out;
}

}  // namespace khttpd::admin
