// SPDX-License-Identifier: GPL-2.0
/*
 * The connection engine.  A connection carries batches: one request
 * without -k, up to the pipeline depth with -k.  A batch is written in
 * full, then its responses are read in order; when the last one is in,
 * the next batch starts.  Every request issued ends in exactly one of:
 * a complete response (good or bad) or a socket error, so with -n the
 * totals add up to N.  The one exception is a server that announces the
 * close ("Connection: close", HTTP/1.0, close-delimited body) with
 * pipelined requests still unanswered: those are sent again on a new
 * connection, as an HTTP client would.
 *
 * Level-triggered epoll: EPOLLIN stays registered on a connected socket
 * and EPOLLOUT is added only while a write is blocked, so a keep-alive
 * request costs one send, one epoll_wait and one recv.
 */
#include "worker.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "response.h"

#define RBUF_SIZE	(64 * 1024)
#define MAX_EVENTS	256
/* Timeouts are checked every -T / 10, within these bounds. */
#define SCAN_MAX_NS	(50 * 1000 * 1000ull)
#define SCAN_MIN_NS	(1000 * 1000ull)

enum conn_state {
	CS_IDLE,	/* between batches, no request in flight */
	CS_CONNECTING,
	CS_SENDING,	/* batch partly written */
	CS_RECEIVING,	/* batch written, responses outstanding */
	CS_FINISHED,	/* no more requests for this connection */
};

struct conn {
	struct worker *w;
	int fd;
	enum conn_state state;
	uint32_t events;	/* registered with epoll */
	uint32_t batch;		/* requests in the current batch */
	uint32_t answered;	/* complete responses of the batch */
	uint32_t resend;	/* unanswered when the server closed: resend */
	size_t sent;		/* bytes of the batch written */
	uint64_t deadline;	/* the response expected must be in by then */
	struct resp_parser rp;
	uint64_t start[];	/* per request of the batch: when written */
};

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Take up to @want request tickets from the shared budget. */
static uint32_t claim(struct run *run, uint32_t want)
{
	uint64_t old;

	if (!run->limit)
		return atomic_load_explicit(&run->stop, memory_order_relaxed) ?
		       0 : want;
	old = atomic_fetch_add_explicit(&run->issued, want,
					memory_order_relaxed);
	if (old >= run->limit)
		return 0;
	return run->limit - old < want ? (uint32_t)(run->limit - old) : want;
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0) {
		close(c->fd);	/* also leaves the epoll set */
		c->fd = -1;
	}
	c->events = 0;
	c->state = CS_IDLE;
}

/* The requests of the batch still unanswered failed with @kind. */
static void conn_fail(struct conn *c, enum err_kind kind)
{
	stats_error(&c->w->stats, kind, c->batch - c->answered);
	c->batch = 0;
	c->answered = 0;
	c->resend = 0;
	conn_close(c);
}

static int set_events(struct conn *c, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (c->events == events)
		return 0;
	if (epoll_ctl(c->w->epfd, c->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD,
		      c->fd, &ev))
		return -1;
	c->events = events;
	return 0;
}

/*
 * Start connecting.  Return: 1 connected, 0 in progress (EPOLLOUT will
 * tell), -1 failed.
 */
static int conn_open(struct conn *c)
{
	const struct run *run = c->w->run;
	int one = 1, r;

	c->fd = socket(run->addr.ss_family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	/* Requests are small and latency is what we measure. */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->deadline = now_ns() + run->timeout_ns;
	r = connect(c->fd, (const struct sockaddr *)&run->addr, run->addrlen);
	if (!r) {
		if (set_events(c, EPOLLIN))
			return -1;
		return 1;
	}
	if (errno != EINPROGRESS || set_events(c, EPOLLOUT))
		return -1;
	c->state = CS_CONNECTING;
	return 0;
}

/* Write what the socket takes of the batch.  Return: false on error. */
static bool conn_send(struct conn *c)
{
	const struct request *req = c->w->run->req;
	size_t total = c->batch * req->len, before = c->sent, i;
	uint64_t t = now_ns();
	ssize_t n;

	n = send(c->fd, req->batch + before, total - before, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return false;
		n = 0;
	}
	/* Latency runs from the write that carries a request's first byte. */
	for (i = (before + req->len - 1) / req->len;
	     i < c->batch && i * req->len < before + (size_t)n; i++)
		c->start[i] = t;
	if (!before)
		c->deadline = t + c->w->run->timeout_ns;
	c->sent += (size_t)n;
	c->w->stats.bytes_out += (uint64_t)n;
	if (c->sent < total) {
		c->state = CS_SENDING;
		return !set_events(c, EPOLLIN | EPOLLOUT);
	}
	c->state = CS_RECEIVING;
	return !set_events(c, EPOLLIN);
}

/*
 * Start the next batch on @c: the requests to send again, else new
 * tickets; (re)connect if needed.  Iterative, so a refused server costs
 * no stack.
 */
static void conn_next(struct conn *c)
{
	struct worker *w = c->w;
	uint32_t k;
	int r;

	for (;;) {
		k = c->resend ? c->resend : claim(w->run, w->run->req->depth);
		c->resend = 0;
		if (!k) {
			conn_close(c);
			c->state = CS_FINISHED;
			w->active--;
			return;
		}
		c->batch = k;
		c->answered = 0;
		c->sent = 0;
		memset(c->start, 0, k * sizeof(c->start[0]));
		resp_init(&c->rp, w->run->req->head);
		if (c->fd < 0) {
			r = conn_open(c);
			if (r < 0) {
				conn_fail(c, ERR_CONNECT);
				continue;
			}
			if (!r)
				return;
		}
		if (conn_send(c))
			return;
		conn_fail(c, ERR_IO);
	}
}

static void conn_abort(struct conn *c, enum err_kind kind)
{
	conn_fail(c, kind);
	conn_next(c);
}

static void conn_connected(struct conn *c)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) || err) {
		conn_abort(c, ERR_CONNECT);
		return;
	}
	if (set_events(c, EPOLLIN) || !conn_send(c))
		conn_abort(c, ERR_IO);
}

/* A response of the batch is complete at @t. */
static void conn_response(struct conn *c, uint64_t t)
{
	uint64_t start = c->start[c->answered];

	stats_response(&c->w->stats, c->rp.status, start ? t - start : 0);
	c->answered++;
	c->deadline = t + c->w->run->timeout_ns;
}

/* The server closes after this response: reopen for the rest. */
static void conn_reopen(struct conn *c)
{
	c->resend = c->batch - c->answered;
	conn_close(c);
	conn_next(c);
}

/*
 * Feed received bytes to the parser.  Return: true if the caller may read
 * more on this connection for the same batch.
 */
static bool conn_parse(struct conn *c, const char *buf, size_t n, uint64_t t)
{
	size_t off = 0, used;
	int r;

	while (off < n) {
		r = resp_feed(&c->rp, buf + off, n - off, &used);
		off += used;
		if (r == RESP_AGAIN)
			return true;
		if (r == RESP_ERROR) {
			conn_abort(c, ERR_PROTOCOL);
			return false;
		}
		conn_response(c, t);
		if (!resp_reusable(&c->rp)) {
			conn_reopen(c);
			return false;
		}
		if (c->answered == c->batch) {
			/*
			 * Bytes nobody asked for, an answer before the whole
			 * request was written, or we asked for close: this
			 * connection cannot carry the next batch.
			 */
			if (off < n || c->state != CS_RECEIVING ||
			    !c->w->run->keepalive)
				conn_close(c);
			conn_next(c);
			return false;
		}
		resp_init(&c->rp, c->w->run->req->head);
	}
	return true;
}

static void conn_eof(struct conn *c, uint64_t t)
{
	if (resp_eof(&c->rp) == RESP_DONE) {
		/* The close delimited the body. */
		conn_response(c, t);
		conn_reopen(c);
		return;
	}
	conn_abort(c, ERR_EOF);
}

static void conn_receive(struct conn *c)
{
	struct worker *w = c->w;
	ssize_t n;

	do {
		n = recv(c->fd, w->rbuf, RBUF_SIZE, 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return;
			conn_abort(c, ERR_IO);
			return;
		}
		if (!n) {
			conn_eof(c, now_ns());
			return;
		}
		w->stats.bytes_in += (uint64_t)n;
		if (!conn_parse(c, w->rbuf, (size_t)n, now_ns()))
			return;
		/* A full buffer may have left more behind. */
	} while (n == RBUF_SIZE);
}

static void conn_event(struct conn *c, uint32_t events)
{
	switch (c->state) {
	case CS_CONNECTING:
		conn_connected(c);
		break;
	case CS_SENDING:
		/* Read too: a server may answer (and close) early. */
		if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
			conn_receive(c);
			if (c->state != CS_SENDING)
				break;
		}
		if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) &&
		    !conn_send(c))
			conn_abort(c, ERR_IO);
		break;
	case CS_RECEIVING:
		conn_receive(c);
		break;
	default:
		break;
	}
}

static void scan_timeouts(struct worker *w, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < w->nconns; i++) {
		struct conn *c = w->conns[i];

		if ((c->state == CS_CONNECTING || c->state == CS_SENDING ||
		     c->state == CS_RECEIVING) && c->deadline <= now)
			conn_abort(c, ERR_TIMEOUT);
	}
}

int worker_init(struct worker *w, struct run *run, unsigned int nconns)
{
	size_t size = sizeof(struct conn) + run->req->depth * sizeof(uint64_t);
	unsigned int i;

	w->run = run;
	w->epfd = -1;
	stats_init(&w->stats);
	w->rbuf = malloc(RBUF_SIZE);
	w->conns = calloc(nconns, sizeof(*w->conns));
	if (!w->rbuf || !w->conns)
		return -1;
	for (i = 0; i < nconns; i++) {
		struct conn *c = calloc(1, size);

		if (!c)
			return -1;
		c->w = w;
		c->fd = -1;
		w->conns[i] = c;
		w->nconns++;
	}
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	return w->epfd < 0 ? -1 : 0;
}

void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;
	struct epoll_event ev[MAX_EVENTS];
	uint64_t scan_ns = run->timeout_ns / 10, now, last_scan;
	unsigned int i;
	int n, wait_ms;

	if (scan_ns > SCAN_MAX_NS)
		scan_ns = SCAN_MAX_NS;
	if (scan_ns < SCAN_MIN_NS)
		scan_ns = SCAN_MIN_NS;

	w->active = w->nconns;
	for (i = 0; i < w->nconns; i++)
		conn_next(w->conns[i]);
	last_scan = now_ns();

	while (w->active &&
	       !atomic_load_explicit(&run->stop, memory_order_relaxed)) {
		now = now_ns();
		if (run->end_ns && now >= run->end_ns)
			break;
		wait_ms = (int)((scan_ns + 999999) / 1000000);
		if (run->end_ns && run->end_ns - now < scan_ns)
			wait_ms = (int)((run->end_ns - now + 999999) / 1000000);
		n = epoll_wait(w->epfd, ev, MAX_EVENTS, wait_ms);
		for (i = 0; n > 0 && i < (unsigned int)n; i++)
			conn_event(ev[i].data.ptr, ev[i].events);
		now = now_ns();
		if (now - last_scan >= scan_ns) {
			scan_timeouts(w, now);
			last_scan = now;
		}
	}
	/* Requests in flight when a timed run ends are not counted. */
	for (i = 0; i < w->nconns; i++)
		conn_close(w->conns[i]);
	w->end_ns = now_ns();
	return NULL;
}

void worker_destroy(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < w->nconns; i++) {
		conn_close(w->conns[i]);
		free(w->conns[i]);
	}
	free(w->conns);
	free(w->rbuf);
	if (w->epfd >= 0)
		close(w->epfd);
	w->conns = NULL;
	w->rbuf = NULL;
	w->nconns = 0;
	w->epfd = -1;
}
