// SPDX-License-Identifier: GPL-2.0
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Did the user give header @name with -H?  Then we do not add ours. */
static bool user_has(const struct options *o, const char *name)
{
	size_t len = strlen(name);
	unsigned int i;

	for (i = 0; i < o->nheaders; i++)
		if (!strncasecmp(o->headers[i], name, len) &&
		    o->headers[i][len] == ':')
			return true;
	return false;
}

static bool method_has_body(const char *m)
{
	return !strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH");
}

int request_build(struct request *r, const struct options *o,
		  const struct url *u)
{
	size_t cap = strlen(o->method) + strlen(u->path) +
		     strlen(u->authority) + 128, len;
	unsigned int i;
	char *one, *p;

	for (i = 0; i < o->nheaders; i++)
		cap += strlen(o->headers[i]) + 2;
	one = malloc(cap);
	if (!one)
		return -1;
	len = (size_t)sprintf(one, "%s %s HTTP/1.1\r\n", o->method, u->path);
	if (!user_has(o, "Host"))
		len += (size_t)sprintf(one + len, "Host: %s\r\n", u->authority);
	if (!user_has(o, "User-Agent"))
		len += (size_t)sprintf(one + len, "User-Agent: htstress\r\n");
	if (!o->keepalive && !user_has(o, "Connection"))
		len += (size_t)sprintf(one + len, "Connection: close\r\n");
	/* htstress sends no body; say so where servers may insist (411). */
	if (method_has_body(o->method) && !user_has(o, "Content-Length") &&
	    !user_has(o, "Transfer-Encoding"))
		len += (size_t)sprintf(one + len, "Content-Length: 0\r\n");
	for (i = 0; i < o->nheaders; i++)
		len += (size_t)sprintf(one + len, "%s\r\n", o->headers[i]);
	len += (size_t)sprintf(one + len, "\r\n");

	r->batch = malloc(len * o->pipeline);
	if (!r->batch) {
		free(one);
		return -1;
	}
	for (i = 0, p = r->batch; i < o->pipeline; i++, p += len)
		memcpy(p, one, len);
	free(one);
	r->len = len;
	r->depth = o->pipeline;
	r->head = !strcmp(o->method, "HEAD");
	return 0;
}

void request_free(struct request *r)
{
	free(r->batch);
	r->batch = NULL;
}
