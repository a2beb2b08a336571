/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accept-Encoding (RFC 9110 §12.5.3): which precompressed sibling of a
 * file, if any, a request gets.  Plain C shared by the module's static
 * files and the user-space tests; bounded by the field's length, allocates
 * nothing.
 */
#ifndef KHTTPD_STATIC_ACCEPT_H
#define KHTTPD_STATIC_ACCEPT_H

#include "../compat.h"

/* The content codings served from siblings, as bits of a set. */
enum khttpd_coding {
	KHTTPD_CODING_IDENTITY = 0,	/* the file itself */
	KHTTPD_CODING_GZIP = 1,		/* F.gz */
	KHTTPD_CODING_BR = 2,		/* F.br */
};

/* What a request's Accept-Encoding says of the codings we may use. */
struct khttpd_accept {
	u16 gzip, br, identity;	/* qvalue * 1000: 0 (not acceptable)-1000 */
};

void khttpd_accept_parse(const char *field, size_t len,
			 struct khttpd_accept *a);
enum khttpd_coding khttpd_accept_pick(const struct khttpd_accept *a,
				      unsigned int avail);

#endif /* KHTTPD_STATIC_ACCEPT_H */
