/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Requests to responses: routing, and the response head every route shares.
 */
#ifndef KHTTPD_HTTP_H
#define KHTTPD_HTTP_H

#include <linux/time64.h>
#include <linux/types.h>

struct khttpd_conn;
struct khttpd_reply;
struct kh_http_request;

void khttpd_http_respond(struct khttpd_conn *c,
			 const struct kh_http_request *req);
void khttpd_http_error(struct khttpd_conn *c, int status);
size_t khttpd_http_status_body(char *buf, size_t len, int status);

void khttpd_http_date(char *buf, size_t len, time64_t sec);
size_t khttpd_http_head(char *buf, size_t avail, const struct khttpd_reply *r,
			const char *ctype, u64 clen, const char *extra);
void khttpd_http_reply(struct khttpd_conn *c, const struct khttpd_reply *r,
		       const char *ctype, const char *extra,
		       const char *body, size_t blen);

#endif /* KHTTPD_HTTP_H */
