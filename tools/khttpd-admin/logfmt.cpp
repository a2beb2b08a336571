// The access log's formats: see logfmt.h.
#include "logfmt.h"

#include <arpa/inet.h>

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "uapi/khttpd.h"

namespace khttpd::admin {
namespace {

const char* const kRouteNames[] = {
#define KHTTPD_ROUTE(id, name) name,
#include "uapi/khttpd.h"
};

std::string_view field(const char* p, size_t len, size_t max) {
  return std::string_view(p, len < max ? len : max);
}

std::string_view method(const khttpd_log_record& r) {
  return field(r.method, r.method_len, sizeof(r.method));
}
std::string_view target(const khttpd_log_record& r) {
  return field(r.target, r.target_len, sizeof(r.target));
}
std::string_view agent(const khttpd_log_record& r) {
  return field(r.user_agent, r.agent_len, sizeof(r.user_agent));
}
std::string_view referer(const khttpd_log_record& r) {
  return field(r.referer, r.referer_len, sizeof(r.referer));
}

std::string protocol(const khttpd_log_record& r) {
  if (r.http_minor == 0xff) return "";
  return "HTTP/1." + std::to_string(r.http_minor);
}

// escaped, and "..." when the module cut it
std::string escaped(std::string_view s, bool cut) {
  std::string out = log_escape(s);
  if (cut) out += "...";
  return out;
}

std::string combined(const khttpd_log_record& r) {
  time_t sec = static_cast<time_t>(r.time_ns / 1000000000ull);
  struct tm tm;
  localtime_r(&sec, &tm);
  char when[64];
  strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S %z", &tm);

  std::string request = "-";
  if (!(r.flags & KHTTPD_LOG_F_NO_REQUEST)) {
    request = escaped(method(r), r.flags & KHTTPD_LOG_F_METHOD_CUT) + " " +
              escaped(target(r), r.flags & KHTTPD_LOG_F_TARGET_CUT) + " " + protocol(r);
  }
  std::string line = log_address(r);
  line += " - - [";
  line += when;
  line += "] \"" + request + "\" " + std::to_string(r.status) + " " + std::to_string(r.body_bytes) +
          " \"" + escaped(referer(r), r.flags & KHTTPD_LOG_F_REFERER_CUT) + "\" \"" +
          escaped(agent(r), r.flags & KHTTPD_LOG_F_AGENT_CUT) + "\"";
  return line;
}

std::string iso_time(uint64_t ns) {
  time_t sec = static_cast<time_t>(ns / 1000000000ull);
  struct tm tm;
  gmtime_r(&sec, &tm);
  char buf[64];
  size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(buf + n, sizeof(buf) - n, ".%06uZ", static_cast<unsigned>(ns % 1000000000ull / 1000));
  return buf;
}

std::string json(const khttpd_log_record& r) {
  nlohmann::ordered_json j;
  j["time"] = iso_time(r.time_ns);
  j["remote_addr"] = log_address(r);
  j["remote_port"] = r.port;
  if (r.flags & KHTTPD_LOG_F_NO_REQUEST) {
    j["method"] = nullptr;
    j["target"] = nullptr;
    j["protocol"] = nullptr;
  } else {
    j["method"] = std::string(method(r));
    j["target"] = std::string(target(r));
    j["protocol"] = protocol(r);
  }
  j["status"] = r.status;
  j["body_bytes_sent"] = r.body_bytes;
  j["duration_us"] = r.duration_us;
  j["route"] = r.route < KR_NR ? kRouteNames[r.route] : "?";
  j["connection_requests"] = r.requests + 1;
  j["referer"] = std::string(referer(r));
  j["user_agent"] = std::string(agent(r));
  nlohmann::ordered_json cut = nlohmann::ordered_json::array();
  if (r.flags & KHTTPD_LOG_F_METHOD_CUT) cut.push_back("method");
  if (r.flags & KHTTPD_LOG_F_TARGET_CUT) cut.push_back("target");
  if (r.flags & KHTTPD_LOG_F_REFERER_CUT) cut.push_back("referer");
  if (r.flags & KHTTPD_LOG_F_AGENT_CUT) cut.push_back("user_agent");
  j["truncated"] = cut;
  j["aborted"] = (r.flags & KHTTPD_LOG_F_ABORTED) != 0;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string log_escape(std::string_view s) {
  if (s.empty()) return "-";
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string log_address(const khttpd_log_record& rec) {
  char buf[INET6_ADDRSTRLEN];
  if (rec.family == KHTTPD_LOG_INET && inet_ntop(AF_INET, rec.addr, buf, sizeof(buf))) return buf;
  if (rec.family == KHTTPD_LOG_INET6 && inet_ntop(AF_INET6, rec.addr, buf, sizeof(buf))) return buf;
  return "-";
}

std::string check_log_record(const khttpd_log_record& rec) {
  if (rec.size != sizeof(khttpd_log_record))
    return "record of " + std::to_string(rec.size) + " bytes, expected " +
           std::to_string(sizeof(khttpd_log_record));
  if (rec.version != KHTTPD_LOG_VERSION)
    return "record version " + std::to_string(rec.version) + ", expected " +
           std::to_string(KHTTPD_LOG_VERSION);
  return "";
}

std::string format_log_line(const khttpd_log_record& rec, LogFormat format) {
  return format == LogFormat::kJson ? json(rec) : combined(rec);
}

}  // namespace khttpd::admin
