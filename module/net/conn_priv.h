/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the connection engine: the connection object, shared by the files
 * of the engine (conn.c: lifetime, input, io_work, timeouts; conn_tx.c: the
 * send queue; conn_cpu.c: where and at which priority io_work runs) and by
 * nothing else.
 */
#ifndef KHTTPD_CONN_PRIV_H
#define KHTTPD_CONN_PRIV_H

#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "conn.h"
#include "core/budget.h"

struct sock;

/* output buffer: response heads, small bodies, chunks of streamed bodies */
#define KHTTPD_TX_SIZE		8192
/* a response head and small body must fit in this much free space */
#define KHTTPD_TX_RESERVE	1024
/* messages queued but not fully sent; more pipelined requests wait */
#define KHTTPD_PIPELINE_MAX	16

/* bits in khttpd_conn.flags: requests to io_work from other contexts */
enum {
	CONN_F_SHUTDOWN,	/* module unload */
	CONN_F_TIMEOUT,		/* the sweep found it past its deadline */
	CONN_F_ASYNC_DONE,	/* the asynchronous response is ready */
	CONN_F_CLOSED,		/* handed to release_work: io_work ignores it */
	CONN_F_TRIM,		/* idle a while: free the buffers */
};

/* A message queued but not yet fully sent: for the protocol's accounting. */
struct khttpd_pending {
	u64 end;		/* value of tx_queued after its last byte */
	ktime_t start;
	u32 tag;
};

/*
 * The common head comes first: conn.h's inline helpers reach it by casting
 * the connection (conn.c asserts the offset), as sk->__sk_common is reached
 * in struct sock.
 */
struct khttpd_conn {
	struct khttpd_conn_common common;	/* priv, phase, deadline, stamp */
	struct socket *sock;
	const struct khttpd_proto_ops *proto;
	struct work_struct io_work;	/* high priority, on wq */
	struct work_struct yield_work;	/* normal priority (conn_cpu.c) */
	unsigned long run;		/* which of the two runs (conn_cpu.c) */
	struct workqueue_struct *wq;	/* io_work runs on wq, on cpu: */
	int cpu;			/* set at accept by conn_place() */
	bool balance;			/* cpu: the last one balance chose */
	struct work_struct release_work;
	struct list_head node;		/* on khttpd_conns, khttpd_conns_lock */
	unsigned long flags;		/* CONN_F_*, set by anyone */
	/* memory charged for this connection (core/budget.h), by anyone */
	struct khttpd_budget_acct budget;

	/* all below and common: owned by io_work */
	bool buffered;			/* rx or tx held; also read by the sweep */
	bool sending;			/* output pending; also read by the sweep */
	unsigned long send_since;	/* jiffies it has been, for the sweep */
	bool close_after_send;
	bool peer_closed;
	bool wait_probed;		/* wait_probe sent in this wait */

	/*
	 * Input, allocated when the first bytes arrive and kept until the
	 * connection has idled for KHTTPD_TRIM_MS, so a busy keep-alive
	 * connection allocates nothing per request.  A power of two, so it
	 * wastes no slab space: KHTTPD_RX_INITIAL bytes, grown once to the
	 * protocol's max_in for a long head or a deep pipeline.
	 */
	char *rx;
	u32 rx_len;			/* bytes in rx */
	u32 rx_pos;			/* bytes of rx already consumed */
	u32 rx_size;			/* bytes allocated for rx */
	bool rx_charged;		/* rx_size is charged to budget; */
					/* both also read by the sweep */

	char *tx;			/* KHTTPD_TX_SIZE bytes, or NULL */
	u32 tx_len;
	u32 tx_pos;
	u64 tx_queued;			/* bytes ever queued (head and body) */
	u64 tx_sent;			/* bytes ever sent */
	u64 tx_done;			/* end of the last completed message */
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

	/* the protocol's state, proto->priv_size bytes: common.priv */
	u64 proto_state[];
};

/* conn.c */
void khttpd_conn_io(struct khttpd_conn *c);

/* conn_cpu.c */
void khttpd_conn_queue(struct khttpd_conn *c);
void khttpd_conn_works_init(struct khttpd_conn *c);
void khttpd_conn_cpu_set_workers(unsigned int workers);
int khttpd_conn_cpu_init(unsigned int workers);
void khttpd_conn_cpu_exit(void);

/* conn_timeout.c */
unsigned long khttpd_conn_timeout(const struct khttpd_conn *c);
bool khttpd_conn_send_late(const struct khttpd_conn *c, unsigned long now);
bool khttpd_conn_past_deadline(const struct khttpd_conn *c, unsigned long now);

/*
 * Nothing queued that is not sent yet: the output buffer is drained and no
 * body streams.  In io_work.
 */
static inline bool khttpd_conn_tx_idle(const struct khttpd_conn *c)
{
	return c->tx_pos == c->tx_len && !c->body_ops;
}

/* khttpd_conn_can_queue(), inline for the engine's own io_work. */
static inline bool conn_can_queue(const struct khttpd_conn *c)
{
	return !c->close_after_send && !c->body_ops &&
	       c->common.phase != KHTTPD_PHASE_WAIT &&
	       c->pending_count < KHTTPD_PIPELINE_MAX &&
	       (!c->tx || c->tx_len - c->tx_pos + KHTTPD_TX_RESERVE <=
			  KHTTPD_TX_SIZE);
}

/* conn_tx.c */
void khttpd_conn_body_release(struct khttpd_conn *c);
int khttpd_conn_send(struct khttpd_conn *c);
int khttpd_conn_recv(struct khttpd_conn *c);
void khttpd_conn_rx_free(struct khttpd_conn *c);
bool khttpd_conn_peer_gone(const struct sock *sk);
bool khttpd_conn_peer_reset(const struct sock *sk);

#endif /* KHTTPD_CONN_PRIV_H */
