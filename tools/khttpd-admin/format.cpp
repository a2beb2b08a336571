#include "format.h"

#include <algorithm>
#include <cstdio>

namespace khttpd::admin {

std::string format_bytes(uint64_t bytes) {
  static const char kUnits[] = "KMGTPE";
  if (bytes < 1024) return std::to_string(bytes);
  int unit = 0;
  uint64_t divisor = 1024;
  while (unit < 5 && bytes / divisor >= 1024) {
    divisor <<= 10;
    unit++;
  }
  char buf[32];
  if (bytes % divisor == 0) {
    std::snprintf(buf, sizeof(buf), "%llu%c", static_cast<unsigned long long>(bytes / divisor),
                  kUnits[unit]);
  } else {
    double n = static_cast<double>(bytes) / static_cast<double>(divisor);
    int decimals = n < 10 ? 2 : n < 100 ? 1 : 0;
    std::snprintf(buf, sizeof(buf), "%.*f%c", decimals, n, kUnits[unit]);
  }
  return buf;
}

std::string format_duration_ms(uint64_t ms) {
  uint64_t s = ms / 1000;
  const struct {
    uint64_t seconds;
    char unit;
  } kParts[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  std::string out;
  for (const auto& part : kParts) {
    uint64_t n = s / part.seconds;
    s %= part.seconds;
    if (n == 0 && out.empty() && part.unit != 's') continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(n) + part.unit;
  }
  return out;
}

std::string format_percent(uint64_t value, uint64_t total) {
  if (total == 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%",
                100.0 * static_cast<double>(value) / static_cast<double>(total));
  return buf;
}

Table::Table(std::vector<std::string> header, std::vector<Align> align)
    : header_(std::move(header)), align_(std::move(align)) {
  align_.resize(header_.size(), Align::kLeft);
}

void Table::add_row(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

std::string Table::render(bool scripted) const {
  std::string out;
  if (scripted) {
    for (const auto& row : rows_) {
      for (size_t i = 0; i < row.size(); i++) out += (i ? "\t" : "") + row[i];
      out += '\n';
    }
    return out;
  }
  std::vector<size_t> width(header_.size());
  for (size_t i = 0; i < header_.size(); i++) {
    width[i] = header_[i].size();
    for (const auto& row : rows_) width[i] = std::max(width[i], row[i].size());
  }
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); i++) {
      std::string pad(width[i] - row[i].size(), ' ');
      if (i) line += "  ";
      line += align_[i] == Align::kRight ? pad + row[i] : row[i] + pad;
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  };
  emit(header_);
  for (const auto& row : rows_) emit(row);
  return out;
}

}  // namespace khttpd::admin
