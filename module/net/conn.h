/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection engine: one khttpd_conn per accepted socket, driven by its
 * io_work on the khttpd workqueue.  Socket callbacks only queue io_work.
 *
 * The engine knows sockets, buffers, lifetimes, CPUs, timeouts and the send
 * queue, and nothing of what the bytes mean: it hands received bytes to the
 * protocol registered with khttpd_conn_init() through struct
 * khttpd_proto_ops, and the protocol (http/http_conn.c) answers through the
 * output functions below.
 */
#ifndef KHTTPD_CONN_H
#define KHTTPD_CONN_H

#include <linux/jiffies.h>
#include <linux/types.h>
#include <linux/ktime.h>
#include <linux/workqueue.h>

struct socket;
struct sockaddr_storage;
struct khttpd_conn;
struct khttpd_budget_acct;

extern struct workqueue_struct *khttpd_wq;

/**
 * enum khttpd_conn_phase - where a connection is in its protocol's cycle,
 * as far as the engine cares: which timeout applies, and whether its
 * buffers may be freed.  Set by the protocol with khttpd_conn_set_phase().
 * @KHTTPD_PHASE_IDLE: between messages: the keep-alive timeout, and idle
 *	buffers are given back after a while
 * @KHTTPD_PHASE_HEAD: a message head is arriving: the header timeout, from
 *	the phase's start; when it passes, &khttpd_proto_ops.timeout decides
 * @KHTTPD_PHASE_BODY: a message body is arriving: the body timeout, from
 *	the phase's start (or the latest bytes sent while the answer still
 *	goes out), then close (net/conn_timeout.c)
 * @KHTTPD_PHASE_WAIT: the answer comes from elsewhere
 *	(khttpd_conn_wait_async()): no timeout, no input read
 */
enum khttpd_conn_phase {
	KHTTPD_PHASE_IDLE,
	KHTTPD_PHASE_HEAD,
	KHTTPD_PHASE_BODY,
	KHTTPD_PHASE_WAIT,
};

/**
 * struct khttpd_proto_ops - the protocol a connection speaks.
 * @priv_size: bytes of per-connection protocol state, allocated and zeroed
 *	with the connection; khttpd_conn_priv() finds them.
 * @max_in: the most unconsumed input a connection may hold (the largest
 *	message head); the input buffer grows to it, once.
 * @reject: bytes sent, without waiting, to a connection refused at accept
 *	(max_connections reached, no memory), or NULL.
 * @init: a connection was accepted.  Context: the accept work item, may
 *	sleep.  Return: 0, or a negative errno to refuse the connection.
 * @process: consume input, produce output.  @buf holds @len unconsumed
 *	bytes; set *@used to the bytes consumed, the rest is offered again,
 *	moved to the start of the buffer, with newer bytes after it.  Called
 *	only when khttpd_conn_can_queue() is true and there is input; loop
 *	while it stays true.  Return: >0 if anything was done, 0 if not, or
 *	a negative errno to close the connection now.
 * @resumed: the answer awaited after khttpd_conn_wait_async() was queued by
 *	&khttpd_async_ops.resume, and the phase is still %KHTTPD_PHASE_WAIT:
 *	set the next one.
 * @overload: the input buffer is full and may not grow (the memory budget,
 *	core/budget.h, refused it).  Return: true to close now, false if an
 *	answer was queued and the connection closes after sending it.
 * @timeout: the header timeout of %KHTTPD_PHASE_HEAD passed.  Return: true
 *	to close now, false if an answer was queued and the connection
 *	closes after sending it (khttpd_conn_out_msg() with @close).
 * @sent: the last byte of the message queued with tag @tag went out,
 *	@bytes long, @ns after the start given to khttpd_conn_out_msg().
 * @wait_probe: the peer shut down its sending side while an answer is
 *	awaited (khttpd_conn_wait_async()): a client that half-closes after
 *	its request still reads the answer (RFC 9112, 9.6), one that closed
 *	the connection does not, and the two look alike until something is
 *	sent.  Return bytes the protocol allows sent ahead of the answer (an
 *	interim response), or NULL: the engine sends them, and a closed peer
 *	answers them with a reset, which cancels the wait.  May be NULL.
 * @trim: the connection idled a while in %KHTTPD_PHASE_IDLE with nothing
 *	to send: free what can be allocated again.
 * @release: the connection closes; the protocol lets go of it.  Called
 *	once, after which no other callback runs; in io_work, or in the
 *	accept work item when unload raced the accept.
 *
 * Registered once with khttpd_conn_init(); the engine calls nothing else of
 * the protocol, and the protocol reaches the socket only through the
 * khttpd_conn_*() functions of this header.  Every callback but @init (and
 * @release, see there) runs in the connection's io_work (process context, never concurrently with
 * itself for one connection, no lock held), which serialises all of them
 * for a connection: the protocol's state needs no lock of its own.  They
 * must not block on I/O: io_work runs on a WQ_HIGHPRI workqueue shared by
 * every connection (or, past io_cpu_share, on a normal-priority one:
 * net/conn_cpu.c).  They may allocate with GFP_KERNEL.
 */
struct khttpd_proto_ops {
	size_t priv_size;
	u32 max_in;
	const char *reject;
	int (*init)(struct khttpd_conn *c);
	int (*process)(struct khttpd_conn *c, const char *buf, size_t len,
		       size_t *used);
	void (*resumed)(struct khttpd_conn *c);
	bool (*overload)(struct khttpd_conn *c);
	bool (*timeout)(struct khttpd_conn *c);
	void (*sent)(struct khttpd_conn *c, u32 tag, u64 bytes, u64 ns);
	const char *(*wait_probe)(struct khttpd_conn *c);
	void (*trim)(struct khttpd_conn *c);
	void (*release)(struct khttpd_conn *c);
};

/*
 * A response body produced piecewise while the socket accepts it, for bodies
 * too large to copy into the output buffer (a big Fibonacci number, a file).
 * Either fill() writes body bytes [off, off + len) into buf, which the
 * connection then sends, or send() hands up to len bytes from off to the
 * socket itself without copying (file pages), non-blocking, returning the
 * bytes taken, -EAGAIN when the socket is full, or another negative errno.
 * release() drops priv.
 */
struct khttpd_body_ops {
	size_t (*fill)(void *priv, u64 off, char *buf, size_t len);
	int (*send)(void *priv, struct socket *sock, u64 off, u64 len);
	void (*release)(void *priv);
};

/**
 * struct khttpd_conn_common - the head of every connection: what its
 *	protocol reads or sets on every message, through the inline helpers
 *	below rather than calls (the rest of the connection is the engine's).
 * @priv: the protocol's state, &khttpd_proto_ops.priv_size bytes, zeroed
 *	at accept; fixed for the connection's life.
 * @rx_stamp: ktime_get() of the receive that brought the latest input.
 * @phase: where the request cycle is; also read by the sweep.
 * @deadline_base: jiffies the phase's timeout runs from; also read by the
 *	sweep.
 *
 * Written only in the connection's io_work.
 */
struct khttpd_conn_common {
	void *priv;
	ktime_t rx_stamp;
	enum khttpd_conn_phase phase;
	unsigned long deadline_base;
};

static inline struct khttpd_conn_common *
khttpd_conn_common(const struct khttpd_conn *c)
{
	return (struct khttpd_conn_common *)c;
}

/**
 * khttpd_conn_priv() - the protocol's state in @c.
 * @c: connection
 *
 * Return: &khttpd_proto_ops.priv_size bytes, zeroed at accept.
 */
static inline void *khttpd_conn_priv(struct khttpd_conn *c)
{
	return khttpd_conn_common(c)->priv;
}

/**
 * khttpd_conn_set_phase() - enter @ph, and start its timeout from now.
 * @c: connection, in its io_work
 * @ph: the phase, for the timeout and the freeing of idle buffers
 */
static inline void khttpd_conn_set_phase(struct khttpd_conn *c,
					 enum khttpd_conn_phase ph)
{
	WRITE_ONCE(khttpd_conn_common(c)->phase, ph);
	WRITE_ONCE(khttpd_conn_common(c)->deadline_base, jiffies);
}

/**
 * khttpd_conn_phase() - the phase last set.
 * @c: connection, in its io_work
 *
 * Return: the phase; %KHTTPD_PHASE_WAIT after khttpd_conn_wait_async().
 */
static inline enum khttpd_conn_phase
khttpd_conn_phase(const struct khttpd_conn *c)
{
	return khttpd_conn_common(c)->phase;
}

/**
 * khttpd_conn_rx_stamp() - when the latest input arrived.
 * @c: connection, in its io_work
 *
 * Return: the ktime_get() of the receive that brought it.
 */
static inline ktime_t khttpd_conn_rx_stamp(const struct khttpd_conn *c)
{
	return khttpd_conn_common(c)->rx_stamp;
}

struct khttpd_budget_acct *khttpd_conn_budget(struct khttpd_conn *c);
int khttpd_conn_peer_addr(struct khttpd_conn *c, struct sockaddr_storage *ss);
bool khttpd_conn_can_queue(const struct khttpd_conn *c);
void khttpd_conn_close_after_send(struct khttpd_conn *c);

char *khttpd_conn_out_space(struct khttpd_conn *c, size_t *avail);
void khttpd_conn_out_msg(struct khttpd_conn *c, size_t len, ktime_t start,
			 u32 tag, bool close);
void khttpd_conn_out_stream(struct khttpd_conn *c,
			    const struct khttpd_body_ops *ops, void *priv,
			    u64 len);
/*
 * A request answered later (a Fibonacci number being computed elsewhere).
 * resume() runs in io_work once khttpd_conn_async_done() was called, and
 * writes the response; cancel() runs instead if the connection closes first,
 * and must guarantee that khttpd_conn_async_done() is not called after it
 * returns.
 */
struct khttpd_async_ops {
	void (*resume)(struct khttpd_conn *c, void *arg);
	void (*cancel)(void *arg);
};

void khttpd_conn_wait_async(struct khttpd_conn *c,
			    const struct khttpd_async_ops *ops, void *arg);
void khttpd_conn_async_done(struct khttpd_conn *c);

void khttpd_conn_start(struct socket *sock);
unsigned int khttpd_conn_count(void);
void khttpd_conn_set_workers(unsigned int workers);
int khttpd_conn_init(const struct khttpd_proto_ops *proto);
void khttpd_conn_shutdown_all(void);
void khttpd_conn_exit(void);

#endif /* KHTTPD_CONN_H */
