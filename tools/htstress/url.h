/* SPDX-License-Identifier: GPL-2.0 */
/* The target: http://HOST[:PORT][/PATH] and the address it resolves to. */
#ifndef HTSTRESS_URL_H
#define HTSTRESS_URL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct url {
	char host[256];		/* name or address, no IPv6 brackets */
	char authority[272];	/* Host header: [v6]:port as given */
	uint16_t port;
	char *path;		/* origin-form target: "/..." with query */
};

/**
 * url_parse() - split @s into @u.
 * @u: result; free with url_free()
 * @s: the URL; "http://" may be omitted, other schemes are refused
 *
 * Return: NULL on success, else a static description of the problem.
 */
const char *url_parse(struct url *u, const char *s);

void url_free(struct url *u);

/**
 * url_resolve() - the first TCP address of @u's host and port.
 * @u: parsed URL
 * @ss: result
 * @len: length of the address in @ss
 *
 * Address literals never need the resolver (so they work in a static
 * binary without NSS); names go through getaddrinfo().
 *
 * Return: NULL on success, else a description of the problem.
 */
const char *url_resolve(const struct url *u, struct sockaddr_storage *ss,
			socklen_t *len);

#endif /* HTSTRESS_URL_H */
