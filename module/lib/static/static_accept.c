// SPDX-License-Identifier: GPL-2.0
/*
 * Accept-Encoding (RFC 9110 §12.5.3, §12.4.2 qvalues), for precompressed
 * siblings of static files (docs/static.md).
 *
 * The field is a list of codings, each with an optional weight; "*"
 * stands for every coding not listed; identity is acceptable unless it is
 * given q=0 (by name, or by "*;q=0" without naming it), and when not
 * named it comes after the codings the client did name.  A malformed
 * element (a coding that is not a token, a bad qvalue, parameters other
 * than q) makes nothing acceptable through it: the file is then served as
 * it is, which every client accepts.
 */
#include "static_accept.h"
#include "../http/http_parser.h"

static bool tchar(u8 c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c);
}

static int wmax(int a, int b)
{
	return a > b ? a : b;
}

static bool ows(u8 c)
{
	return c == ' ' || c == '\t';
}

/*
 * qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), as 0-1000;
 * -1 if malformed.
 */
static int qvalue(const char *s, size_t len)
{
	int q, scale = 100;
	size_t i;

	if (!len || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = (s[0] - '0') * 1000;
	if (len == 1)
		return q;
	if (s[1] != '.' || len > 5)
		return -1;
	for (i = 2; i < len; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/*
 * One list element "coding *( OWS ";" OWS name=value )", OWS-trimmed:
 * its coding in *@name, *@nlen, its weight returned (1000 without q), or
 * -1 if malformed.
 */
static int element(const char *s, size_t len, const char **name,
		   size_t *nlen)
{
	size_t i = 0, start;
	int q = 1000;

	while (i < len && tchar(s[i]))
		i++;
	if (!i)
		return -1;
	*name = s;
	*nlen = i;
	while (i < len) {
		while (i < len && ows(s[i]))
			i++;
		if (i == len || s[i] != ';')
			return -1;
		i++;
		while (i < len && ows(s[i]))
			i++;
		if (len - i < 2 || (s[i] != 'q' && s[i] != 'Q') ||
		    s[i + 1] != '=')
			return -1;	/* only the weight is defined */
		i += 2;
		start = i;
		while (i < len && !ows(s[i]) && s[i] != ';')
			i++;
		q = qvalue(s + start, i - start);
		if (q < 0)
			return -1;
	}
	return q;
}

/**
 * khttpd_accept_parse() - the weights an Accept-Encoding field gives.
 * @field: the field's value, OWS-trimmed, or NULL if the request has none
 * @len: its length
 * @a: set to the weight of gzip ("x-gzip" too), br and identity
 *
 * Without the field, only identity is chosen (a client that says nothing
 * gets the file as it is, as from nginx).  An empty field means identity
 * only (§12.5.3).
 */
void khttpd_accept_parse(const char *field, size_t len,
			 struct khttpd_accept *a)
{
	int star = -1, gzip = -1, br = -1, identity = -1;
	size_t pos = 0;

	a->gzip = 0;
	a->br = 0;
	a->identity = 1000;
	if (!field)
		return;
	while (pos <= len) {
		const char *end = memchr(field + pos, ',', len - pos);
		size_t e = end ? (size_t)(end - field) : len;
		size_t s = pos, nlen = 0;
		const char *name = NULL;
		int q;

		pos = e + 1;
		while (s < e && ows(field[s]))
			s++;
		while (e > s && ows(field[e - 1]))
			e--;
		if (s == e)
			continue;	/* empty elements are allowed (§5.6.1) */
		q = element(field + s, e - s, &name, &nlen);
		if (q < 0)
			continue;
		if (kh_http_ci_equal(name, nlen, "gzip") ||
		    kh_http_ci_equal(name, nlen, "x-gzip"))
			gzip = wmax(gzip, q);
		else if (kh_http_ci_equal(name, nlen, "br"))
			br = wmax(br, q);
		else if (kh_http_ci_equal(name, nlen, "identity"))
			identity = wmax(identity, q);
		else if (nlen == 1 && name[0] == '*')
			star = wmax(star, q);
	}
	a->gzip = gzip >= 0 ? gzip : wmax(star, 0);
	a->br = br >= 0 ? br : wmax(star, 0);
	/*
	 * identity unnamed: what "*" gives it, else acceptable but after
	 * every coding the client named (it asked for those)
	 */
	if (identity >= 0)
		a->identity = identity;
	else if (star >= 0)
		a->identity = star;
	else
		a->identity = 1;
}

/**
 * khttpd_accept_pick() - the coding to serve.
 * @a: the request's weights (khttpd_accept_parse())
 * @avail: the siblings that exist, a set of 1 << KHTTPD_CODING_GZIP and
 *	1 << KHTTPD_CODING_BR
 *
 * The available coding of the highest weight above 0; br before gzip at
 * equal weight (it is the smaller), and either before identity unless
 * identity weighs more.  When nothing acceptable exists, identity: the
 * server may disregard the field rather than answer 406 (§12.5.3).
 *
 * Return: an enum khttpd_coding.
 */
enum khttpd_coding khttpd_accept_pick(const struct khttpd_accept *a,
				      unsigned int avail)
{
	enum khttpd_coding best = KHTTPD_CODING_IDENTITY;
	u16 q = 0;

	if ((avail & (1U << KHTTPD_CODING_BR)) && a->br > q) {
		best = KHTTPD_CODING_BR;
		q = a->br;
	}
	if ((avail & (1U << KHTTPD_CODING_GZIP)) && a->gzip > q) {
		best = KHTTPD_CODING_GZIP;
		q = a->gzip;
	}
	if (best != KHTTPD_CODING_IDENTITY && a->identity > q)
		return KHTTPD_CODING_IDENTITY;
	return best;
}
