// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual hosts (docs/static.md): a request's host, as the parser checked
 * it (RFC 3986 uri-host [":" port]), becomes the name of a folder of the
 * docroot.  The name is never a path: only a DNS name (letters, digits and
 * '-' in dot-separated labels of 1 to 63 bytes, at most 253 bytes, one
 * final dot dropped) or an IP literal (IPv4 digits and dots, which the DNS
 * rule covers; IPv6 hex digits, ':' and '.' in brackets) is accepted,
 * lower-cased, its port removed.  Anything else (percent-escapes,
 * sub-delims, "..", empty labels, IPvFuture) is refused, so "/", "\\",
 * "..", NUL and every other byte that could leave the folder never reach
 * a lookup.
 */
#include "static_host.h"

static u8 lower(u8 c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool ldh(u8 c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static bool hex_or_sep(u8 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       c == ':' || c == '.';
}

/* "[v6]" of @len bytes (port already removed) into @out. */
static int ipv6_site(const char *h, size_t len, char *out)
{
	size_t i;

	if (len < 4 || h[len - 1] != ']')	/* at least "[::]" */
		return -400;
	out[0] = '[';
	for (i = 1; i < len - 1; i++) {
		u8 c = lower(h[i]);

		if (!hex_or_sep(c))
			return -400;	/* IPvFuture, zone ids, anything else */
		out[i] = c;
	}
	out[len - 1] = ']';
	out[len] = '\0';
	return len;
}

/* reg-name of @len bytes (port already removed) into @out. */
static int dns_site(const char *h, size_t len, char *out)
{
	size_t i, label = 0;

	if (len && h[len - 1] == '.')
		len--;			/* "example.com." is "example.com" */
	if (!len || len > 253)
		return -400;
	for (i = 0; i < len; i++) {
		u8 c = lower(h[i]);

		if (c == '.') {
			if (!label || out[i - 1] == '-')
				return -400;	/* empty label, or "a-." */
			label = 0;
		} else if (!ldh(c) || (c == '-' && !label) || ++label > 63) {
			return -400;
		}
		out[i] = c;
	}
	if (!label || out[len - 1] == '-')
		return -400;	/* an empty last label, or "a-" */
	out[len] = '\0';
	return len;
}

/**
 * khttpd_vhost_site() - the folder name of a request's host.
 * @host: uri-host [":" port] as the parser accepted it, or NULL if none
 * @len: its length
 * @out: destination, NUL-terminated
 * @size: its size; KHTTPD_SITE_MAX holds every valid name
 *
 * Return: the name's length; 0 if there is no host (the caller uses the
 * "default" folder); -400 if the host is not a DNS name or IP literal.
 */
int khttpd_vhost_site(const char *host, size_t len, char *out, size_t size)
{
	size_t n = len;

	if (!host || !len)
		return 0;
	if (host[0] == '[') {
		const char *end = memchr(host, ']', len);

		if (!end)
			return -400;
		n = end - host + 1;
		if (n < len && host[n] != ':')
			return -400;
	} else {
		const char *colon = memchr(host, ':', len);

		if (colon)
			n = colon - host;
	}
	if (n + 1 > size)
		return -400;
	return host[0] == '[' ? ipv6_site(host, n, out) :
				dns_site(host, n, out);
}
