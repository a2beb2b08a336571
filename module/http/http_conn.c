// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.1 on the connection engine: the struct khttpd_proto_ops that
 * net/conn.c calls.
 *
 * The request cycle (head, answer, body drained, pipelining, errors, the
 * 408 of a header timeout) is lib/http/http_session.c, plain C with unit
 * tests; this file feeds it the engine's input, hands each request to the
 * router (khttpd_http_respond()), tells the engine which phase (and so
 * which timeout) the connection is in, and accounts each response when
 * the engine reports it sent.  Every function here runs in the
 * connection's io_work, which serialises them (see net/conn.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/slab.h>

#include "http.h"
#include "http_log.h"
#include "lib/http/http_parser.h"
#include "lib/http/http_session.h"
#include "net/conn.h"
#include "core/budget.h"
#include "core/stats.h"
#include "core/trace.h"
#include "log/log.h"
#include "core/fault.h"

/* A connection's HTTP state, inside the connection (khttpd_conn_priv()). */
struct khttpd_http_conn {
	struct kh_http_session s;
	/*
	 * The request being parsed or answered: allocated at its first byte,
	 * kept while the connection is busy, freed when it idles (trim).
	 */
	struct kh_http_request *req;
	ktime_t req_start;		/* arrival of the request's first byte */
	struct khttpd_http_log log;	/* the access log's records */
};

/*
 * what the engine hands back with a sent response: status, route, and
 * whether an access log record waits for it
 */
#define HTTP_TAG(status, route)	((u32)(status) | (u32)(route) << 16)
#define HTTP_TAG_STATUS(tag)	((int)((tag) & 0xffff))
#define HTTP_TAG_ROUTE(tag)	((int)(((tag) >> 16) & 0x7fff))
#define HTTP_TAG_LOG		BIT(31)

static struct khttpd_http_conn *http_conn(struct khttpd_conn *c)
{
	return khttpd_conn_priv(c);
}

/**
 * khttpd_conn_out_commit() - queue @len bytes written at khttpd_conn_out_space().
 * @c: connection, in its io_work
 * @len: bytes written (the head, and the whole body unless one is streamed)
 * @r: what the response is, for timing, statistics and connection reuse
 *
 * A body streamed with khttpd_conn_out_stream() must be attached right
 * after this call.
 */
void khttpd_conn_out_commit(struct khttpd_conn *c, size_t len,
			    const struct khttpd_reply *r)
{
	struct khttpd_http_conn *h = http_conn(c);
	u32 tag = HTTP_TAG(r->status, r->route);
	const char *head = NULL;
	size_t avail;

	if (h->log.cur || khttpd_log_on()) {
		/*
		 * The bytes just written: out_space() returns the same place
		 * until they are queued below.
		 */
		if (len)
			head = khttpd_conn_out_space(c, &avail);
		if (khttpd_http_log_queued(c, &h->log, head, len, r->status,
					   r->route))
			tag |= HTTP_TAG_LOG;
	}
	khttpd_conn_out_msg(c, len, h->req_start, tag, r->close);
}

/* Tell the engine where the request cycle is, after an answer. */
static void http_next_phase(struct khttpd_conn *c)
{
	struct khttpd_http_conn *h = http_conn(c);

	if (h->s.state == KH_HTTP_SESS_BODY ||
	    (h->s.state == KH_HTTP_SESS_CLOSED && h->s.body_follows))
		khttpd_conn_set_phase(c, KHTTPD_PHASE_BODY);
	else
		khttpd_conn_set_phase(c, KHTTPD_PHASE_IDLE);
}

static int http_begin(struct khttpd_conn *c)
{
	struct khttpd_http_conn *h = http_conn(c);

	/* the 8000-byte path must not push a request past one 8 KiB slab */
	BUILD_BUG_ON(sizeof(*h->req) > 8192);
	if (!h->req) {
		h->req = khttpd_alloc(kmalloc(sizeof(*h->req), KHTTPD_GFP_CLIENT));
		if (!h->req)
			return -ENOMEM;
	}
	h->req_start = khttpd_conn_rx_stamp(c);
	khttpd_conn_set_phase(c, KHTTPD_PHASE_HEAD);
	trace_khttpd_request_start(c);
	return 0;
}

static void http_answer(struct khttpd_conn *c)
{
	struct khttpd_http_conn *h = http_conn(c);
	bool waiting;

	if (!h->req->keep_alive)
		khttpd_conn_close_after_send(c);
	khttpd_http_log_request(c, &h->log, h->req);
	khttpd_http_respond(c, h->req);
	waiting = khttpd_conn_phase(c) == KHTTPD_PHASE_WAIT;
	kh_http_session_answered(&h->s, h->req, waiting);
	if (!waiting)
		http_next_phase(c);
}

static int http_process(struct khttpd_conn *c, const char *buf, size_t len,
			size_t *used)
{
	struct khttpd_http_conn *h = http_conn(c);
	size_t off = 0;
	int done = 0;

	while (off < len && khttpd_conn_can_queue(c)) {
		size_t n = 0;
		int status = 0, ev, err;

		ev = kh_http_session_input(&h->s, buf + off, len - off, h->req,
					   &n, &status);
		off += n;
		if (n)
			done = 1;
		switch (ev) {
		case KH_HTTP_EV_BEGIN:
			err = http_begin(c);
			if (err)
				return err;
			continue;
		case KH_HTTP_EV_REQUEST:
			done = 1;
			http_answer(c);
			continue;
		case KH_HTTP_EV_BODY_DONE:
			done = 1;
			khttpd_conn_set_phase(c, KHTTPD_PHASE_IDLE);
			continue;
		case KH_HTTP_EV_ERROR:
			done = 1;
			khttpd_stat_parse_error(status);
			khttpd_http_error(c, status);
			khttpd_conn_close_after_send(c);
			break;
		case KH_HTTP_EV_CLOSE:
			done = 1;
			khttpd_stat_parse_error(status);
			khttpd_conn_close_after_send(c);
			break;
		default:	/* KH_HTTP_EV_AGAIN */
			break;
		}
		break;
	}
	*used = off;
	return done;
}

static void http_resumed(struct khttpd_conn *c)
{
	kh_http_session_resumed(&http_conn(c)->s);
	http_next_phase(c);
}

/* A head took longer than header_timeout_ms: 408, unless already closing. */
static bool http_timeout(struct khttpd_conn *c)
{
	int status;

	khttpd_stat_inc(KS_TIMEOUT_HEADER);
	status = kh_http_session_timeout(&http_conn(c)->s);
	if (!status)
		return true;
	khttpd_http_error(c, status);
	khttpd_conn_close_after_send(c);
	return false;
}

/* A head too long for the memory budget (core/budget.h): 503, close. */
static bool http_overload(struct khttpd_conn *c)
{
	khttpd_http_error(c, 503);
	khttpd_conn_close_after_send(c);
	khttpd_conn_set_phase(c, KHTTPD_PHASE_IDLE);
	return false;
}

static void http_sent(struct khttpd_conn *c, u32 tag, u64 bytes, u64 ns)
{
	int status = HTTP_TAG_STATUS(tag), route = HTTP_TAG_ROUTE(tag);

	khttpd_stat_response(route, status, ns);
	trace_khttpd_request_done(c, status, route, bytes, ns);
	if (tag & HTTP_TAG_LOG)
		khttpd_http_log_sent(&http_conn(c)->log, bytes, ns);
}

/*
 * The client sent its FIN while its answer is computed: an interim 100
 * tells a half-closed HTTP/1.1 client nothing it must act on (every 1.1
 * client parses 1xx before the final response, RFC 9110 15.2), and makes
 * the TCP stack of one that closed altogether answer with a reset, which
 * cancels the computation.  HTTP/1.0 clients get no 1xx (RFC 9110 15.2):
 * their wait ends with the answer or the deadline.
 */
static const char *http_wait_probe(struct khttpd_conn *c)
{
	const struct kh_http_request *req = http_conn(c)->req;

	if (!req || req->version_minor < 1)
		return NULL;
	return "HTTP/1.1 100 Continue\r\n\r\n";
}

static int http_init(struct khttpd_conn *c)
{
	kh_http_session_init(&http_conn(c)->s, &kh_http_default_limits);
	return 0;
}

/* Idle with nothing to send: only the request buffer to give back. */
static void http_trim(struct khttpd_conn *c)
{
	struct khttpd_http_conn *h = http_conn(c);

	kfree(h->req);
	h->req = NULL;
}

static void http_release(struct khttpd_conn *c)
{
	khttpd_http_log_release(&http_conn(c)->log);
	http_trim(c);
}

static struct khttpd_proto_ops khttpd_http_ops = {
	.priv_size = sizeof(struct khttpd_http_conn),
	.reject = "HTTP/1.1 503 Service Unavailable\r\n"
		  "Server: khttpd\r\n"
		  "Content-Type: text/plain\r\n"
		  "Content-Length: 20\r\n"
		  "Connection: close\r\n"
		  "\r\n"
		  "too many connections",
	.init = http_init,
	.process = http_process,
	.resumed = http_resumed,
	.overload = http_overload,
	.timeout = http_timeout,
	.sent = http_sent,
	.wait_probe = http_wait_probe,
	.trim = http_trim,
	.release = http_release,
};

/**
 * khttpd_http_proto() - HTTP/1.1, for khttpd_conn_init().
 *
 * Return: the ops table, its input limit set to the parser's head limit.
 */
const struct khttpd_proto_ops *khttpd_http_proto(void)
{
	khttpd_http_ops.max_in = kh_http_default_limits.max_header_bytes;
	return &khttpd_http_ops;
}
