// SPDX-License-Identifier: GPL-2.0
/*
 * The connection engine's input side: the input buffer, allocated when
 * bytes arrive and given back while the connection idles, and the
 * non-blocking receive into it.  Everything here runs in the connection's
 * io_work (or its release), which never runs twice at once.
 */
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "conn_priv.h"
#include "core/stats.h"
#include "core/fault.h"

/* first size of the input buffer; it grows to the head limit if needed */
#define KHTTPD_RX_INITIAL	2048

static int conn_rx_alloc(struct khttpd_conn *c)
{
	if (c->rx)
		return 0;
	c->rx_size = min_t(u32, KHTTPD_RX_INITIAL, c->proto->max_in);
	c->rx = khttpd_alloc(kmalloc(c->rx_size, KHTTPD_GFP_CLIENT));
	if (!c->rx)
		return -ENOMEM;
	c->rx_len = 0;
	c->rx_pos = 0;
	WRITE_ONCE(c->buffered, true);
	return 0;
}

/*
 * The input buffer is full: grow it to the protocol's limit, once.  A long
 * head or a deep pipeline is what a client makes the server hold, so the
 * grown buffer is charged to the budget.  Return: 1 if grown, 0 if at the
 * limit, -ENOBUFS if refused (over budget, or no memory), which the
 * protocol answers (&khttpd_proto_ops.overload).
 */
static int conn_rx_grow(struct khttpd_conn *c)
{
	u32 max = c->proto->max_in;
	char *buf;
	int err;

	if (c->rx_size >= max)
		return 0;
	err = khttpd_budget_charge(&c->budget, max);
	if (err)
		return -ENOBUFS;
	buf = khttpd_alloc(krealloc(c->rx, max, KHTTPD_GFP_CLIENT));
	if (!buf) {
		khttpd_budget_uncharge(&c->budget, max);
		return -ENOBUFS;
	}
	c->rx = buf;
	WRITE_ONCE(c->rx_size, max);
	WRITE_ONCE(c->rx_charged, true);
	return 1;
}

/**
 * khttpd_conn_rx_free() - give the input buffer back (idle, or closing)
 * @c: connection, in its io_work or being released
 */
void khttpd_conn_rx_free(struct khttpd_conn *c)
{
	if (c->rx_charged) {
		WRITE_ONCE(c->rx_charged, false);
		khttpd_budget_uncharge(&c->budget, c->rx_size);
	}
	kfree(c->rx);
	c->rx = NULL;
}

/**
 * khttpd_conn_peer_gone() - the peer shut its side or the connection is over
 * @sk: the connection's socket
 *
 * Return: true if so (a lockless hint).
 */
bool khttpd_conn_peer_gone(const struct sock *sk)
{
	return READ_ONCE(sk->sk_state) != TCP_ESTABLISHED ||
	       (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN);
}

/**
 * khttpd_conn_peer_reset() - the connection is over, not merely half-closed
 * @sk: the connection's socket
 *
 * A peer that shut down only its sending side (CLOSE_WAIT: curl, nc -N,
 * HTTP/1.0-style clients) may still read the answer (RFC 9112, 9.6);
 * only a reset, an error or a connection past CLOSE_WAIT has nobody left
 * to read it.
 *
 * Return: true if so (a lockless hint).
 */
bool khttpd_conn_peer_reset(const struct sock *sk)
{
	int state = READ_ONCE(sk->sk_state);

	return READ_ONCE(sk->sk_err) ||
	       (state != TCP_ESTABLISHED && state != TCP_CLOSE_WAIT);
}

/* Data, EOF or an error waits on the socket (a lockless hint). */
static bool conn_rx_waiting(const struct sock *sk)
{
	return !skb_queue_empty_lockless(&sk->sk_receive_queue) ||
	       READ_ONCE(sk->sk_err) || khttpd_conn_peer_gone(sk);
}

/**
 * khttpd_conn_recv() - receive into the free part of the input buffer
 * @c: connection, in its io_work
 *
 * Return: bytes received, 0 if none are waiting, or a negative errno
 * (-ECONNRESET for EOF, -ENOBUFS when the full buffer may not grow).
 */
int khttpd_conn_recv(struct khttpd_conn *c)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
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
	if (c->rx_pos) {
		/* what the protocol has not consumed moves to the start */
		memmove(c->rx, c->rx + c->rx_pos, c->rx_len - c->rx_pos);
		c->rx_len -= c->rx_pos;
		c->rx_pos = 0;
	}
	if (c->rx_len == c->rx_size) {
		ret = conn_rx_grow(c);
		if (ret <= 0)
			return ret;
	}

	vec.iov_base = c->rx + c->rx_len;
	vec.iov_len = c->rx_size - c->rx_len;
	ret = kernel_recvmsg(c->sock, &msg, &vec, 1, vec.iov_len,
			     MSG_DONTWAIT);
	if (ret == -EAGAIN)
		return 0;
	if (ret == 0)
		return -ECONNRESET;
	if (ret < 0)
		return ret;
	c->rx_len += ret;
	/* a head and a body must each arrive whole in time: no reset here */
	c->common.rx_stamp = ktime_get();
	khttpd_stat_add(KS_BYTES_IN, ret);
	return ret;
}
