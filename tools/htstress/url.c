// SPDX-License-Identifier: GPL-2.0
#include "url.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool parse_port(const char *s, size_t len, uint16_t *port)
{
	unsigned int v = 0;
	size_t i;

	if (!len || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned int)(s[i] - '0');
	}
	if (!v || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

const char *url_parse(struct url *u, const char *s)
{
	const char *scheme_end = strstr(s, "://");
	const char *auth, *auth_end, *host, *host_end, *port = NULL, *p, *frag;
	size_t host_len, auth_len, path_len;
	bool need_slash;
	char *q;

	memset(u, 0, sizeof(*u));
	u->port = 80;
	if (scheme_end) {
		if ((size_t)(scheme_end - s) != 4 || strncasecmp(s, "http", 4))
			return "only http:// URLs are supported";
		s = scheme_end + 3;
	}
	auth = s;
	auth_end = auth + strcspn(auth, "/?#");
	auth_len = (size_t)(auth_end - auth);
	if (memchr(auth, '@', auth_len))
		return "user information in URLs is not supported";
	if (auth_len && auth[0] == '[') {
		host = auth + 1;
		host_end = memchr(host, ']', (size_t)(auth_end - host));
		if (!host_end)
			return "unterminated [IPv6] address";
		if (host_end + 1 < auth_end) {
			if (host_end[1] != ':')
				return "junk after ]";
			port = host_end + 2;
		}
	} else {
		host = auth;
		host_end = memchr(auth, ':', auth_len);
		if (host_end) {
			port = host_end + 1;
			if (memchr(port, ':', (size_t)(auth_end - port)))
				return "IPv6 addresses must be in brackets";
		} else {
			host_end = auth_end;
		}
	}
	host_len = (size_t)(host_end - host);
	if (!host_len)
		return "no host";
	if (host_len >= sizeof(u->host) || auth_len >= sizeof(u->authority))
		return "host too long";
	/* "host:" with an empty port means the default port */
	if (port && port < auth_end &&
	    !parse_port(port, (size_t)(auth_end - port), &u->port))
		return "bad port";
	if (port == auth_end)
		auth_len--;
	memcpy(u->host, host, host_len);
	memcpy(u->authority, auth, auth_len);

	frag = auth_end + strcspn(auth_end, "#");
	path_len = (size_t)(frag - auth_end);
	for (p = auth_end; p < frag; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return "spaces or control characters in the path";
	need_slash = !path_len || *auth_end != '/';
	u->path = malloc(path_len + 2);
	if (!u->path)
		return "out of memory";
	q = u->path;
	if (need_slash)
		*q++ = '/';
	memcpy(q, auth_end, path_len);
	q[path_len] = '\0';
	return NULL;
}

void url_free(struct url *u)
{
	free(u->path);
	u->path = NULL;
}

const char *url_resolve(const struct url *u, struct sockaddr_storage *ss,
			socklen_t *len)
{
	static char msg[320];
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct addrinfo hints, *res;
	char port[8];
	int err;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, u->host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(u->port);
		*len = sizeof(*in4);
		return NULL;
	}
	if (inet_pton(AF_INET6, u->host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(u->port);
		*len = sizeof(*in6);
		return NULL;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof(port), "%u", u->port);
	err = getaddrinfo(u->host, port, &hints, &res);
	if (err) {
		snprintf(msg, sizeof(msg), "cannot resolve %s: %s %s", u->host,
			 gai_strerror(err), "(IP addresses need no resolver)");
		return msg;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return NULL;
}
