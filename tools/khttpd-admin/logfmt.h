// The access log's lines: one struct khttpd_log_record (uapi/khttpd_log.h,
// read from /dev/khttpd-log) as nginx's "combined" format or as a JSON
// object. khttpd-logd writes them; the unit tests pin them down.
#ifndef KHTTPD_ADMIN_LOGFMT_H_
#define KHTTPD_ADMIN_LOGFMT_H_

#include <linux/types.h>

#include <string>
#include <string_view>

#include "uapi/khttpd_log.h"

namespace khttpd::admin {

enum class LogFormat { kCombined, kJson };

// nginx's default log escaping: '"', '\\', bytes below 0x20 and from 0x7f
// on become \xHH; an empty value becomes "-".
std::string log_escape(std::string_view s);

// The client address: dotted IPv4, or IPv6 as inet_ntop(3) writes it;
// "-" for a record without one.
std::string log_address(const khttpd_log_record& rec);

// One line, without its newline. Combined:
//   ADDR - - [03/Dec/2026:12:51:09 +0000] "GET /x HTTP/1.1" 200 612 "REF" "UA"
// with the time in the local time zone. A string the module cut ends
// in "..." (outside the escaping); a record of a request line that was
// never parsed (a 400, a 408) shows "-" as the request. JSON: the fields
// by name (docs/admin.md), strings as sent with invalid UTF-8 replaced.
std::string format_log_line(const khttpd_log_record& rec, LogFormat format);

// Checks size and version: "" when rec can be formatted, else why not.
std::string check_log_record(const khttpd_log_record& rec);

}  // namespace khttpd::admin

#endif  // KHTTPD_ADMIN_LOGFMT_H_
