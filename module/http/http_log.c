// SPDX-License-Identifier: GPL-2.0
/*
 * The access log's records, made where HTTP knows what they say.
 *
 * A record is begun when a request is answered (khttpd_http_log_request(),
 * from http_answer()): its strings point into the input buffer only until
 * the head is consumed, so they are copied now.  It gets its status and
 * the response head's length when the response is queued
 * (khttpd_http_log_queued(), from khttpd_conn_out_commit(); an answer
 * that is no request's, a 400 or a 408, gets a record there), waits on
 * the connection's list while the response goes out, and is submitted
 * with its body bytes, duration and completion time when the engine
 * reports the last byte sent (khttpd_http_log_sent(), from http_sent()).
 * The engine sends a connection's responses in order, so sent() always
 * concerns the oldest record queued.  A connection that closes first
 * submits what it still holds, flagged KHTTPD_LOG_F_ABORTED; a request
 * answered by nothing (its client went away during a /fib wait) is logged
 * as nginx does, 499.
 *
 * Everything here runs in the connection's io_work, which owns struct
 * khttpd_http_log; the rings' locking is log/log.c's.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/ipv6.h>

#include "http_log.h"
#include "uapi/khttpd.h"
#include "lib/http/http_parser.h"
#include "log/log.h"
#include "net/conn.h"

/* nginx's status for a request whose client closed before any answer */
#define LOG_STATUS_CLIENT_CLOSED	499

/* Copy @s into @dst of @size bytes; true if it had to be cut. */
static bool log_copy(char *dst, size_t size, const struct kh_http_str *s,
		     u32 *len)
{
	u32 n = s->p ? s->len : 0;
	bool cut = n > size;

	if (cut)
		n = size;
	if (n)
		memcpy(dst, s->p, n);
	*len = n;
	return cut;
}

/* The client's address, once per connection; v4-mapped IPv6 as IPv4. */
static void log_peer(struct khttpd_conn *c, struct khttpd_http_log *l)
{
	struct sockaddr_storage ss;

	if (l->family || khttpd_conn_peer_addr(c, &ss))
		return;
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;

		l->family = KHTTPD_LOG_INET;
		l->port = ntohs(in->sin_port);
		memcpy(l->addr, &in->sin_addr, 4);
	} else if (ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
			(const struct sockaddr_in6 *)&ss;

		l->port = ntohs(in6->sin6_port);
		if (ipv6_addr_v4mapped(&in6->sin6_addr)) {
			l->family = KHTTPD_LOG_INET;
			memcpy(l->addr, &in6->sin6_addr.s6_addr32[3], 4);
		} else {
			l->family = KHTTPD_LOG_INET6;
			memcpy(l->addr, &in6->sin6_addr, 16);
		}
	}
}

/* A new entry with what the connection knows (client, reuse count). */
static struct khttpd_log_entry *log_begin(struct khttpd_conn *c,
					  struct khttpd_http_log *l)
{
	struct khttpd_log_entry *e = khttpd_log_alloc();

	if (!e)
		return NULL;
	log_peer(c, l);
	e->rec.family = l->family;
	e->rec.port = l->port;
	memcpy(e->rec.addr, l->addr, sizeof(e->rec.addr));
	e->rec.requests = l->requests;
	e->rec.http_minor = 0xff;
	e->rec.route = KR_OTHER;
	return e;
}

/**
 * khttpd_http_log_request() - begin the record of a request being answered.
 * @c: connection, in its io_work
 * @l: its log state
 * @req: the parsed request; its strings are copied
 */
void khttpd_http_log_request(struct khttpd_conn *c, struct khttpd_http_log *l,
			     const struct kh_http_request *req)
{
	struct khttpd_log_record *rec;
	struct khttpd_log_entry *e;
	u32 n;

	/* one answered without a response (none does now) is not logged */
	khttpd_log_free(l->cur);
	l->cur = NULL;
	if (!khttpd_log_on())
		goto out;
	e = log_begin(c, l);
	if (!e)
		goto out;
	rec = &e->rec;
	rec->http_minor = req->version_minor;
	if (log_copy(rec->method, sizeof(rec->method), &req->method_name, &n))
		rec->flags |= KHTTPD_LOG_F_METHOD_CUT;
	rec->method_len = n;
	if (log_copy(rec->target, sizeof(rec->target), &req->target, &n))
		rec->flags |= KHTTPD_LOG_F_TARGET_CUT;
	rec->target_len = n;
	if (log_copy(rec->user_agent, sizeof(rec->user_agent),
		     &req->user_agent, &n))
		rec->flags |= KHTTPD_LOG_F_AGENT_CUT;
	rec->agent_len = n;
	if (log_copy(rec->referer, sizeof(rec->referer), &req->referer, &n))
		rec->flags |= KHTTPD_LOG_F_REFERER_CUT;
	rec->referer_len = n;
	l->cur = e;
out:
	l->requests++;
}

/**
 * khttpd_http_log_queued() - a response was queued: its record waits for it.
 * @c: connection, in its io_work
 * @l: its log state
 * @head: the response's bytes as written (head first), or NULL
 * @len: their length
 * @status: HTTP status
 * @route: enum khttpd_route
 *
 * Return: true if a record now waits for this response's sent().
 */
bool khttpd_http_log_queued(struct khttpd_conn *c, struct khttpd_http_log *l,
			    const char *head, size_t len, int status,
			    int route)
{
	struct khttpd_log_entry *e = l->cur;
	const char *end;

	l->cur = NULL;
	if (!e) {
		/* a 400 or 408 that ends no parsed request */
		if (!khttpd_log_on())
			return false;
		e = log_begin(c, l);
		if (!e)
			return false;
		e->rec.flags |= KHTTPD_LOG_F_NO_REQUEST;
	}
	e->rec.status = status;
	e->rec.route = route;
	end = head && len ? strnstr(head, "\r\n\r\n", len) : NULL;
	e->head_len = end ? end + 4 - head : len;
	e->next = NULL;
	if (l->last)
		l->last->next = e;
	else
		l->first = e;
	l->last = e;
	return true;
}

static struct khttpd_log_entry *log_pop(struct khttpd_http_log *l)
{
	struct khttpd_log_entry *e = l->first;

	if (e) {
		l->first = e->next;
		if (!l->first)
			l->last = NULL;
	}
	return e;
}

/**
 * khttpd_http_log_sent() - the oldest queued response's last byte went out.
 * @l: the connection's log state
 * @bytes: the response's bytes, head and body
 * @ns: from the request's first byte to now
 */
void khttpd_http_log_sent(struct khttpd_http_log *l, u64 bytes, u64 ns)
{
	struct khttpd_log_entry *e = log_pop(l);

	if (!e)
		return;
	e->rec.time_ns = ktime_get_real_ns();
	e->rec.body_bytes = bytes > e->head_len ? bytes - e->head_len : 0;
	e->rec.duration_us = min_t(u64, div_u64(ns, NSEC_PER_USEC), U32_MAX);
	khttpd_log_submit(e);
}

/**
 * khttpd_http_log_release() - the connection closes: log what it holds.
 * @l: its log state
 *
 * Responses not fully sent are logged with the flag
 * KHTTPD_LOG_F_ABORTED and no body bytes; a request not answered yet
 * with status 499.
 */
void khttpd_http_log_release(struct khttpd_http_log *l)
{
	struct khttpd_log_entry *e;
	u64 now = ktime_get_real_ns();

	while ((e = log_pop(l))) {
		e->rec.time_ns = now;
		e->rec.flags |= KHTTPD_LOG_F_ABORTED;
		khttpd_log_submit(e);
	}
	e = l->cur;
	l->cur = NULL;
	if (e) {
		e->rec.time_ns = now;
		e->rec.status = LOG_STATUS_CLIENT_CLOSED;
		e->rec.flags |= KHTTPD_LOG_F_ABORTED;
		khttpd_log_submit(e);
	}
}
