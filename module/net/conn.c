// SPDX-License-Identifier: GPL-2.0
/*
 * The connection engine.
 *
 * Each accepted socket gets a struct khttpd_conn, pointed to by its
 * sk_user_data.  The socket callbacks (data ready, write space, state
 * change) only queue the connection's io_work; io_work alone reads, parses,
 * answers and sends, never blocking, with a budget after which it queues
 * itself again so one busy client cannot hold a worker.  An idle or slow
 * client therefore costs memory (the small conn object; its buffers are
 * freed while it idles) but never a worker.
 *
 * Lifetime: a conn is on khttpd_conns from accept until io_work decides to
 * close it.  Closing restores the socket's callbacks under sk_callback_lock
 * (so no callback can queue io_work any more), takes the conn off the list
 * (so the timeout sweep and shutdown cannot queue it either), then hands it
 * to release_work, which waits for io_work to finish, releases the socket
 * and frees the conn.  Only io_work changes a conn's state; the sweep and
 * module exit ask it to close by setting a flag bit and queueing it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/net.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "balance.h"
#include "conn.h"
#include "http/http.h"
#include "lib/http/http_parser.h"
#include "core/params.h"
#include "server.h"
#include "core/stats.h"
#include "core/trace.h"

/* rounds of send, parse, receive before io_work yields the worker */
#define KHTTPD_IO_BUDGET	16
/* output buffer: response heads, small bodies, chunks of streamed bodies */
#define KHTTPD_TX_SIZE		8192
/* a response head and small body must fit in this much free space */
#define KHTTPD_TX_RESERVE	1024
/* responses queued but not fully sent; more pipelined requests wait */
#define KHTTPD_PIPELINE_MAX	16
/* period of the timeout sweep */
#define KHTTPD_SWEEP_MS		250
/* a connection idle this long gives its buffers back */
#define KHTTPD_TRIM_MS		1000
/* first size of the input buffer; it grows to the head limit if needed */
#define KHTTPD_RX_INITIAL	2048

enum conn_state {
	CONN_NEW,		/* accepted, no request byte yet */
	CONN_IDLE,		/* between requests on a kept-alive connection */
	CONN_HEAD,		/* part of a request head received */
	CONN_BODY,		/* draining a request body */
	CONN_ASYNC,		/* waiting for an asynchronous response */
};

/* bits in khttpd_conn.flags: requests to io_work from other contexts */
enum {
	CONN_F_SHUTDOWN,	/* module unload */
	CONN_F_TIMEOUT,		/* the sweep found it past its deadline */
	CONN_F_ASYNC_DONE,	/* the asynchronous response is ready */
	CONN_F_CLOSED,		/* handed to release_work: io_work ignores it */
	CONN_F_TRIM,		/* idle a while: free the buffers */
};

/*
 * Receive side, allocated when the first bytes arrive and kept until the
 * connection has idled for KHTTPD_TRIM_MS, so a busy keep-alive connection
 * allocates nothing per request.  buf, a separate allocation so that it is
 * a power of two and wastes no slab space, starts at KHTTPD_RX_INITIAL
 * bytes and grows once to khttpd_rx_size (the parser's head limit) for a
 * long head or a deep pipeline.
 */
struct khttpd_rx {
	struct kh_http_request req;
	u32 len;		/* bytes in buf */
	u32 pos;		/* bytes of buf already consumed */
	u32 size;		/* bytes allocated for buf */
	char *buf;
};

/* A response queued but not yet fully sent: for timing and statistics. */
struct khttpd_pending {
	u64 end;		/* value of tx_queued after its last byte */
	ktime_t start;
	u16 status;
	u8 route;
};

struct khttpd_conn {
	struct socket *sock;
	struct work_struct io_work;
	struct workqueue_struct *wq;	/* io_work runs on wq, on cpu: */
	int cpu;			/* set at accept by conn_place() */
	bool balance;			/* cpu: the last one balance chose */
	struct work_struct release_work;
	struct list_head node;		/* on khttpd_conns, khttpd_conns_lock */
	unsigned long flags;		/* CONN_F_*, set by anyone */

	/* all below: owned by io_work */
	enum conn_state state;		/* also read by the sweep */
	unsigned long deadline_base;	/* jiffies the current timeout runs from */
	bool buffered;			/* rx or tx held; also read by the sweep */
	bool close_after_send;
	bool peer_closed;

	struct kh_http_parser parser;
	struct khttpd_rx *rx;
	ktime_t rx_stamp;		/* arrival of the latest received bytes */
	ktime_t req_start;		/* arrival of this request's first byte */

	char *tx;			/* KHTTPD_TX_SIZE bytes, or NULL */
	u32 tx_len;
	u32 tx_pos;
	u64 tx_queued;			/* bytes ever queued (head and body) */
	u64 tx_sent;			/* bytes ever sent */
	u64 tx_done;			/* end of the last completed response */
	const struct khttpd_body_ops *body_ops;
	void *body_priv;
	u64 body_off;
	u64 body_len;

	struct khttpd_pending pending[KHTTPD_PIPELINE_MAX];
	u8 pending_head;
	u8 pending_count;

	const struct khttpd_async_ops *async_ops;
	void *async_arg;

	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
};

struct workqueue_struct *khttpd_wq;
static struct workqueue_struct *khttpd_unbound_wq;
static struct kmem_cache *khttpd_conn_cache;
static size_t khttpd_rx_size;

static LIST_HEAD(khttpd_conns);
static DEFINE_SPINLOCK(khttpd_conns_lock);
static atomic_t khttpd_conns_live = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(khttpd_conns_gone);
static bool khttpd_conns_stopping;	/* under khttpd_conns_lock */

static void khttpd_sweep(struct work_struct *work);
static DECLARE_DELAYED_WORK(khttpd_sweep_work, khttpd_sweep);

static const char khttpd_503[] =
	"HTTP/1.1 503 Service Unavailable\r\n"
	"Server: khttpd\r\n"
	"Content-Type: text/plain\r\n"
	"Content-Length: 20\r\n"
	"Connection: close\r\n"
	"\r\n"
	"too many connections";

static void conn_queue(struct khttpd_conn *c)
{
	int cpu = READ_ONCE(c->cpu);

	if (c->balance) {
		cpu = khttpd_balance_cpu(cpu);
		WRITE_ONCE(c->cpu, cpu);
	}
	queue_work_on(cpu, c->wq, &c->io_work);
}

/* ---- socket callbacks: softirq context, only queue io_work ---- */

/* sk_data_ready and sk_state_change: data, EOF or an error to look at */
static void conn_wake(struct sock *sk)
{
	struct khttpd_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c)
		conn_queue(c);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void conn_write_space(struct sock *sk)
{
	struct khttpd_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		conn_queue(c);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/* ---- output ---- */

static bool conn_tx_idle(const struct khttpd_conn *c)
{
	return c->tx_pos == c->tx_len && !c->body_ops;
}

static int conn_tx_alloc(struct khttpd_conn *c)
{
	if (!c->tx) {
		c->tx = kmalloc(KHTTPD_TX_SIZE, GFP_KERNEL);
		if (!c->tx)
			return -ENOMEM;
		c->tx_len = 0;
		c->tx_pos = 0;
		WRITE_ONCE(c->buffered, true);
	}
	return 0;
}

/**
 * khttpd_conn_out_space() - room for the next response in the output buffer.
 * @c: connection, in its io_work
 * @avail: set to the number of bytes that may be written
 *
 * Return: where to write, or NULL if no buffer could be allocated.
 */
char *khttpd_conn_out_space(struct khttpd_conn *c, size_t *avail)
{
	if (conn_tx_alloc(c))
		return NULL;
	if (c->tx_pos == c->tx_len) {
		c->tx_pos = 0;
		c->tx_len = 0;
	} else if (c->tx_pos && KHTTPD_TX_SIZE - c->tx_len < KHTTPD_TX_RESERVE) {
		memmove(c->tx, c->tx + c->tx_pos, c->tx_len - c->tx_pos);
		c->tx_len -= c->tx_pos;
		c->tx_pos = 0;
	}
	*avail = KHTTPD_TX_SIZE - c->tx_len;
	return c->tx + c->tx_len;
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
	struct khttpd_pending *p;

	c->tx_len += len;
	c->tx_queued += len;
	p = &c->pending[(c->pending_head + c->pending_count) %
			KHTTPD_PIPELINE_MAX];
	p->end = c->tx_queued;
	p->start = c->req_start;
	p->status = r->status;
	p->route = r->route;
	c->pending_count++;
	if (r->close)
		c->close_after_send = true;
}

/**
 * khttpd_conn_out_stream() - attach a body produced while it is sent.
 * @c: connection, in its io_work, right after khttpd_conn_out_commit()
 * @ops: producer
 * @priv: producer's object; the connection releases it when done
 * @len: body length in bytes (already announced in Content-Length)
 */
void khttpd_conn_out_stream(struct khttpd_conn *c,
			    const struct khttpd_body_ops *ops, void *priv,
			    u64 len)
{
	struct khttpd_pending *p;

	c->body_ops = ops;
	c->body_priv = priv;
	c->body_off = 0;
	c->body_len = len;
	c->tx_queued += len;
	p = &c->pending[(c->pending_head + c->pending_count - 1) %
			KHTTPD_PIPELINE_MAX];
	p->end = c->tx_queued;
}

static void conn_body_release(struct khttpd_conn *c)
{
	if (c->body_ops) {
		c->body_ops->release(c->body_priv);
		c->body_ops = NULL;
		c->body_priv = NULL;
	}
}

/* Account every response whose last byte has now been sent. */
static void conn_complete_sent(struct khttpd_conn *c)
{
	ktime_t now = 0;

	while (c->pending_count) {
		struct khttpd_pending *p = &c->pending[c->pending_head];
		u64 ns;

		if (p->end > c->tx_sent)
			break;
		if (!now)
			now = ktime_get();
		ns = ktime_to_ns(ktime_sub(now, p->start));
		khttpd_stat_response(p->route, p->status, ns);
		trace_khttpd_request_done(c, p->status, p->route,
					  p->end - c->tx_done, ns);
		c->tx_done = p->end;
		c->pending_head = (c->pending_head + 1) % KHTTPD_PIPELINE_MAX;
		c->pending_count--;
	}
}

/* Let a zero-copy body send directly; account what it sent. */
static int conn_body_send(struct khttpd_conn *c)
{
	int ret;

	ret = c->body_ops->send(c->body_priv, c->sock, c->body_off,
				c->body_len - c->body_off);
	if (ret <= 0)
		return ret;
	c->body_off += ret;
	c->tx_sent += ret;
	khttpd_stat_add(KS_BYTES_OUT, ret);
	if (c->body_off == c->body_len)
		conn_body_release(c);
	return ret;
}

/* Refill the output buffer from a streamed body once it has drained. */
static void conn_body_fill(struct khttpd_conn *c)
{
	size_t n, want;

	if (!c->body_ops || c->body_ops->send || c->tx_pos != c->tx_len)
		return;
	want = min_t(u64, KHTTPD_TX_SIZE, c->body_len - c->body_off);
	n = want ? c->body_ops->fill(c->body_priv, c->body_off, c->tx, want) : 0;
	if (WARN_ON_ONCE(n != want))
		n = 0;
	c->tx_pos = 0;
	c->tx_len = n;
	c->body_off += n;
	if (c->body_off == c->body_len)
		conn_body_release(c);
}

/*
 * Send what is queued.  Return: bytes sent (0 when the socket is full or
 * nothing is queued), or a negative errno when the connection is broken.
 */
static int conn_send(struct khttpd_conn *c)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	int total = 0;

	while (c->tx) {
		struct kvec vec;
		int ret;

		if (c->tx_pos == c->tx_len && c->body_ops &&
		    c->body_ops->send) {
			ret = conn_body_send(c);
			if (ret <= 0) {
				if (ret == -EAGAIN || ret == 0)
					break;
				return ret;
			}
			total += ret;
			continue;
		}
		conn_body_fill(c);
		if (c->tx_pos == c->tx_len)
			break;
		vec.iov_base = c->tx + c->tx_pos;
		vec.iov_len = c->tx_len - c->tx_pos;
		msg.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
		if (c->body_ops)
			msg.msg_flags |= MSG_MORE;
		ret = kernel_sendmsg(c->sock, &msg, &vec, 1, vec.iov_len);
		if (ret == -EAGAIN)
			break;
		if (ret < 0)
			return ret;
		c->tx_pos += ret;
		c->tx_sent += ret;
		total += ret;
		khttpd_stat_add(KS_BYTES_OUT, ret);
	}
	if (total) {
		conn_complete_sent(c);
		WRITE_ONCE(c->deadline_base, jiffies);
	}
	return total;
}

/* ---- input ---- */

static int conn_rx_alloc(struct khttpd_conn *c)
{
	struct khttpd_rx *rx;

	if (c->rx)
		return 0;
	rx = kmalloc(sizeof(*rx), GFP_KERNEL);
	if (!rx)
		return -ENOMEM;
	rx->size = min_t(size_t, KHTTPD_RX_INITIAL, khttpd_rx_size);
	rx->buf = kmalloc(rx->size, GFP_KERNEL);
	if (!rx->buf) {
		kfree(rx);
		return -ENOMEM;
	}
	rx->len = 0;
	rx->pos = 0;
	c->rx = rx;
	WRITE_ONCE(c->buffered, true);
	return 0;
}

/* The input buffer is full: grow it to the head limit, once. */
static int conn_rx_grow(struct khttpd_rx *rx)
{
	char *buf;

	if (rx->size >= khttpd_rx_size)
		return 0;
	buf = krealloc(rx->buf, khttpd_rx_size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	rx->buf = buf;
	rx->size = khttpd_rx_size;
	return 1;
}

static void conn_rx_free(struct khttpd_conn *c)
{
	if (c->rx) {
		kfree(c->rx->buf);
		kfree(c->rx);
		c->rx = NULL;
	}
}

/* The peer shut its side or the connection is over (a lockless hint). */
static bool conn_peer_gone(const struct sock *sk)
{
	return READ_ONCE(sk->sk_state) != TCP_ESTABLISHED ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

/* Data, EOF or an error waits on the socket (a lockless hint). */
static bool conn_rx_waiting(const struct sock *sk)
{
	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       READ_ONCE(sk->sk_err) || conn_peer_gone(sk);
}

/*
 * Receive into the free part of the input buffer.  Return: bytes received,
 * 0 if none are waiting, or a negative errno (-ECONNRESET for EOF).
 */
static int conn_recv(struct khttpd_conn *c)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct khttpd_rx *rx;
	struct kvec vec;
	int ret;

	/*
	 * Nothing waiting: skip the locked receive call, and an idle or silent
	 * client holds no buffer.  Bytes that arrive after this check queue
	 * io_work again through sk_data_ready.
	 */
	if (!conn_rx_waiting(c->sock->sk))
		return 0;
	ret = conn_rx_alloc(c);
	if (ret)
		return ret;
	rx = c->rx;
	if (rx->pos && rx->pos == rx->len) {
		rx->pos = 0;
		rx->len = 0;
	} else if (rx->pos && c->state != CONN_HEAD) {
		/* a new head must start at the buffer's start (parser contract) */
		memmove(rx->buf, rx->buf + rx->pos, rx->len - rx->pos);
		rx->len -= rx->pos;
		rx->pos = 0;
	}
	if (rx->len == rx->size) {
		ret = conn_rx_grow(rx);
		if (ret <= 0)
			return ret;
	}

	vec.iov_base = rx->buf + rx->len;
	vec.iov_len = rx->size - rx->len;
	ret = kernel_recvmsg(c->sock, &msg, &vec, 1, vec.iov_len,
			     MSG_DONTWAIT);
	if (ret == -EAGAIN)
		return 0;
	if (ret == 0)
		return -ECONNRESET;
	if (ret < 0)
		return ret;
	rx->len += ret;
	c->rx_stamp = ktime_get();
	/* a body that keeps coming is progress; a head must finish in time */
	if (c->state == CONN_BODY)
		WRITE_ONCE(c->deadline_base, jiffies);
	khttpd_stat_add(KS_BYTES_IN, ret);
	return ret;
}

static bool conn_can_answer(const struct khttpd_conn *c)
{
	return !c->close_after_send && !c->body_ops &&
	       c->state != CONN_ASYNC &&
	       c->pending_count < KHTTPD_PIPELINE_MAX &&
	       (!c->tx || c->tx_len - c->tx_pos + KHTTPD_TX_RESERVE <=
			  KHTTPD_TX_SIZE);
}

static void conn_request_begin(struct khttpd_conn *c)
{
	kh_http_parser_init(&c->parser, &kh_http_default_limits);
	WRITE_ONCE(c->state, CONN_HEAD);
	WRITE_ONCE(c->deadline_base, jiffies);
	c->req_start = c->rx_stamp;
	trace_khttpd_request_start(c);
}

static void conn_request_end(struct khttpd_conn *c)
{
	WRITE_ONCE(c->state, CONN_IDLE);
	WRITE_ONCE(c->deadline_base, jiffies);
}

/*
 * Parse and answer the requests waiting in the input buffer, in order, as
 * long as their responses can be queued.  Return: >0 if anything was done.
 */
static int conn_process(struct khttpd_conn *c)
{
	struct khttpd_rx *rx = c->rx;
	int done = 0;

	while (rx && rx->pos < rx->len && conn_can_answer(c)) {
		const char *p = rx->buf + rx->pos;
		size_t avail = rx->len - rx->pos, used = 0;
		int ret;

		if (c->state == CONN_BODY) {
			ret = kh_http_parse_body(&c->parser, p, avail, &used);
			rx->pos += used;
			done = 1;
			if (ret == HTTP_PARSE_DONE) {
				conn_request_end(c);
				continue;
			}
			if (ret < 0) {
				khttpd_stat_parse_error(-ret);
				c->close_after_send = true;
			}
			break;
		}

		if (c->state != CONN_HEAD) {
			if (rx->pos) {
				/* a new head must start at the buffer's start */
				memmove(rx->buf, p, avail);
				rx->len = avail;
				rx->pos = 0;
				p = rx->buf;
			}
			conn_request_begin(c);
		}
		ret = kh_http_parse_head(&c->parser, p, avail, &rx->req, &used);
		if (ret == HTTP_PARSE_AGAIN)
			break;
		done = 1;
		if (ret < 0) {
			khttpd_stat_parse_error(-ret);
			khttpd_http_error(c, -ret);
			c->close_after_send = true;
			rx->pos = rx->len;
			break;
		}
		rx->pos += used;
		if (!rx->req.keep_alive)
			c->close_after_send = true;
		khttpd_http_respond(c, &rx->req);
		if (c->state == CONN_ASYNC)
			break;
		if (rx->req.has_body)
			WRITE_ONCE(c->state, CONN_BODY);
		else
			conn_request_end(c);
	}
	return done;
}

/* Free the buffers of a connection with nothing in flight. */
static void conn_trim(struct khttpd_conn *c)
{
	if ((c->state != CONN_IDLE && c->state != CONN_NEW) || !conn_tx_idle(c))
		return;
	if (c->rx && c->rx->pos == c->rx->len)
		conn_rx_free(c);
	kfree(c->tx);
	c->tx = NULL;
	if (!c->rx)
		WRITE_ONCE(c->buffered, false);
}

/* ---- lifetime ---- */

static void conn_release_work(struct work_struct *work)
{
	struct khttpd_conn *c =
		container_of(work, struct khttpd_conn, release_work);

	/* nothing queues io_work any more; wait for the last run to end */
	cancel_work_sync(&c->io_work);
	kernel_sock_shutdown(c->sock, SHUT_RDWR);
	sock_release(c->sock);
	conn_rx_free(c);
	kfree(c->tx);
	kmem_cache_free(khttpd_conn_cache, c);
	khttpd_stat_inc(KS_CONN_CLOSED);
	if (atomic_dec_and_test(&khttpd_conns_live))
		wake_up(&khttpd_conns_gone);
}

static void conn_close(struct khttpd_conn *c)
{
	struct sock *sk = c->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = c->saved_data_ready;
	sk->sk_write_space = c->saved_write_space;
	sk->sk_state_change = c->saved_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	spin_lock(&khttpd_conns_lock);
	list_del(&c->node);
	spin_unlock(&khttpd_conns_lock);

	if (c->state == CONN_ASYNC) {
		c->async_ops->cancel(c->async_arg);
		c->async_ops = NULL;
	}
	conn_body_release(c);
	set_bit(CONN_F_CLOSED, &c->flags);
	queue_work(khttpd_wq, &c->release_work);
}

/* The sweep found the connection past its deadline: say so, or just close. */
static bool conn_timed_out(struct khttpd_conn *c)
{
	switch (c->state) {
	case CONN_NEW:
	case CONN_IDLE:
		khttpd_stat_inc(conn_tx_idle(c) ? KS_TIMEOUT_KEEPALIVE :
						  KS_TIMEOUT_SEND);
		return true;
	case CONN_HEAD:
		khttpd_stat_inc(KS_TIMEOUT_HEADER);
		if (c->close_after_send)
			return true;
		c->rx->pos = c->rx->len;
		khttpd_http_error(c, 408);
		c->close_after_send = true;
		return false;
	default:
		khttpd_stat_inc(KS_TIMEOUT_SEND);
		return true;
	}
}

/* One run of io_work: receive, answer and send, KHTTPD_IO_BUDGET rounds. */
static void conn_io(struct khttpd_conn *c)
{
	int budget = KHTTPD_IO_BUDGET;
	int ret;

	if (unlikely(READ_ONCE(c->flags))) {
		if (test_bit(CONN_F_CLOSED, &c->flags))
			return;
		if (test_bit(CONN_F_SHUTDOWN, &c->flags))
			goto close;
		if (test_and_clear_bit(CONN_F_TIMEOUT, &c->flags) &&
		    conn_timed_out(c))
			goto close;
		if (test_and_clear_bit(CONN_F_TRIM, &c->flags))
			conn_trim(c);
		if (test_and_clear_bit(CONN_F_ASYNC_DONE, &c->flags) &&
		    c->state == CONN_ASYNC) {
			const struct khttpd_async_ops *ops = c->async_ops;

			c->async_ops = NULL;
			ops->resume(c, c->async_arg);
			if (c->rx->req.has_body)
				WRITE_ONCE(c->state, CONN_BODY);
			else
				conn_request_end(c);
		}
	}

	while (budget--) {
		bool progress = false;

		if (!c->peer_closed && conn_can_answer(c)) {
			ret = conn_recv(c);
			if (ret == -ECONNRESET) {
				/* EOF: answer what was asked, then close */
				c->peer_closed = true;
				progress = true;
			} else if (ret < 0) {
				goto close;
			}
			progress |= ret > 0;
		}

		progress |= conn_process(c) > 0;

		/* answers go out in the round that made them */
		ret = conn_send(c);
		if (ret < 0)
			goto close;
		progress |= ret > 0;

		if (c->state == CONN_ASYNC && conn_peer_gone(c->sock->sk))
			goto close;	/* nobody waits for the answer */
		if (!progress) {
			if (conn_tx_idle(c) && c->state != CONN_ASYNC &&
			    (c->close_after_send || c->peer_closed))
				goto close;
			return;		/* buffers kept: see khttpd_sweep() */
		}
	}
	/*
	 * Out of budget: requeue behind the other connections.  What was
	 * answered went out in its round, so it does not wait for them.
	 */
	conn_queue(c);
	return;

close:
	conn_close(c);
}

/* io_work; its run time feeds placement=balance (balance.c) */
static void conn_io_work(struct work_struct *work)
{
	u64 start = local_clock();

	conn_io(container_of(work, struct khttpd_conn, io_work));
	khttpd_balance_account(start);
}

/**
 * khttpd_conn_wait_async() - the current request will be answered later.
 * @c: connection, in its io_work, inside khttpd_http_respond()
 * @ops: how to resume or cancel
 * @arg: passed to @ops
 */
void khttpd_conn_wait_async(struct khttpd_conn *c,
			    const struct khttpd_async_ops *ops, void *arg)
{
	c->async_ops = ops;
	c->async_arg = arg;
	WRITE_ONCE(c->state, CONN_ASYNC);
}

/**
 * khttpd_conn_async_done() - the awaited response can now be written.
 * @c: connection waiting after khttpd_conn_wait_async()
 *
 * Context: any; the caller guarantees @c is alive (see cancel()).
 */
void khttpd_conn_async_done(struct khttpd_conn *c)
{
	set_bit(CONN_F_ASYNC_DONE, &c->flags);
	conn_queue(c);
}

static void conn_reject(struct socket *sock)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec vec = {
		.iov_base = (void *)khttpd_503,
		.iov_len = sizeof(khttpd_503) - 1,
	};

	kernel_sendmsg(sock, &msg, &vec, 1, vec.iov_len);
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
	khttpd_stat_inc(KS_CONN_REJECTED);
}

/*
 * Where a new connection's io_work runs (the placement parameter):
 *
 * local: on whichever CPU queues it, the CPU whose softirq received the
 *	packet, as nvmet-tcp does: with a NIC's RSS that spreads connections
 *	and keeps each socket cache-hot.  On loopback, though, that softirq
 *	runs on the sending client's CPU, so all of khttpd's work lands on
 *	the clients' CPUs while others idle.
 * spread: on a CPU dealt round-robin at accept, as nvme-tcp assigns each
 *	queue an io_cpu.  A CPU that goes offline only sends its connections'
 *	work elsewhere (queue_work_on()).
 * unbound: on the unbound workqueue, whose kworkers the scheduler moves to
 *	idle CPUs.  Fast here on loopback with the client on one CPU, but
 *	with clients on every CPU each wakeup waits for a busy CPU, and p99
 *	latency was 5x local's (docs/performance.md).
 * balance: local, unless the local CPU is busy and another has clearly
 *	less work besides khttpd's (balance.c); decided each time the work
 *	is queued, on the one per-CPU workqueue, whose non-reentrancy keeps
 *	io_work on one CPU at a time.
 */
static void conn_place(struct khttpd_conn *c)
{
	static atomic_t next = ATOMIC_INIT(0);
	unsigned int n;
	int cpu;

	c->wq = khttpd_wq;
	c->cpu = WORK_CPU_UNBOUND;
	switch (READ_ONCE(khttpd_params.placement)) {
	case KHTTPD_PLACE_UNBOUND:
		c->wq = khttpd_unbound_wq;
		break;
	case KHTTPD_PLACE_BALANCE:
		c->balance = true;
		break;
	case KHTTPD_PLACE_SPREAD:
		n = (unsigned int)atomic_inc_return(&next) % num_online_cpus();
		for_each_online_cpu(cpu) {
			if (!n--) {
				c->cpu = cpu;
				break;
			}
		}
		break;
	}
}

/**
 * khttpd_conn_start() - take over an accepted socket.
 * @sock: accepted socket; always consumed
 *
 * Context: the accept work item.
 */
void khttpd_conn_start(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct khttpd_conn *c;

	if (atomic_read(&khttpd_conns_live) >=
	    READ_ONCE(khttpd_params.max_connections)) {
		conn_reject(sock);
		return;
	}
	c = kmem_cache_zalloc(khttpd_conn_cache, GFP_KERNEL);
	if (!c) {
		conn_reject(sock);
		return;
	}
	c->sock = sock;
	conn_place(c);
	c->state = CONN_NEW;
	c->deadline_base = jiffies;
	INIT_WORK(&c->io_work, conn_io_work);
	INIT_WORK(&c->release_work, conn_release_work);
	tcp_sock_set_nodelay(sk);

	spin_lock(&khttpd_conns_lock);
	if (khttpd_conns_stopping) {
		spin_unlock(&khttpd_conns_lock);
		kmem_cache_free(khttpd_conn_cache, c);
		sock_release(sock);
		return;
	}
	atomic_inc(&khttpd_conns_live);
	list_add_tail(&c->node, &khttpd_conns);
	spin_unlock(&khttpd_conns_lock);
	khttpd_stat_inc(KS_CONN_ACCEPTED);

	write_lock_bh(&sk->sk_callback_lock);
	/* the child inherited the listener's callback: save the default */
	c->saved_data_ready = sk->sk_data_ready == khttpd_listen_data_ready ?
			      khttpd_listen_orig_data_ready : sk->sk_data_ready;
	c->saved_write_space = sk->sk_write_space;
	c->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = c;
	sk->sk_data_ready = conn_wake;
	sk->sk_write_space = conn_write_space;
	sk->sk_state_change = conn_wake;
	write_unlock_bh(&sk->sk_callback_lock);

	/* bytes that arrived before the callbacks were ours */
	conn_queue(c);
	queue_delayed_work(system_wq, &khttpd_sweep_work,
			   msecs_to_jiffies(KHTTPD_SWEEP_MS));
}

static unsigned long conn_timeout(const struct khttpd_conn *c)
{
	switch (READ_ONCE(c->state)) {
	case CONN_HEAD:
		return msecs_to_jiffies(READ_ONCE(khttpd_params.header_timeout_ms));
	case CONN_ASYNC:
		return 0;	/* bounded by max_n; cancelled on close */
	default:
		return msecs_to_jiffies(READ_ONCE(khttpd_params.keepalive_timeout_ms));
	}
}

/*
 * Ask io_work to end connections past their deadline, and to free the
 * buffers of connections idle for KHTTPD_TRIM_MS (keeping them that long
 * saves a busy keep-alive connection an allocation per request).
 */
static void khttpd_sweep(struct work_struct *work)
{
	unsigned long now = jiffies, trim = msecs_to_jiffies(KHTTPD_TRIM_MS);
	struct khttpd_conn *c;
	bool again;

	spin_lock(&khttpd_conns_lock);
	list_for_each_entry(c, &khttpd_conns, node) {
		unsigned long t = conn_timeout(c);
		unsigned long base = READ_ONCE(c->deadline_base);
		enum conn_state state = READ_ONCE(c->state);

		if (t && time_after(now, base + t) &&
		    !test_and_set_bit(CONN_F_TIMEOUT, &c->flags))
			conn_queue(c);
		else if (READ_ONCE(c->buffered) &&
			 (state == CONN_IDLE || state == CONN_NEW) &&
			 time_after(now, base + trim) &&
			 !test_and_set_bit(CONN_F_TRIM, &c->flags))
			conn_queue(c);
	}
	again = !list_empty(&khttpd_conns) && !khttpd_conns_stopping;
	spin_unlock(&khttpd_conns_lock);
	if (again)
		queue_delayed_work(system_wq, &khttpd_sweep_work,
				   msecs_to_jiffies(KHTTPD_SWEEP_MS));
}

/**
 * khttpd_conn_count() - connections open now.
 */
unsigned int khttpd_conn_count(void)
{
	return atomic_read(&khttpd_conns_live);
}

/**
 * khttpd_conn_set_workers() - change how many io_work items run at once.
 * @workers: max_active of the workqueues: per CPU for the per-CPU one,
 *	per NUMA node for the unbound one
 *
 * Context: khttpd_params_lock() held, while the workqueues exist.
 */
void khttpd_conn_set_workers(unsigned int workers)
{
	workqueue_set_max_active(khttpd_wq, workers);
	workqueue_set_max_active(khttpd_unbound_wq, workers);
}

/**
 * khttpd_conn_init() - create the workqueues and the connection cache.
 *
 * Two workqueues, so that the placement parameter can change live: the
 * per-CPU "khttpd" (local, spread and balance placement, the accept and
 * release work) and "khttpd_unbound".  Both show max_active in sysfs.  The
 * CPU-heavy /fib computations run on a third, khttpd_fib.
 *
 * Both are WQ_HIGHPRI, as nvmet-tcp's is: io_work is short and never
 * sleeps, and a kworker at normal priority is preempted by the very client
 * its send woke.  That client then sends the next request while io_work
 * still runs, and the workqueue, which never runs one work item on two
 * CPUs at once, queues it where it runs, whatever CPU conn_queue() asked
 * for.  A client pinned to the CPU of its connections' work kept them all
 * there that way, with the other CPU idle, in a third of the runs
 * (placement=balance, bench/static/run).
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_conn_init(void)
{
	unsigned int workers = READ_ONCE(khttpd_params.workers);

	khttpd_rx_size = kh_http_default_limits.max_header_bytes;
	khttpd_conn_cache = KMEM_CACHE(khttpd_conn, 0);
	if (!khttpd_conn_cache)
		goto err;
	khttpd_wq = alloc_workqueue("khttpd", WQ_HIGHPRI | WQ_SYSFS,
				    workers);
	if (!khttpd_wq)
		goto err_cache;
	khttpd_unbound_wq = alloc_workqueue("khttpd_unbound",
					    WQ_UNBOUND | WQ_HIGHPRI | WQ_SYSFS,
					    workers);
	if (!khttpd_unbound_wq)
		goto err_wq;
	khttpd_balance_init();
	khttpd_conns_stopping = false;
	return 0;

err_wq:
	destroy_workqueue(khttpd_wq);
err_cache:
	kmem_cache_destroy(khttpd_conn_cache);
err:
	return -ENOMEM;
}

/**
 * khttpd_conn_shutdown_all() - close every connection and wait until freed.
 *
 * Context: the listener is already closed; sleeps.
 */
void khttpd_conn_shutdown_all(void)
{
	struct khttpd_conn *c;

	spin_lock(&khttpd_conns_lock);
	khttpd_conns_stopping = true;
	list_for_each_entry(c, &khttpd_conns, node) {
		set_bit(CONN_F_SHUTDOWN, &c->flags);
		conn_queue(c);
	}
	spin_unlock(&khttpd_conns_lock);
	cancel_delayed_work_sync(&khttpd_sweep_work);
	wait_event(khttpd_conns_gone, !atomic_read(&khttpd_conns_live));
}

/**
 * khttpd_conn_exit() - destroy the workqueues and cache; no conn is left.
 */
void khttpd_conn_exit(void)
{
	destroy_workqueue(khttpd_unbound_wq);
	destroy_workqueue(khttpd_wq);
	kmem_cache_destroy(khttpd_conn_cache);
}
