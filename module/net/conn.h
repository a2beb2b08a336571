/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection engine: one khttpd_conn per accepted socket, driven by its
 * io_work on the khttpd workqueue.  Socket callbacks only queue io_work.
 */
#ifndef KHTTPD_CONN_H
#define KHTTPD_CONN_H

#include <linux/types.h>
#include <linux/ktime.h>
#include <linux/workqueue.h>

#include "core/stats.h"

struct socket;
struct khttpd_conn;

extern struct workqueue_struct *khttpd_wq;

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

/* What a handler needs to know about the response it is writing. */
struct khttpd_reply {
	int status;
	enum khttpd_route route;
	bool head_only;		/* HEAD: headers of the GET, no body */
	bool close;		/* Connection: close, then close */
	bool keep_alive_10;	/* HTTP/1.0 client asked to keep alive */
};

char *khttpd_conn_out_space(struct khttpd_conn *c, size_t *avail);
void khttpd_conn_out_commit(struct khttpd_conn *c, size_t len,
			    const struct khttpd_reply *r);
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
int khttpd_conn_init(void);
void khttpd_conn_shutdown_all(void);
void khttpd_conn_exit(void);

#endif /* KHTTPD_CONN_H */
