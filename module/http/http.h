/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTTP/1.1 over the connection engine (http_conn.c), and requests to
 * responses: routing, and the response head every route shares (http.c).
 */
#ifndef KHTTPD_HTTP_H
#define KHTTPD_HTTP_H

#include <linux/time64.h>
#include <linux/types.h>

#include "core/stats.h"

struct khttpd_conn;
struct khttpd_proto_ops;
struct kh_http_request;

/* What a handler needs to know about the response it is writing. */
struct khttpd_reply {
	int status;
	enum khttpd_route route;
	bool head_only;		/* HEAD: headers of the GET, no body */
	bool close;		/* Connection: close, then close */
	bool keep_alive_10;	/* HTTP/1.0 client asked to keep alive */
};

/* http_conn.c: HTTP/1.1 as the connection engine's protocol */
const struct khttpd_proto_ops *khttpd_http_proto(void);
void khttpd_conn_out_commit(struct khttpd_conn *c, size_t len,
			    const struct khttpd_reply *r);

/* http.c: routing and replies */

/* a Content-Length khttpd_http_head() leaves out (HEAD, body not built) */
#define KHTTPD_CLEN_UNKNOWN	U64_MAX

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
