/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Conditional and range requests for static files (RFC 9110 §13, §14):
 * If-None-Match, If-Modified-Since, If-Range and a single byte range.  Pure
 * parsing:
 * no state, no allocation.
 */
#ifndef KHTTPD_STATIC_COND_H
#define KHTTPD_STATIC_COND_H

#include "../compat.h"

enum khttpd_range {
	KHTTPD_RANGE_NONE,	/* absent, not understood or several: send all */
	KHTTPD_RANGE_OK,	/* one satisfiable range: 206 */
	KHTTPD_RANGE_UNSATISFIABLE,	/* 416 */
};

bool khttpd_etag_match(const char *field, size_t len, const char *etag);
int khttpd_http_date_parse(const char *s, size_t len, time64_t *out);
enum khttpd_range khttpd_range_parse(const char *s, size_t len, u64 size,
				     u64 *first, u64 *last);
bool khttpd_if_range_match(const char *field, size_t len, const char *etag,
			   time64_t mtime, time64_t now);

#endif /* KHTTPD_STATIC_COND_H */
