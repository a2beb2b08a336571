// Conditional and range requests (module/static_cond.c) against RFC 9110:
// Range (§14.1.2, §14.2), If-None-Match (§13.1.2), If-Range (§13.1.5) and
// HTTP-date (§5.6.7).  Each case's name starts with the section it checks.
// Every field is handed over in a heap block of exactly its length, as the
// parser hands it over (not NUL-terminated), so that an overread shows
// under sanitizers.
//
// The order in which the conditionals are evaluated (§13.2.2) is decided by
// the caller, module/static.c (not_modified(), serve_file()); the pieces it
// relies on are checked here, the whole in tests/vm/scenarios/static.sh.
#include <gtest/gtest.h>

#include <cstring>
#include <ctime>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

extern "C" {
#include "static_cond.h"
}

using namespace std::string_literals;

namespace {

// The field in a block of exactly its length.
class Field {
 public:
  explicit Field(const std::string& s) : buf_(new char[s.size() + !s.size()]), len_(s.size()) {
    memcpy(buf_.get(), s.data(), s.size());
  }
  const char* p() const { return buf_.get(); }
  size_t len() const { return len_; }

 private:
  std::unique_ptr<char[]> buf_;
  size_t len_;
};

// Seconds since the epoch of a proleptic Gregorian UTC date, written
// independently of mktime64() (days from civil, H. Hinnant).
time64_t Utc(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const long long days = era * 146097 + doe - 719468;
  return ((days * 24 + hh) * 60 + mm) * 60 + ss;
}

int CurrentYear() {
  time_t now = time(nullptr);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

std::string TwoDigits(int year) {
  char s[3] = {char('0' + year / 10 % 10), char('0' + year % 10), 0};
  return s;
}

template <typename Case>
std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  return info.param.name;
}

// ---- Range: RFC 9110 §14.1.2 (byte ranges), §14.2 (Range) ----

constexpr u64 kMax = ~0ULL;

struct RangeCase {
  const char* name;
  std::string field;
  u64 size;
  khttpd_range want;
  u64 first = 0, last = 0;  // when KHTTPD_RANGE_OK
};

void PrintTo(const RangeCase& c, std::ostream* os) { *os << '"' << c.field << "\" of " << c.size; }

constexpr khttpd_range kNone = KHTTPD_RANGE_NONE;
constexpr khttpd_range kOk = KHTTPD_RANGE_OK;
constexpr khttpd_range k416 = KHTTPD_RANGE_UNSATISFIABLE;

const std::vector<RangeCase> kRanges = {
    // the examples of §14.1.2, on a 10000-byte representation
    {"rfc9110_14_1_2_first_500", "bytes=0-499", 10000, kOk, 0, 499},
    {"rfc9110_14_1_2_second_500", "bytes=500-999", 10000, kOk, 500, 999},
    {"rfc9110_14_1_2_from_9500", "bytes=9500-", 10000, kOk, 9500, 9999},
    {"rfc9110_14_1_2_suffix_500", "bytes=-500", 10000, kOk, 9500, 9999},
    {"rfc9110_14_1_2_first_byte", "bytes=0-0", 10000, kOk, 0, 0},
    {"rfc9110_14_1_2_last_byte", "bytes=-1", 10000, kOk, 9999, 9999},
    {"rfc9110_14_1_2_last_byte_by_pos", "bytes=9999-9999", 10000, kOk, 9999, 9999},
    {"rfc9110_14_1_2_whole_open", "bytes=0-", 10000, kOk, 0, 9999},
    {"rfc9110_14_1_2_leading_zeros", "bytes=007-010", 10000, kOk, 7, 10},
    // last-pos at or past the end means the end
    {"rfc9110_14_1_2_last_pos_is_length", "bytes=0-10000", 10000, kOk, 0, 9999},
    {"rfc9110_14_1_2_last_pos_past_end", "bytes=5000-20000", 10000, kOk, 5000, 9999},
    // a suffix longer than the representation is all of it
    {"rfc9110_14_1_2_suffix_longer", "bytes=-20000", 10000, kOk, 0, 9999},
    {"rfc9110_14_1_2_suffix_exact", "bytes=-10000", 10000, kOk, 0, 9999},
    // unsatisfiable: first-pos not below the length, or a zero suffix
    {"rfc9110_14_1_2_first_pos_is_length", "bytes=10000-", 10000, k416},
    {"rfc9110_14_1_2_first_pos_past_end", "bytes=20000-30000", 10000, k416},
    {"rfc9110_14_1_2_suffix_zero", "bytes=-0", 10000, k416},
    {"rfc9110_14_1_2_suffix_zero_digits", "bytes=-000", 10000, k416},
    // a zero-length representation: no int-range is satisfiable...
    {"rfc9110_14_1_2_empty_open", "bytes=0-", 0, k416},
    {"rfc9110_14_1_2_empty_first_byte", "bytes=0-0", 0, k416},
    {"rfc9110_14_1_2_empty_suffix_zero", "bytes=-0", 0, k416},
    // ...but a non-zero suffix is, and as no Content-Range can name an empty
    // range, the answer is the whole (empty) representation: 200, not 416
    {"rfc9110_14_1_2_empty_suffix", "bytes=-1", 0, kNone},
    {"rfc9110_14_1_2_empty_suffix_huge", "bytes=-" + std::string(30, '9'), 0, kNone},
    {"rfc9110_14_1_2_one_byte_file", "bytes=0-5", 1, kOk, 0, 0},
    // an invalid range-spec (last-pos < first-pos) is ignored (§14.2)
    {"rfc9110_14_1_2_last_below_first", "bytes=500-499", 10000, kNone},
    {"rfc9110_14_1_2_last_below_first_unsat", "bytes=20001-20000", 10000, kNone},
    // range units are case-insensitive (§14.1); other units are ignored (§14.2)
    {"rfc9110_14_1_unit_upper", "BYTES=0-1", 10000, kOk, 0, 1},
    {"rfc9110_14_1_unit_mixed", "Bytes=2-3", 10000, kOk, 2, 3},
    {"rfc9110_14_2_other_unit", "items=0-1", 10000, kNone},
    {"rfc9110_14_2_unit_prefix", "bytesx=0-1", 10000, kNone},
    {"rfc9110_14_2_unit_truncated", "byte=0-1", 10000, kNone},
    {"rfc9110_14_2_no_equals", "bytes 0-1", 10000, kNone},
    {"rfc9110_14_2_space_before_equals", "bytes =0-1", 10000, kNone},
    {"rfc9110_14_2_unit_only", "bytes", 10000, kNone},
    {"rfc9110_14_2_empty_set", "bytes=", 10000, kNone},
    {"rfc9110_14_2_empty_field", "", 10000, kNone},
    {"rfc9110_14_2_only_commas", "bytes=,,", 10000, kNone},
    {"rfc9110_14_2_only_ows", "bytes= \t", 10000, kNone},
    // malformed range-specs make the whole field ignored
    {"rfc9110_14_1_2_no_digits", "bytes=a-b", 10000, kNone},
    {"rfc9110_14_1_2_dash_only", "bytes=-", 10000, kNone},
    {"rfc9110_14_1_2_double_dash", "bytes=--1", 10000, kNone},
    {"rfc9110_14_1_2_no_dash", "bytes=1", 10000, kNone},
    {"rfc9110_14_1_2_three_parts", "bytes=1-2-3", 10000, kNone},
    {"rfc9110_14_1_2_suffix_with_last", "bytes=-1-2", 10000, kNone},
    {"rfc9110_14_1_2_plus_sign", "bytes=+1-2", 10000, kNone},
    {"rfc9110_14_1_2_negative_last", "bytes=1--2", 10000, kNone},
    {"rfc9110_14_1_2_hex", "bytes=0x10-", 10000, kNone},
    {"rfc9110_14_1_2_space_before_dash", "bytes=1 -2", 10000, kNone},
    {"rfc9110_14_1_2_space_after_dash", "bytes=1- 2", 10000, kNone},
    {"rfc9110_14_1_2_trailing_junk", "bytes=0-1;x", 10000, kNone},
    {"rfc9110_14_1_2_trailing_word", "bytes=0-1 x", 10000, kNone},
    {"rfc9110_14_1_2_nul", "bytes=0-1\0"s, 10000, kNone},
    {"rfc9110_14_1_2_nul_in_number", "bytes=0\0-1"s, 10000, kNone},
    // list syntax (§5.6.1): OWS around commas, empty elements
    {"rfc9110_5_6_1_trailing_ows", "bytes=0-1 \t", 10000, kOk, 0, 1},
    {"rfc9110_5_6_1_leading_ows_lenient", "bytes= 0-1", 10000, kOk, 0, 1},
    {"rfc9110_5_6_1_empty_elements", "bytes=,0-1,,", 10000, kOk, 0, 1},
    {"rfc9110_5_6_1_ows_comma", "bytes=0-1 , ", 10000, kOk, 0, 1},
    // several ranges: khttpd sends all of it rather than multipart (§14.2 MAY)
    {"rfc9110_14_2_two_ranges", "bytes=0-1,5-6", 10000, kNone},
    {"rfc9110_14_2_two_ranges_ows", "bytes=0-1 ,\t5-6", 10000, kNone},
    {"rfc9110_14_2_same_range_twice", "bytes=0-1,0-1", 10000, kNone},
    {"rfc9110_14_2_suffix_and_range", "bytes=-1,0-0", 10000, kNone},
    {"rfc9110_14_2_two_unsatisfiable", "bytes=20000-,30000-", 10000, kNone},
    {"rfc9110_14_2_range_then_junk", "bytes=0-1,x", 10000, kNone},
    // numbers too large for 64 bits saturate, never wrap
    {"overflow_last_u64_max", "bytes=0-18446744073709551615", 10000, kOk, 0, 9999},
    {"overflow_last_2_64", "bytes=0-18446744073709551616", 10000, kOk, 0, 9999},
    {"overflow_last_huge", "bytes=1-" + std::string(100, '9'), 10000, kOk, 1, 9999},
    {"overflow_first_u64_max", "bytes=18446744073709551615-", 10000, k416},
    {"overflow_first_huge", "bytes=" + std::string(100, '9') + "-", 10000, k416},
    {"overflow_suffix_huge", "bytes=-" + std::string(100, '9'), 10000, kOk, 0, 9999},
    // both saturate to the same value: not seen as last < first, so 416
    {"overflow_both_saturate", "bytes=18446744073709551617-18446744073709551616", 10000, k416},
    // a representation of 2^64-1 bytes
    {"overflow_size_max_last_byte", "bytes=18446744073709551614-", kMax, kOk, kMax - 1, kMax - 1},
    {"overflow_size_max_suffix", "bytes=-18446744073709551615", kMax, kOk, 0, kMax - 1},
    {"overflow_size_max_first_pos_max", "bytes=18446744073709551615-", kMax, k416},
};

class Range : public ::testing::TestWithParam<RangeCase> {};

TEST_P(Range, Parse) {
  const RangeCase& c = GetParam();
  const Field f(c.field);
  u64 first = 7, last = 7;

  const khttpd_range got = khttpd_range_parse(f.p(), f.len(), c.size, &first, &last);
  ASSERT_EQ(got, c.want);
  if (got != KHTTPD_RANGE_OK) return;
  EXPECT_EQ(first, c.first);
  EXPECT_EQ(last, c.last);
  EXPECT_LE(first, last);
  EXPECT_LT(last, c.size);
}

INSTANTIATE_TEST_SUITE_P(Cases, Range, ::testing::ValuesIn(kRanges), CaseName<RangeCase>);

// ---- If-None-Match: RFC 9110 §13.1.2, weak comparison §8.8.3.2 ----

const char kEtag[] = "\"1a-2b-3c\"";

struct MatchCase {
  const char* name;
  std::string field;
  bool want;
};

void PrintTo(const MatchCase& c, std::ostream* os) { *os << '"' << c.field << '"'; }

const std::vector<MatchCase> kNoneMatch = {
    {"rfc9110_13_1_2_star", "*", true},
    {"rfc9110_13_1_2_same", "\"1a-2b-3c\"", true},
    {"rfc9110_13_1_2_weak_compares_weakly", "W/\"1a-2b-3c\"", true},
    {"rfc9110_13_1_2_other", "\"1a-2b-3d\"", false},
    {"rfc9110_8_8_3_case_sensitive", "\"1A-2B-3C\"", false},
    {"rfc9110_8_8_3_prefix", "\"1a-2b-3\"", false},
    {"rfc9110_8_8_3_longer", "\"1a-2b-3cc\"", false},
    {"rfc9110_8_8_3_empty_tag", "\"\"", false},
    {"rfc9110_13_1_2_list_second", "\"x\", \"1a-2b-3c\"", true},
    {"rfc9110_13_1_2_list_first", "\"1a-2b-3c\", \"x\"", true},
    {"rfc9110_13_1_2_list_no_space", "\"x\",\"1a-2b-3c\"", true},
    {"rfc9110_13_1_2_list_tab", "\"x\"\t,\t\"1a-2b-3c\"", true},
    {"rfc9110_13_1_2_list_weak", "\"x\", W/\"y\", W/\"1a-2b-3c\"", true},
    {"rfc9110_13_1_2_list_none", "\"x\", W/\"y\", \"z\"", false},
    {"rfc9110_5_6_1_list_empty_elements", ", ,\"1a-2b-3c\",", true},
    {"rfc9110_8_8_3_obs_text", "\"\xff\x80\", \"1a-2b-3c\"", true},
    // not an entity-tag list: nothing matches, no 304
    {"rfc9110_13_1_2_empty", "", false},
    {"rfc9110_13_1_2_only_commas", ",,", false},
    {"rfc9110_8_8_3_unquoted", "1a-2b-3c", false},
    {"rfc9110_8_8_3_unterminated", "\"1a-2b-3c", false},
    {"rfc9110_8_8_3_lowercase_weak", "w/\"1a-2b-3c\"", false},
    {"rfc9110_8_8_3_space_after_weak", "W/ \"1a-2b-3c\"", false},
    {"rfc9110_8_8_3_weak_alone", "W/", false},
    {"rfc9110_8_8_3_space_inside", "\"1a 2b\"", false},
    {"rfc9110_8_8_3_del_inside", "\"1a\x7f\"", false},
    {"rfc9110_8_8_3_ctl_inside", "\"1a\t\"", false},
    {"rfc9110_8_8_3_nul", "\"1a-2b-3c\0\""s, false},
    {"rfc9110_13_1_2_star_in_list", "*, \"1a-2b-3c\"", false},
    {"rfc9110_13_1_2_star_quoted", "\"*\"", false},
    {"rfc9110_13_1_2_double_star", "**", false},
    {"rfc9110_13_1_2_missing_comma", "\"x\" \"1a-2b-3c\"", false},
    {"rfc9110_13_1_2_junk_before_match", "\"x\", junk, \"1a-2b-3c\"", false},
    {"rfc9110_13_1_2_quote_inside", "\"1a\"b\"", false},
    // the list is read only as far as the first match: what follows is
    // not checked (lenient, and harmless: the tag did match)
    {"rfc9110_13_1_2_junk_after_match", "\"1a-2b-3c\", junk", true},
};

class NoneMatch : public ::testing::TestWithParam<MatchCase> {};

TEST_P(NoneMatch, Match) {
  const MatchCase& c = GetParam();
  const Field f(c.field);

  EXPECT_EQ(khttpd_etag_match(f.p(), f.len(), kEtag), c.want);
}

INSTANTIATE_TEST_SUITE_P(Cases, NoneMatch, ::testing::ValuesIn(kNoneMatch), CaseName<MatchCase>);

// ---- HTTP-date: RFC 9110 §5.6.7 ----

// Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example
constexpr time64_t kExample = 784111777;

struct DateCase {
  const char* name;
  std::string in;
  bool ok;
  time64_t want = 0;
};

void PrintTo(const DateCase& c, std::ostream* os) { *os << '"' << c.in << '"'; }

const std::vector<DateCase> kDates = {
    // the three formats a recipient must accept
    {"rfc9110_5_6_7_imf_fixdate", "Sun, 06 Nov 1994 08:49:37 GMT", true, kExample},
    {"rfc9110_5_6_7_asctime", "Sun Nov  6 08:49:37 1994", true, kExample},
    {"rfc9110_5_6_7_asctime_two_digit_day", "Sun Nov 06 08:49:37 1994", true, kExample},
    {"rfc9110_5_6_7_asctime_day_10", "Thu Nov 10 08:49:37 1994", true,
     Utc(1994, 11, 10, 8, 49, 37)},
    // IMF-fixdate across the range of 4DIGIT years
    {"rfc9110_5_6_7_epoch", "Thu, 01 Jan 1970 00:00:00 GMT", true, 0},
    {"rfc9110_5_6_7_before_epoch", "Sun, 31 Dec 1969 23:59:59 GMT", true, -1},
    {"rfc9110_5_6_7_year_1900", "Mon, 01 Jan 1900 00:00:00 GMT", true, Utc(1900, 1, 1)},
    {"rfc9110_5_6_7_year_1", "Mon, 01 Jan 0001 00:00:00 GMT", true, Utc(1, 1, 1)},
    {"rfc9110_5_6_7_leap_day", "Thu, 29 Feb 2024 12:00:00 GMT", true, Utc(2024, 2, 29, 12)},
    {"rfc9110_5_6_7_leap_day_2000", "Tue, 29 Feb 2000 23:59:59 GMT", true,
     Utc(2000, 2, 29, 23, 59, 59)},
    {"rfc9110_5_6_7_after_2038", "Tue, 19 Jan 2038 03:14:08 GMT", true, 2147483648LL},
    {"rfc9110_5_6_7_year_9999", "Fri, 31 Dec 9999 23:59:59 GMT", true,
     Utc(9999, 12, 31, 23, 59, 59)},
    {"rfc9110_5_6_7_every_month_dec", "Sat, 01 Dec 2001 00:00:00 GMT", true, Utc(2001, 12, 1)},
    {"rfc9110_5_6_7_every_month_jun", "Fri, 01 Jun 2001 00:00:00 GMT", true, Utc(2001, 6, 1)},
    // a leap second is read as the second before it
    {"rfc9110_5_6_7_leap_second", "Sat, 31 Dec 2016 23:59:60 GMT", true,
     Utc(2016, 12, 31, 23, 59, 59)},
    // the day name is redundant and not checked against the date
    {"rfc9110_5_6_7_wrong_day_name", "Mon, 06 Nov 1994 08:49:37 GMT", true, kExample},
    {"rfc9110_5_6_7_rfc850_unknown_day_name",
     "Caturday, 06-Nov-" + TwoDigits(CurrentYear()) + " 08:49:37 GMT", true,
     Utc(CurrentYear(), 11, 6, 8, 49, 37)},
    // nor is the day checked against the month: 31 Feb is 3 Mar
    {"rfc9110_5_6_7_day_past_month_end", "Mon, 31 Feb 2025 00:00:00 GMT", true, Utc(2025, 3, 3)},
    // not an HTTP-date
    {"rfc9110_5_6_7_empty", "", false},
    {"rfc9110_5_6_7_word", "yesterday", false},
    {"rfc9110_5_6_7_comma_only", ",", false},
    {"rfc9110_5_6_7_utc", "Sun, 06 Nov 1994 08:49:37 UTC", false},
    {"rfc9110_5_6_7_gmt_lowercase", "Sun, 06 Nov 1994 08:49:37 gmt", false},
    {"rfc9110_5_6_7_month_lowercase", "Sun, 06 nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_month_unknown", "Sun, 06 Noe 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_one_digit_day", "Sun, 6 Nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_padded_day", "Sun,  6 Nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_two_digit_year", "Sun, 06 Nov 94 08:49:37 GMT", false},
    {"rfc9110_5_6_7_year_not_digits", "Sun, 06 Nov 199x 08:49:37 GMT", false},
    {"rfc9110_5_6_7_day_zero", "Sun, 00 Nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_day_32", "Sun, 32 Nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_hour_24", "Sun, 06 Nov 1994 24:00:00 GMT", false},
    {"rfc9110_5_6_7_minute_60", "Sun, 06 Nov 1994 08:60:37 GMT", false},
    {"rfc9110_5_6_7_second_61", "Sun, 06 Nov 1994 08:49:61 GMT", false},
    {"rfc9110_5_6_7_time_dashes", "Sun, 06 Nov 1994 08-49-37 GMT", false},
    {"rfc9110_5_6_7_time_signed", "Sun, 06 Nov 1994 +8:49:37 GMT", false},
    {"rfc9110_5_6_7_no_space_after_comma", "Sun,06 Nov 1994 08:49:37 GMT ", false},
    {"rfc9110_5_6_7_trailing_space", "Sun, 06 Nov 1994 08:49:37 GMT ", false},
    {"rfc9110_5_6_7_leading_space", " Sun, 06 Nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_tab_for_space", "Sun,\t06 Nov 1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_nul_for_space", "Sun, 06 Nov 1994 08:49:37\0GMT"s, false},
    {"rfc9110_5_6_7_two_dates", "Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT",
     false},
    {"rfc9110_5_6_7_rfc850_four_digit_year", "Sunday, 06-Nov-1994 08:49:37 GMT", false},
    {"rfc9110_5_6_7_rfc850_spaces", "Sunday, 06 Nov 94 08:49:37 GMT", false},
    {"rfc9110_5_6_7_rfc850_no_space", "Sunday,06-Nov-94 08:49:37 GMT ", false},
    {"rfc9110_5_6_7_rfc850_short_name", "Sun, 06-Nov-94 08:49:37 GMT", false},
    {"rfc9110_5_6_7_rfc850_utc", "Sunday, 06-Nov-94 08:49:37 UTC", false},
    {"rfc9110_5_6_7_rfc850_bad_year", "Sunday, 06-Nov-9x 08:49:37 GMT", false},
    {"rfc9110_5_6_7_rfc850_bad_time", "Sunday, 06-Nov-94 08:49:3x GMT", false},
    {"rfc9110_5_6_7_asctime_one_space", "Sun Nov 6 08:49:37 1994", false},
    {"rfc9110_5_6_7_asctime_day_space_after", "Sun Nov 6  08:49:37 1994", false},
    {"rfc9110_5_6_7_asctime_two_spaces_in_day", "Sun Nov    08:49:37 1994", false},
    {"rfc9110_5_6_7_asctime_short_year", "Sun Nov  6 08:49:37 94", false},
    {"rfc9110_5_6_7_asctime_gmt", "Sun Nov  6 08:49:37 1994 GMT", false},
    {"rfc9110_5_6_7_asctime_bad_month", "Sun Non  6 08:49:37 1994", false},
    {"rfc9110_5_6_7_asctime_day_zero", "Sun Nov  0 08:49:37 1994", false},
    // year 0 wraps in mktime64() (January, February): refused, not 304
    {"rfc9110_5_6_7_year_0_january", "Sat, 01 Jan 0000 00:00:00 GMT", false},
    {"rfc9110_5_6_7_year_0_february", "Tue, 29 Feb 0000 23:59:59 GMT", false},
    {"rfc9110_5_6_7_year_0_march", "Wed, 01 Mar 0000 00:00:00 GMT", false},
    {"rfc9110_5_6_7_year_0_asctime", "Sat Jan  1 00:00:00 0000", false},
};

class HttpDate : public ::testing::TestWithParam<DateCase> {};

TEST_P(HttpDate, Parse) {
  const DateCase& c = GetParam();
  const Field f(c.in);
  time64_t t = 12345;

  const int rc = khttpd_http_date_parse(f.p(), f.len(), &t);
  if (!c.ok) {
    EXPECT_EQ(rc, -EINVAL);
    return;
  }
  ASSERT_EQ(rc, 0);
  EXPECT_EQ(t, c.want);
}

INSTANTIATE_TEST_SUITE_P(Cases, HttpDate, ::testing::ValuesIn(kDates), CaseName<DateCase>);

// rfc850-date: "a timestamp that appears to be more than 50 years in the
// future" is the most recent past year with the same last two digits.
TEST(HttpDateRfc850, Rfc9110_5_6_7_TwoDigitYearWindow) {
  const int cur = CurrentYear();

  for (int ahead = -49; ahead <= 50; ahead++) {
    const int year = cur + ahead;
    char in[40];
    time64_t t = 0;

    snprintf(in, sizeof(in), "Saturday, 01-Jan-%02d 00:00:00 GMT", year % 100);
    const Field f(in);
    ASSERT_EQ(khttpd_http_date_parse(f.p(), f.len(), &t), 0) << in;
    EXPECT_EQ(t, Utc(year, 1, 1)) << in;
  }
}

TEST(HttpDateRfc850, Rfc9110_5_6_7_Example) {
  const Field f("Sunday, 06-Nov-94 08:49:37 GMT");
  const int year = CurrentYear() < 2044 ? 1994 : 2094;
  time64_t t = 0;

  ASSERT_EQ(khttpd_http_date_parse(f.p(), f.len(), &t), 0);
  EXPECT_EQ(t, Utc(year, 11, 6, 8, 49, 37));
}

// Every month name, in all three formats.
TEST(HttpDateMonths, Rfc9110_5_6_7_MonthNames) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int cur = CurrentYear();

  for (int m = 1; m <= 12; m++) {
    char imf[40], rfc850[40], asc[40];
    time64_t a = 0, b = 0, c = 0;

    snprintf(imf, sizeof(imf), "Xxx, 15 %s 2010 01:02:03 GMT", kMonths[m - 1]);
    snprintf(rfc850, sizeof(rfc850), "Xxxxxx, 15-%s-%02d 01:02:03 GMT", kMonths[m - 1], cur % 100);
    snprintf(asc, sizeof(asc), "Xxx %s 15 01:02:03 2010", kMonths[m - 1]);
    const Field fi(imf), fr(rfc850), fa(asc);
    ASSERT_EQ(khttpd_http_date_parse(fi.p(), fi.len(), &a), 0) << imf;
    ASSERT_EQ(khttpd_http_date_parse(fr.p(), fr.len(), &b), 0) << rfc850;
    ASSERT_EQ(khttpd_http_date_parse(fa.p(), fa.len(), &c), 0) << asc;
    EXPECT_EQ(a, Utc(2010, m, 15, 1, 2, 3)) << imf;
    EXPECT_EQ(b, Utc(cur, m, 15, 1, 2, 3)) << rfc850;
    EXPECT_EQ(c, a) << asc;
  }
}

// ---- If-Range: RFC 9110 §13.1.5 ----

struct IfRangeCase {
  const char* name;
  std::string field;
  time64_t mtime;  // Last-Modified of the file
  time64_t now;
  bool want;  // true: send the range
};

void PrintTo(const IfRangeCase& c, std::ostream* os) { *os << '"' << c.field << '"'; }

constexpr time64_t kLater = kExample + 100;

const std::vector<IfRangeCase> kIfRanges = {
    // an entity-tag is compared strongly: a weak one never matches
    {"rfc9110_13_1_5_etag_same", "\"1a-2b-3c\"", kExample, kLater, true},
    {"rfc9110_13_1_5_etag_other", "\"1a-2b-3d\"", kExample, kLater, false},
    {"rfc9110_13_1_5_etag_weak", "W/\"1a-2b-3c\"", kExample, kLater, false},
    {"rfc9110_13_1_5_etag_case", "\"1A-2B-3C\"", kExample, kLater, false},
    {"rfc9110_13_1_5_etag_trailing", "\"1a-2b-3c\" ", kExample, kLater, false},
    {"rfc9110_13_1_5_etag_list", "\"1a-2b-3c\", \"x\"", kExample, kLater, false},
    {"rfc9110_13_1_5_etag_unterminated", "\"1a-2b-3c", kExample, kLater, false},
    {"rfc9110_13_1_5_etag_star", "*", kExample, kLater, false},
    // an HTTP-date matches only Last-Modified exactly...
    {"rfc9110_13_1_5_date_same", "Sun, 06 Nov 1994 08:49:37 GMT", kExample, kLater, true},
    {"rfc9110_13_1_5_date_asctime", "Sun Nov  6 08:49:37 1994", kExample, kLater, true},
    {"rfc9110_13_1_5_date_a_second_early", "Sun, 06 Nov 1994 08:49:36 GMT", kExample, kLater,
     false},
    {"rfc9110_13_1_5_date_a_second_late", "Sun, 06 Nov 1994 08:49:38 GMT", kExample, kLater, false},
    {"rfc9110_13_1_5_date_other_year", "Sat, 01 Jan 2000 00:00:00 GMT", kExample, kLater, false},
    // ...and when that is a strong validator: a second before now (§8.8.2.2)
    {"rfc9110_8_8_2_2_date_this_second", "Sun, 06 Nov 1994 08:49:37 GMT", kExample, kExample,
     false},
    {"rfc9110_8_8_2_2_date_a_second_ago", "Sun, 06 Nov 1994 08:49:37 GMT", kExample, kExample + 1,
     true},
    {"rfc9110_8_8_2_2_date_in_future", "Sun, 06 Nov 1994 08:49:37 GMT", kExample, kExample - 5,
     false},
    // neither: the whole representation
    {"rfc9110_13_1_5_empty", "", kExample, kLater, false},
    {"rfc9110_13_1_5_garbage", "yesterday", kExample, kLater, false},
    {"rfc9110_13_1_5_lowercase_weak", "w/\"1a-2b-3c\"", kExample, kLater, false},
    {"rfc9110_13_1_5_date_trailing_space", "Sun, 06 Nov 1994 08:49:37 GMT ", kExample, kLater,
     false},
};

class IfRange : public ::testing::TestWithParam<IfRangeCase> {};

TEST_P(IfRange, Match) {
  const IfRangeCase& c = GetParam();
  const Field f(c.field);

  EXPECT_EQ(khttpd_if_range_match(f.p(), f.len(), kEtag, c.mtime, c.now), c.want);
}

INSTANTIATE_TEST_SUITE_P(Cases, IfRange, ::testing::ValuesIn(kIfRanges), CaseName<IfRangeCase>);

}  // namespace
