// SPDX-License-Identifier: GPL-2.0
/*
 * Routing and response heads.
 *
 * Routes: "/fib/N" the decimal Fibonacci(N) (fib_service.c); "/" the
 * docroot's index.html if there is one, else a short text; anything else a
 * file below the docroot (static.c), 404 when static files are off.  GET
 * and HEAD are served; other methods this server knows get 405 with Allow,
 * unknown ones 501.
 * Every response carries Date, Server, Content-Type and Content-Length, and
 * Connection: close whenever the server closes after it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/ktime.h>

#include "http.h"
#include "lib/http/http_parser.h"
#include "net/conn.h"
#include "fib/fib_service.h"
#include "static/static.h"
#include "core/stats.h"

static const char khttpd_root_body[] = "khttpd: in-kernel HTTP/1.1 server\n";

/* IMF-fixdate, formatted at most once a second per CPU. */
struct khttpd_date {
	time64_t sec;
	char text[32];
};

static DEFINE_PER_CPU(struct khttpd_date, khttpd_date);

static const char * const wday_names[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};

static const char * const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/**
 * khttpd_http_date() - format an HTTP-date (IMF-fixdate, RFC 9110 §5.6.7).
 * @buf: destination
 * @len: its size; 30 bytes hold any date of four-digit years
 * @sec: seconds since the epoch
 */
void khttpd_http_date(char *buf, size_t len, time64_t sec)
{
	struct tm tm;

	time64_to_tm(sec, 0, &tm);
	scnprintf(buf, len, "%s, %02d %s %04ld %02d:%02d:%02d GMT",
		  wday_names[tm.tm_wday], tm.tm_mday, month_names[tm.tm_mon],
		  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/**
 * khttpd_http_head() - format a response head.
 * @buf: destination
 * @avail: room in @buf
 * @r: status and connection handling
 * @ctype: Content-Type
 * @clen: Content-Length (of the GET body, also for HEAD), or
 *	%KHTTPD_CLEN_UNKNOWN to leave it out (only for HEAD, RFC 9110 §9.3.2)
 * @extra: further header lines, each ending in CRLF, or NULL
 *
 * Return: length of the head, or 0 if it does not fit in @avail.
 */
size_t khttpd_http_head(char *buf, size_t avail, const struct khttpd_reply *r,
			const char *ctype, u64 clen, const char *extra)
{
	struct khttpd_date *d;
	time64_t now = ktime_get_real_seconds();
	const char *conn_hdr = "";
	int n;

	if (r->close)
		conn_hdr = "Connection: close\r\n";
	else if (r->keep_alive_10)
		conn_hdr = "Connection: keep-alive\r\n";

	d = get_cpu_ptr(&khttpd_date);
	if (d->sec != now) {
		khttpd_http_date(d->text, sizeof(d->text), now);
		d->sec = now;
	}
	n = snprintf(buf, avail,
		     "HTTP/1.1 %d %s\r\n"
		     "Date: %s\r\n"
		     "Server: khttpd\r\n"
		     "Content-Type: %s\r\n",
		     r->status, kh_http_reason(r->status), d->text, ctype);
	if (clen != KHTTPD_CLEN_UNKNOWN && n < avail)
		n += snprintf(buf + n, avail - n, "Content-Length: %llu\r\n",
			      clen);
	if (n < avail)
		n += snprintf(buf + n, avail - n, "%s%s\r\n", conn_hdr,
			      extra ? extra : "");
	put_cpu_ptr(&khttpd_date);
	return n < avail ? n : 0;
}

/**
 * khttpd_http_reply() - queue a complete response with a small body.
 * @c: connection, in its io_work
 * @r: status and connection handling
 * @ctype: Content-Type
 * @extra: further header lines, or NULL
 * @body: body (not sent for HEAD)
 * @blen: its length; head and body must fit in the output buffer's reserve
 */
void khttpd_http_reply(struct khttpd_conn *c, const struct khttpd_reply *r,
		       const char *ctype, const char *extra,
		       const char *body, size_t blen)
{
	size_t avail, n;
	char *buf;

	buf = khttpd_conn_out_space(c, &avail);
	if (!buf)
		goto fail;
	n = khttpd_http_head(buf, avail, r, ctype, blen, extra);
	if (!n || (!r->head_only && avail - n < blen))
		goto fail;
	if (!r->head_only) {
		memcpy(buf + n, body, blen);
		n += blen;
	}
	khttpd_conn_out_commit(c, n, r);
	return;

fail:
	/* no memory, or a head too large: end the connection cleanly */
	pr_warn_ratelimited("could not queue a %d response\n", r->status);
	khttpd_conn_out_commit(c, 0, &(struct khttpd_reply){
		.status = 500, .route = r->route, .close = true });
}

/**
 * khttpd_http_status_body() - the body of a plain status reply: "404 Not Found\n".
 * @buf: destination
 * @len: its size; 64 bytes hold every status this server sends
 * @status: HTTP status
 *
 * Return: the body's length.
 */
size_t khttpd_http_status_body(char *buf, size_t len, int status)
{
	return scnprintf(buf, len, "%d %s\n", status, kh_http_reason(status));
}

/**
 * khttpd_http_error() - answer a request that cannot be served, and close.
 * @c: connection, in its io_work
 * @status: HTTP status (4xx or 5xx)
 */
void khttpd_http_error(struct khttpd_conn *c, int status)
{
	struct khttpd_reply r = {
		.status = status,
		.route = KR_OTHER,
		.close = true,
	};
	char body[64];
	size_t n = khttpd_http_status_body(body, sizeof(body), status);

	khttpd_http_reply(c, &r, "text/plain", NULL, body, n);
}

static void count_method(enum kh_http_method m)
{
	if (m == HTTP_M_GET)
		khttpd_stat_inc(KS_REQ_GET);
	else if (m == HTTP_M_HEAD)
		khttpd_stat_inc(KS_REQ_HEAD);
	else
		khttpd_stat_inc(KS_REQ_OTHER);
}

/**
 * khttpd_http_respond() - answer a parsed request.
 * @c: connection, in its io_work
 * @req: the request; its strings point into the connection's input buffer
 */
void khttpd_http_respond(struct khttpd_conn *c,
			 const struct kh_http_request *req)
{
	struct khttpd_reply r = {
		.status = 200,
		.route = KR_OTHER,
		.head_only = req->method == HTTP_M_HEAD,
		.close = !req->keep_alive,
		.keep_alive_10 = req->keep_alive && req->version_minor == 0,
	};

	count_method(req->method);
	if (req->method != HTTP_M_GET && req->method != HTTP_M_HEAD) {
		char body[64];
		size_t n;

		r.status = req->method == HTTP_M_OTHER ? 501 : 405;
		n = khttpd_http_status_body(body, sizeof(body), r.status);
		khttpd_http_reply(c, &r, "text/plain", "Allow: GET, HEAD\r\n",
				  body, n);
		return;
	}

	if (!strcmp(req->path, "/")) {
		r.route = KR_ROOT;
		if (khttpd_static_index(c, &r, req))
			return;
		khttpd_http_reply(c, &r, "text/plain; charset=utf-8", NULL,
				  khttpd_root_body,
				  sizeof(khttpd_root_body) - 1);
		return;
	}
	if (!strncmp(req->path, "/fib/", 5)) {
		r.route = KR_FIB;
		khttpd_fib_respond(c, &r, req->path + 5);
		return;
	}
	r.route = KR_STATIC;
	khttpd_static_respond(c, &r, req);
}
