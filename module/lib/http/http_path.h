/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Request-target URI components (RFC 3986): path normalisation and the
 * syntax of the query and of an authority.  Plain C shared by the HTTP
 * parser, the static-file code and the user-space tests and fuzzers.
 *
 * Every function is bounded by its input length and allocates nothing;
 * the checks return 0 or a negative HTTP status, the encoder a length.
 */
#ifndef KHTTPD_HTTP_PATH_H
#define KHTTPD_HTTP_PATH_H

#include "../compat.h"

/* Flags for kh_http_authority_check(). */
#define HTTP_AUTH_EMPTY_OK	0x1	/* "" is valid (a Host field value) */
#define HTTP_AUTH_PORT_REQUIRED	0x2	/* authority-form of CONNECT */

/* The value of hex digit @c, or -1. */
static inline int kh_http_hex_digit(u8 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int kh_http_path_normalize(const char *src, size_t len, char *dst, size_t size,
			   u32 *dst_len);
int kh_http_query_check(const char *src, size_t len);
int kh_http_authority_check(const char *src, size_t len, unsigned int flags);
size_t kh_http_url_encode(char *dst, const char *src, size_t len,
			  bool keep_pchar);

#endif /* KHTTPD_HTTP_PATH_H */
