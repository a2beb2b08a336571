// SPDX-License-Identifier: GPL-2.0
/*
 * Request-target URI components (RFC 3986).
 *
 * The path is percent-decoded segment by segment and dot-segments are
 * removed on the decoded segments, so "%2e%2e" is "..".  An encoded slash
 * is refused: no resource name contains one, and refusing it means decoding
 * can never create a segment boundary that the dot-segment pass did not see.
 */
#include "http_path.h"

#define U_UNRES		0x01	/* ALPHA DIGIT - . _ ~ */
#define U_SUB		0x02	/* ! $ & ' ( ) * + , ; = */
#define U_PEXT		0x04	/* : @, the rest of pchar */
#define U_HEX		0x08
#define U_PCHAR		(U_UNRES | U_SUB | U_PEXT)

static const u8 uri_class[256] = {
	['0' ... '9'] = U_UNRES | U_HEX,
	['A' ... 'F'] = U_UNRES | U_HEX,
	['G' ... 'Z'] = U_UNRES,
	['a' ... 'f'] = U_UNRES | U_HEX,
	['g' ... 'z'] = U_UNRES,
	['-'] = U_UNRES,
	['.'] = U_UNRES,
	['_'] = U_UNRES,
	['~'] = U_UNRES,
	['!'] = U_SUB,
	['$'] = U_SUB,
	['&'] = U_SUB,
	['\''] = U_SUB,
	['('] = U_SUB,
	[')'] = U_SUB,
	['*'] = U_SUB,
	['+'] = U_SUB,
	[','] = U_SUB,
	[';'] = U_SUB,
	['='] = U_SUB,
	[':'] = U_PEXT,
	['@'] = U_PEXT,
};

/**
 * kh_http_url_encode() - percent-encode bytes for a URL (RFC 3986 §2.1).
 * @dst: destination, or NULL to measure
 * @src: bytes to encode
 * @len: their number
 * @keep_pchar: keep sub-delims, ':', '@' and '/' (a whole path, e.g. for
 *	Location); otherwise only unreserved characters stay (one name, safe
 *	as a relative reference and inside an HTML attribute)
 *
 * Only ASCII letters, digits and "-._~" (and with @keep_pchar the rest of
 * pchar and '/') are kept: every other byte, NUL, controls and each byte of
 * a UTF-8 sequence included, becomes "%HH" with upper-case digits.  Not
 * the C library's or the kernel's isalnum(), which is true for Latin-1
 * letters 0xC0-0xFF and would let UTF-8 bytes through raw.
 *
 * Return: bytes written (or needed), at most 3 * @len.
 */
size_t kh_http_url_encode(char *dst, const char *src, size_t len,
			  bool keep_pchar)
{
	static const char hex[] = "0123456789ABCDEF";
	u8 keep = keep_pchar ? U_PCHAR : U_UNRES;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		u8 c = src[i];

		if ((uri_class[c] & keep) || (keep_pchar && c == '/')) {
			if (dst)
				dst[n] = c;
			n++;
			continue;
		}
		if (dst) {
			dst[n] = '%';
			dst[n + 1] = hex[c >> 4];
			dst[n + 2] = hex[c & 15];
		}
		n += 3;
	}
	return n;
}

/* The octet encoded by "%HH" at @src[@i], or -1 if it is not one. */
static int pct_octet(const char *src, size_t len, size_t i)
{
	int hi, lo;

	if (len - i < 3)
		return -1;
	hi = kh_http_hex_digit(src[i + 1]);
	lo = kh_http_hex_digit(src[i + 2]);
	if (hi < 0 || lo < 0)
		return -1;
	return hi << 4 | lo;
}

/*
 * Octets a decoded path may not hold: NUL ends C strings, '/' would be a
 * hidden segment boundary, other controls have no business in file names
 * and would reach logs.
 */
static bool bad_decoded(u8 c)
{
	return c < 0x20 || c == 0x7f || c == '/';
}

/**
 * kh_http_path_normalize() - percent-decode @src and remove its dot-segments.
 * @src: an absolute path ("/" first), without query; not NUL-terminated
 * @len: bytes in @src
 * @dst: output, NUL-terminated, starts with '/'
 * @size: bytes available at @dst, including the NUL
 * @dst_len: length of the result without the NUL
 *
 * Segments are decoded, then "." is dropped and ".." removes the previous
 * segment (RFC 3986 §5.2.4).  Empty segments ("//") are dropped as the
 * file system would.  The result ends with '/' when the last segment was
 * empty, "." or "..".
 *
 * Return: 0; -400 for a character outside pchar, an invalid escape, an
 * escaped NUL, slash or control character, or a ".." above the root;
 * -414 when the result, or a prefix of it on the way, does not fit @dst.
 */
int kh_http_path_normalize(const char *src, size_t len, char *dst, size_t size,
			   u32 *dst_len)
{
	size_t i = 1, out = 1, seg;

	if (!len || src[0] != '/')
		return -400;
	if (size < 2)
		return -414;
	dst[0] = '/';
	for (;;) {
		/* dst[0..out) ends with '/'; decode one segment after it */
		seg = out;
		while (i < len && src[i] != '/') {
			u8 c = src[i];

			if (c == '%') {
				int v = pct_octet(src, len, i);

				if (v < 0 || bad_decoded(v))
					return -400;
				c = v;
				i += 3;
			} else if (uri_class[c] & U_PCHAR) {
				i++;
			} else {
				return -400;
			}
			if (out + 1 >= size)
				return -414;
			dst[out++] = c;
		}
		if (out == seg || (out - seg == 1 && dst[seg] == '.')) {
			out = seg;
		} else if (out - seg == 2 && dst[seg] == '.' &&
			   dst[seg + 1] == '.') {
			if (seg == 1)
				return -400;
			out = seg - 1;
			while (dst[out - 1] != '/')
				out--;
		} else if (i < len) {
			if (out + 1 >= size)
				return -414;
			dst[out++] = '/';
		}
		if (i >= len)
			break;
		i++;	/* the '/' after this segment */
	}
	dst[out] = '\0';
	*dst_len = out;
	return 0;
}

/**
 * kh_http_query_check() - check the syntax of a raw query (RFC 3986 §3.4).
 * @src: the query, without '?'
 * @len: bytes in @src
 *
 * The query is passed on undecoded, but it must still be a query: pchar,
 * '/' and '?' only, every '%' starting a valid escape.
 *
 * Return: 0 or -400.
 */
int kh_http_query_check(const char *src, size_t len)
{
	size_t i = 0;

	while (i < len) {
		u8 c = src[i];

		if (c == '%') {
			if (pct_octet(src, len, i) < 0)
				return -400;
			i += 3;
		} else if ((uri_class[c] & U_PCHAR) || c == '/' || c == '?') {
			i++;
		} else {
			return -400;
		}
	}
	return 0;
}

static int port_check(const char *src, size_t len, unsigned int flags)
{
	u32 port = 0;
	size_t i;

	if (!len)
		return (flags & HTTP_AUTH_PORT_REQUIRED) ? -400 : 0;
	if (len > 5)
		return -400;
	for (i = 0; i < len; i++) {
		if (src[i] < '0' || src[i] > '9')
			return -400;
		port = port * 10 + (src[i] - '0');
	}
	return port > 65535 ? -400 : 0;
}

/**
 * kh_http_authority_check() - check uri-host [ ":" port ] (RFC 3986 §3.2).
 * @src: the authority
 * @len: bytes in @src
 * @flags: HTTP_AUTH_EMPTY_OK, HTTP_AUTH_PORT_REQUIRED
 *
 * userinfo is refused (RFC 9110 §4.2.4).  An IP-literal is checked for its
 * character set only ("[", hex digits, ':', '.', IPvFuture characters,
 * "]"); a port has at most 5 digits and is at most 65535.
 *
 * Return: 0 or -400.
 */
int kh_http_authority_check(const char *src, size_t len, unsigned int flags)
{
	size_t i = 0;

	if (!len)
		return (flags & HTTP_AUTH_EMPTY_OK) &&
		       !(flags & HTTP_AUTH_PORT_REQUIRED) ? 0 : -400;
	if (src[0] == '[') {
		for (i = 1; i < len && src[i] != ']'; i++) {
			u8 c = src[i];

			if (!(uri_class[c] & (U_UNRES | U_SUB)) && c != ':')
				return -400;
		}
		if (i == len || i == 1)
			return -400;
		i++;
	} else {
		while (i < len && src[i] != ':') {
			u8 c = src[i];

			if (c == '%') {
				if (pct_octet(src, len, i) < 0)
					return -400;
				i += 3;
			} else if (uri_class[c] & (U_UNRES | U_SUB)) {
				i++;
			} else {
				return -400;
			}
		}
		if (!i)
			return -400;
	}
	if (i == len)
		return port_check(src, 0, flags);
	if (src[i] != ':')
		return -400;
	return port_check(src + i + 1, len - i - 1, flags);
}
