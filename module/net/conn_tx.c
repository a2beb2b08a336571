// SPDX-License-Identifier: GPL-2.0
/*
 * The connection engine's send queue.
 *
 * A connection's output is one buffer of KHTTPD_TX_SIZE bytes, where the
 * protocol writes message heads and small bodies (khttpd_conn_out_space(),
 * khttpd_conn_out_msg()), and at most one streamed body behind them
 * (khttpd_conn_out_stream()), copied into the buffer as it drains or handed
 * to the socket page by page.  Sends never block; a full socket ends the
 * round and sk_write_space brings io_work back.  Up to KHTTPD_PIPELINE_MAX
 * messages wait to be fully sent, each ending at a byte count, so that the
 * protocol hears when each one is out.  Everything here runs in the
 * connection's io_work.
 */
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>

#include "conn_priv.h"
#include "core/stats.h"
#include "core/fault.h"

static int conn_tx_alloc(struct khttpd_conn *c)
{
	if (!c->tx) {
		c->tx = khttpd_alloc(kmalloc(KHTTPD_TX_SIZE, KHTTPD_GFP_CLIENT));
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
 * khttpd_conn_out_msg() - queue @len bytes written at khttpd_conn_out_space().
 * @c: connection, in its io_work
 * @len: bytes written (a message's head, and its whole body unless one is
 *	streamed)
 * @start: when the message's request began, for the protocol's accounting
 * @tag: the protocol's word on the message, handed back to its sent()
 * @close: close the connection once this message is sent; read no more
 *
 * A body streamed with khttpd_conn_out_stream() must be attached right
 * after this call.  The protocol's sent() runs when the last byte is out.
 */
void khttpd_conn_out_msg(struct khttpd_conn *c, size_t len, ktime_t start,
			 u32 tag, bool close)
{
	struct khttpd_pending *p;

	if (!READ_ONCE(c->sending)) {
		WRITE_ONCE(c->send_since, jiffies);
		WRITE_ONCE(c->sending, true);
	}
	c->tx_len += len;
	c->tx_queued += len;
	p = &c->pending[(c->pending_head + c->pending_count) %
			KHTTPD_PIPELINE_MAX];
	p->end = c->tx_queued;
	p->start = start;
	p->tag = tag;
	c->pending_count++;
	if (close)
		c->close_after_send = true;
}

/**
 * khttpd_conn_out_stream() - attach a body produced while it is sent.
 * @c: connection, in its io_work, right after khttpd_conn_out_msg()
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

/**
 * khttpd_conn_body_release() - drop the streamed body, sent or not.
 * @c: connection, in its io_work
 */
void khttpd_conn_body_release(struct khttpd_conn *c)
{
	if (c->body_ops) {
		c->body_ops->release(c->body_priv);
		c->body_ops = NULL;
		c->body_priv = NULL;
	}
}

/* Tell the protocol of every message whose last byte has now been sent. */
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
		c->proto->sent(c, p->tag, p->end - c->tx_done, ns);
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
		khttpd_conn_body_release(c);
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
		khttpd_conn_body_release(c);
}

/**
 * khttpd_conn_send() - send what is queued, without blocking.
 * @c: connection, in its io_work
 *
 * Return: bytes sent (0 when the socket is full or nothing is queued), or
 * a negative errno when the connection is broken.
 */
int khttpd_conn_send(struct khttpd_conn *c)
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
		/*
		 * A reader keeps an idle connection open (keepalive_timeout_ms
		 * after its last progress), and a body phase while the answer
		 * is still going out; a head's deadline is never moved.
		 */
		if (c->common.phase == KHTTPD_PHASE_IDLE ||
		    (c->common.phase == KHTTPD_PHASE_BODY && !khttpd_conn_tx_idle(c)))
			WRITE_ONCE(c->common.deadline_base, jiffies);
	}
	if (khttpd_conn_tx_idle(c))
		WRITE_ONCE(c->sending, false);
	return total;
}
