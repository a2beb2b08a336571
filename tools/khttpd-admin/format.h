// Output formatting shared by the commands: human-readable numbers and
// aligned tables in the style of zfs get.
#ifndef KHTTPD_ADMIN_FORMAT_H_
#define KHTTPD_ADMIN_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace khttpd::admin {

// 1023 -> "1023", 67108864 -> "64M", 1572864 -> "1.50M" (powers of 1024,
// about three significant digits, like zfs).
std::string format_bytes(uint64_t bytes);

// 93784005 -> "1d 2h 3m 4s"; leading zero units are left out.
std::string format_duration_ms(uint64_t ms);

// value / total as "80.0%"; "-" when total is 0.
std::string format_percent(uint64_t value, uint64_t total);

class Table {
 public:
  enum class Align { kLeft, kRight };

  explicit Table(std::vector<std::string> header, std::vector<Align> align = {});
  void add_row(std::vector<std::string> row);

  // Columns padded to their widest cell, separated by two spaces; the last
  // column is not padded. With scripted: no header, one tab between cells.
  std::string render(bool scripted = false) const;

 private:
  std::vector<std::string> header_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_FORMAT_H_
