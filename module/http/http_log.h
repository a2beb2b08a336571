/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The access log's records, made by the HTTP layer (http_log.c): the
 * request's strings when it is answered, its status when the response is
 * queued, bytes and duration when its last byte is sent (log/log.h stores
 * them for /dev/khttpd-log).
 */
#ifndef KHTTPD_HTTP_LOG_H
#define KHTTPD_HTTP_LOG_H

#include <linux/types.h>

struct khttpd_conn;
struct khttpd_log_entry;
struct kh_http_request;

/*
 * A connection's log state, inside its HTTP state; like it, owned by the
 * connection's io_work (no lock).
 */
struct khttpd_http_log {
	/* answered, its response not queued yet */
	struct khttpd_log_entry *cur;
	/* responses queued, oldest first; their sent() come in this order */
	struct khttpd_log_entry *first, *last;
	u32 requests;		/* requests answered on the connection */
	u16 port;		/* the client, taken once */
	u8 family;
	u8 addr[16];
};

void khttpd_http_log_request(struct khttpd_conn *c, struct khttpd_http_log *l,
			     const struct kh_http_request *req);
bool khttpd_http_log_queued(struct khttpd_conn *c, struct khttpd_http_log *l,
			    const char *head, size_t len, int status,
			    int route);
void khttpd_http_log_sent(struct khttpd_http_log *l, u64 bytes, u64 ns);
void khttpd_http_log_release(struct khttpd_http_log *l);

#endif /* KHTTPD_HTTP_LOG_H */
