// libFuzzer target for module/static_cond.c: Range, If-None-Match, If-Range
// and HTTP-date, the values a client controls.
//
// Input: one configuration byte, then a field value, given to every
// function (libFuzzer hands it over in a block of exactly its length, as
// the parser does).  Range is checked against a plain reference
// implementation of what static_cond.c documents, If-Range against its
// definition, a parsed date by formatting it again in all three forms, and
// every answer against the bounds it promises.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern "C" {
#include "static_cond.h"
}

namespace {

constexpr u64 kMax = ~0ULL;
// representation lengths the configuration byte chooses from
constexpr u64 kSizes[8] = {0, 1, 2, 4097, 10000, 1ULL << 40, kMax - 1, kMax};
const char kEtag[] = "\"1a-2b-3c\"";
constexpr time64_t kExample = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

[[noreturn]] void Fail(const std::string& what, const std::string& in) {
  std::string shown;
  for (unsigned char c : in) {
    char esc[8];
    snprintf(esc, sizeof(esc), c >= 0x20 && c < 0x7f && c != '\\' ? "%c" : "\\x%02x", c);
    shown += esc;
  }
  fprintf(stderr, "invariant broken: %s\ninput: \"%s\"\n", what.c_str(), shown.c_str());
  abort();
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsOws(char c) { return c == ' ' || c == '\t'; }

// 1*DIGIT, saturating at 2^64-1; false unless all of s is digits.
bool Number(const std::string& s, u64* out) {
  u64 v = 0;
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    const unsigned d = c - '0';
    v = v > (kMax - d) / 10 ? kMax : v * 10 + d;
  }
  *out = v;
  return true;
}

// What khttpd_range_parse() documents, written for clarity: "bytes=" in any
// case, a comma-separated list whose elements are trimmed of OWS, empty
// elements skipped, exactly one range-spec, else the field is ignored.
khttpd_range RefRange(const std::string& f, u64 size, u64* first, u64* last) {
  std::string unit = f.substr(0, 6);
  for (char& c : unit) c = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
  if (unit != "bytes=") return KHTTPD_RANGE_NONE;

  std::vector<std::string> specs;
  size_t start = 6;
  for (;;) {
    const size_t comma = f.find(',', start);
    std::string e = f.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!e.empty() && IsOws(e.front())) e.erase(0, 1);
    while (!e.empty() && IsOws(e.back())) e.pop_back();
    if (!e.empty()) specs.push_back(e);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (specs.size() != 1) return KHTTPD_RANGE_NONE;

  const std::string& s = specs[0];
  const size_t dash = s.find('-');
  if (dash == std::string::npos) return KHTTPD_RANGE_NONE;
  u64 a = 0, b = 0;
  if (dash == 0) {  // suffix-range
    if (!Number(s.substr(1), &b)) return KHTTPD_RANGE_NONE;
    if (b == 0) return KHTTPD_RANGE_UNSATISFIABLE;
    if (size == 0) return KHTTPD_RANGE_NONE;
    *first = b < size ? size - b : 0;
    *last = size - 1;
    return KHTTPD_RANGE_OK;
  }
  if (!Number(s.substr(0, dash), &a)) return KHTTPD_RANGE_NONE;
  const std::string tail = s.substr(dash + 1);
  const bool have_last = !tail.empty();
  if (have_last && (!Number(tail, &b) || b < a)) return KHTTPD_RANGE_NONE;
  if (a >= size) return KHTTPD_RANGE_UNSATISFIABLE;
  *first = a;
  *last = have_last && b < size ? b : size - 1;
  return KHTTPD_RANGE_OK;
}

// Each Fuzz*() gets the field twice: @p (exactly @in.size() bytes, inside
// libFuzzer's block) for static_cond.c, @in for the checks.
void FuzzRange(const char* p, const std::string& in, u64 size) {
  u64 first = 0, last = 0, rfirst = 0, rlast = 0;
  const khttpd_range got = khttpd_range_parse(p, in.size(), size, &first, &last);
  const khttpd_range want = RefRange(in, size, &rfirst, &rlast);

  if (got != want)
    Fail("range of " + std::to_string(size) + ": " + std::to_string(got) + ", reference " +
             std::to_string(want),
         in);
  if (got != KHTTPD_RANGE_OK) return;
  if (first != rfirst || last != rlast)
    Fail("range " + std::to_string(first) + "-" + std::to_string(last) + ", reference " +
             std::to_string(rfirst) + "-" + std::to_string(rlast),
         in);
  if (first > last || last >= size) Fail("range outside the representation", in);
}

// proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant)
void Civil(long long z, int* y, int* m, int* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

long long FloorDiv(long long a, long long b) { return a / b - (a % b < 0); }

// A parsed date lies in years 1 to 9999 and reads back the same in
// IMF-fixdate and asctime form.
bool FuzzDate(const char* p, const std::string& in, time64_t* parsed) {
  static const char* const kMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* const kDay[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  time64_t t = 0;

  if (khttpd_http_date_parse(p, in.size(), &t) != 0) return false;
  *parsed = t;
  // 0001-01-01T00:00:00 to 9999-12-31T23:59:59
  if (t < -62135596800LL || t > 253402300799LL) Fail("date out of years 1-9999", in);

  const long long days = FloorDiv(t, 86400), secs = t - days * 86400;
  int y, m, d;
  Civil(days, &y, &m, &d);
  const int wday = ((days % 7) + 7) % 7;
  char imf[64], asc[64];
  snprintf(imf, sizeof(imf), "%s, %02d %s %04d %02lld:%02lld:%02lld GMT", kDay[wday], d,
           kMon[m - 1], y, secs / 3600, secs / 60 % 60, secs % 60);
  snprintf(asc, sizeof(asc), "%s %s %2d %02lld:%02lld:%02lld %04d", kDay[wday], kMon[m - 1], d,
           secs / 3600, secs / 60 % 60, secs % 60, y);
  for (const std::string& again : {std::string(imf), std::string(asc)}) {
    time64_t u = 0;
    if (khttpd_http_date_parse(again.data(), again.size(), &u) != 0 || u != t)
      Fail("date " + std::to_string(t) + " does not read back from \"" + again + "\"", in);
  }
  return true;
}

// RFC 9110 §13.1.5 as static_cond.c documents it: an entity-tag compared
// strongly, or exactly Last-Modified when that is a second in the past.
void FuzzIfRange(const char* p, const std::string& in, bool date_ok, time64_t date, time64_t mtime,
                 time64_t now) {
  const bool got = khttpd_if_range_match(p, in.size(), kEtag, mtime, now);
  bool want;

  if (!in.empty() && in[0] == '"')
    want = in == kEtag;
  else if (in.compare(0, 2, "W/") == 0)
    want = false;
  else
    want = date_ok && date == mtime && mtime < now;
  if (got != want) Fail("If-Range " + std::to_string(got), in);
}

void FuzzNoneMatch(const char* p, const std::string& in) {
  const bool got = khttpd_etag_match(p, in.size(), kEtag);

  // a match is "*" or the tag itself, somewhere in the field
  if (got && in != "*" && in.find(kEtag) == std::string::npos) Fail("If-None-Match matched", in);
  // the tag alone, strong or weak, always matches
  if ((in == kEtag || in == "W/" + std::string(kEtag)) && !got) Fail("If-None-Match missed", in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t cfg = data[0];
  const char* p = reinterpret_cast<const char*>(data) + 1;
  const std::string in(p, size - 1);

  FuzzRange(p, in, kSizes[cfg & 7]);
  FuzzNoneMatch(p, in);

  time64_t date = 0;
  const bool date_ok = FuzzDate(p, in, &date);

  // If-Range against the date the field names (bit 3) or another, with
  // now a second after it or (bit 4) the same second
  const time64_t mtime = (cfg & 8) && date_ok ? date : kExample;
  const time64_t now = mtime + !(cfg & 16);
  FuzzIfRange(p, in, date_ok, date, mtime, now);
  return 0;
}
