// SPDX-License-Identifier: GPL-2.0
/*
 * Conditional and range requests (RFC 9110 §13.1.2, §13.1.3, §14).
 *
 * Every function reads a header field value as the parser kept it (OWS
 * trimmed, not NUL-terminated) and is bounded by its length.  A value that
 * does not parse is treated as absent, which is always safe here: the
 * client then gets the whole current representation.
 */
#include "static_cond.h"

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* etagc = %x21 / %x23-7E / obs-text */
static bool is_etagc(u8 c)
{
	return c == 0x21 || (c >= 0x23 && c != 0x7f);
}

/**
 * khttpd_etag_match() - does If-None-Match match the current entity-tag?
 * @field: the If-None-Match field value
 * @len: its length
 * @etag: the current strong entity-tag, quotes included
 *
 * "*" matches any current representation.  Otherwise the field is a list
 * of entity-tags, compared weakly (RFC 9110 §8.8.3.2): a "W/" prefix is
 * ignored on either side.  A list that does not parse matches nothing.
 *
 * Return: true if a 304 is the answer.
 */
bool khttpd_etag_match(const char *field, size_t len, const char *etag)
{
	size_t elen = strlen(etag), i = 0, start;

	if (len == 1 && field[0] == '*')
		return true;
	for (;;) {
		while (i < len && (is_ows(field[i]) || field[i] == ','))
			i++;
		if (i == len)
			return false;
		if (len - i >= 2 && field[i] == 'W' && field[i + 1] == '/')
			i += 2;
		if (i == len || field[i] != '"')
			return false;
		start = i++;
		while (i < len && is_etagc(field[i]))
			i++;
		if (i == len || field[i] != '"')
			return false;
		i++;
		if (i - start == elen && !memcmp(field + start, etag, elen))
			return true;
		while (i < len && is_ows(field[i]))
			i++;
		if (i < len && field[i] != ',')
			return false;
	}
}

static const char month_names[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static int parse_month(const char *s)
{
	int m;

	for (m = 0; m < 12; m++)
		if (!memcmp(s, month_names[m], 3))
			return m + 1;
	return -1;
}

/* @n decimal digits at @s; a leading space is allowed when @pad. */
static int parse_num(const char *s, int n, bool pad)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (pad && i == 0 && s[i] == ' ' && n > 1)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

/* "HH:MM:SS" */
static bool parse_tod(const char *s, int *h, int *m, int *sec)
{
	if (s[2] != ':' || s[5] != ':')
		return false;
	*h = parse_num(s, 2, false);
	*m = parse_num(s + 3, 2, false);
	*sec = parse_num(s + 6, 2, false);
	return *h >= 0 && *h <= 23 && *m >= 0 && *m <= 59 &&
	       *sec >= 0 && *sec <= 60;
}

/* A two-digit year more than 50 years ahead is in the past century. */
static int rfc850_year(int yy)
{
	struct tm now;
	long cur, year;

	time64_to_tm(ktime_get_real_seconds(), 0, &now);
	cur = now.tm_year + 1900;
	year = cur - cur % 100 + yy;
	if (year > cur + 50)
		year -= 100;
	return year;
}

/**
 * khttpd_http_date_parse() - parse an HTTP-date (RFC 9110 §5.6.7).
 * @s: the date
 * @len: its length
 * @out: seconds since the epoch
 *
 * Accepts the three formats a recipient must: IMF-fixdate
 * ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete RFC 850 form
 * ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
 * The day name is not checked against the date.
 *
 * Return: 0, or -EINVAL if @s is none of them.
 */
int khttpd_http_date_parse(const char *s, size_t len, time64_t *out)
{
	const char *comma = memchr(s, ',', len);
	int year, mon, day, h, m, sec;

	if (comma == s + 3 && len == 29) {		/* IMF-fixdate */
		if (s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
		    s[16] != ' ' || memcmp(s + 25, " GMT", 4))
			return -EINVAL;
		day = parse_num(s + 5, 2, false);
		mon = parse_month(s + 8);
		year = parse_num(s + 12, 4, false);
		if (!parse_tod(s + 17, &h, &m, &sec))
			return -EINVAL;
	} else if (comma && comma > s + 3 && s + len - comma == 24) {
		/* rfc850-date: ", DD-Mon-YY HH:MM:SS GMT" after the day name */
		const char *d = comma + 2;

		if (comma[1] != ' ' || d[2] != '-' || d[6] != '-' ||
		    d[9] != ' ' || memcmp(d + 18, " GMT", 4))
			return -EINVAL;
		day = parse_num(d, 2, false);
		mon = parse_month(d + 3);
		year = parse_num(d + 7, 2, false);
		if (year < 0 || !parse_tod(d + 10, &h, &m, &sec))
			return -EINVAL;
		year = rfc850_year(year);
	} else if (!comma && len == 24) {		/* asctime-date */
		if (s[3] != ' ' || s[7] != ' ' || s[10] != ' ' ||
		    s[19] != ' ')
			return -EINVAL;
		mon = parse_month(s + 4);
		day = parse_num(s + 8, 2, true);
		year = parse_num(s + 20, 4, false);
		if (!parse_tod(s + 11, &h, &m, &sec))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	/*
	 * Year 0 is refused: in January and February mktime64()'s unsigned
	 * arithmetic wraps it to a date millions of years ahead, which would
	 * make If-Modified-Since answer 304 for every file.
	 */
	if (day < 1 || day > 31 || mon < 1 || year < 1)
		return -EINVAL;
	if (sec == 60)
		sec = 59;	/* a leap second: the second before it will do */
	*out = mktime64(year, mon, day, h, m, sec);
	return 0;
}

/* 1*DIGIT at @s[*i], saturating; false if there is no digit. */
static bool parse_u64(const char *s, size_t len, size_t *i, u64 *out)
{
	size_t start = *i;
	u64 v = 0;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		unsigned int d = s[*i] - '0';

		v = v > (U64_MAX - d) / 10 ? U64_MAX : v * 10 + d;
		(*i)++;
	}
	*out = v;
	return *i > start;
}

/**
 * khttpd_range_parse() - evaluate a Range field against a representation.
 * @s: the Range field value
 * @len: its length
 * @size: the representation's length in bytes
 * @first: set to the first byte of the range
 * @last: set to its last byte (inclusive)
 *
 * Only "bytes" ranges are understood (RFC 9110 §14.1.2): "a-b", "a-", "-n".
 * A field that does not parse, another unit, or more than one range makes
 * the server ignore Range and send the whole representation, which
 * RFC 9110 §14.2 allows; that also spares khttpd multipart responses.  So
 * does a suffix range of an empty representation.
 *
 * Return: KHTTPD_RANGE_OK with *@first and *@last set,
 * KHTTPD_RANGE_UNSATISFIABLE, or KHTTPD_RANGE_NONE.
 */
enum khttpd_range khttpd_range_parse(const char *s, size_t len, u64 size,
				     u64 *first, u64 *last)
{
	bool suffix = false, have_last = false;
	u64 a = 0, b = 0;
	size_t i = 6;
	int specs = 0;

	if (len < 6 || strncasecmp(s, "bytes=", 6))
		return KHTTPD_RANGE_NONE;
	for (;;) {
		/* empty list elements are allowed (RFC 9110 §5.6.1.2) */
		while (i < len && (is_ows(s[i]) || s[i] == ','))
			i++;
		if (i == len)
			break;
		if (++specs > 1)
			return KHTTPD_RANGE_NONE;
		if (s[i] == '-') {
			i++;
			suffix = true;
			if (!parse_u64(s, len, &i, &b))
				return KHTTPD_RANGE_NONE;
		} else {
			if (!parse_u64(s, len, &i, &a) || i == len ||
			    s[i++] != '-')
				return KHTTPD_RANGE_NONE;
			have_last = parse_u64(s, len, &i, &b);
			if (have_last && b < a)
				return KHTTPD_RANGE_NONE;
		}
		while (i < len && is_ows(s[i]))
			i++;
		if (i < len && s[i] != ',')
			return KHTTPD_RANGE_NONE;
	}
	if (!specs)
		return KHTTPD_RANGE_NONE;
	if (suffix) {
		if (!b)
			return KHTTPD_RANGE_UNSATISFIABLE;
		/*
		 * Satisfiable even when the file is empty (RFC 9110 §14.1.2),
		 * but no Content-Range can name an empty range: send the
		 * whole, empty file.
		 */
		if (!size)
			return KHTTPD_RANGE_NONE;
		*first = b < size ? size - b : 0;
		*last = size - 1;
		return KHTTPD_RANGE_OK;
	}
	if (a >= size)
		return KHTTPD_RANGE_UNSATISFIABLE;
	*first = a;
	*last = have_last && b < size ? b : size - 1;
	return KHTTPD_RANGE_OK;
}

/**
 * khttpd_if_range_match() - may the Range of this request be honoured?
 * @field: the If-Range field value
 * @len: its length
 * @etag: the current strong entity-tag, quotes included
 * @mtime: the current Last-Modified, seconds since the epoch
 * @now: the time now, seconds since the epoch
 *
 * If-Range (RFC 9110 §13.1.5) carries an entity-tag, compared strongly (a
 * weak one never matches), or an HTTP-date, which matches only when it is
 * exactly Last-Modified and that is a strong validator: at least a second
 * in the past (§8.8.2.2), so no change within the same second can hide.
 *
 * Return: true to send the range, false to send the whole representation.
 */
bool khttpd_if_range_match(const char *field, size_t len, const char *etag,
			   time64_t mtime, time64_t now)
{
	time64_t date;

	if (len && field[0] == '"')
		return len == strlen(etag) && !memcmp(field, etag, len);
	if (len >= 2 && field[0] == 'W' && field[1] == '/')
		return false;
	if (khttpd_http_date_parse(field, len, &date))
		return false;
	return date == mtime && mtime < now;
}
