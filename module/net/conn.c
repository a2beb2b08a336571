// SPDX-License-Identifier: GPL-2.0
/*
 * The connection engine.
 *
 * Each accepted socket gets a struct khttpd_conn, pointed to by its
 * sk_user_data.  The socket callbacks (data ready, write space, state
 * change) only queue the connection's io_work; io_work alone receives
 * (conn_rx.c),
 * hands the input to the protocol (struct khttpd_proto_ops, registered by
 * the HTTP layer) and sends what the protocol queued (conn_tx.c), never
 * waiting for I/O (handlers queue what would elsewhere), with a budget
 * after which it queues itself again so one busy
 * client cannot hold a worker.  An idle or slow
 * client therefore costs memory (the small conn object; its buffers are
 * freed while it idles) but never a worker.
 *
 * Lifetime: a conn is on khttpd_conns from accept until io_work decides to
 * close it.  Closing restores the socket's callbacks under sk_callback_lock
 * (so no callback can queue io_work any more), takes the conn off the list
 * (so the timeout sweep and shutdown cannot queue it either), then hands it
 * to release_work, which waits for io_work to finish, releases the socket
 * and frees the conn.  Only io_work changes a conn's phase; the sweep and
 * module exit ask it to close by setting a flag bit and queueing it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "balance.h"
#include "conn.h"
#include "conn_priv.h"
#include "core/params.h"
#include "server.h"
#include "core/stats.h"
#include "core/fault.h"

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int conn_workers = KHTTPD_TUNABLE_DEFAULT(workers);
static unsigned int conn_placement = KHTTPD_TUNABLE_DEFAULT(placement);
static unsigned int conn_max_connections =
	KHTTPD_TUNABLE_DEFAULT(max_connections);

/* workers is the workqueues' max_active */
static_assert(KHTTPD_TUNABLE_MAX(workers) == WQ_MAX_ACTIVE);

static int conn_workers_apply(unsigned int workers)
{
	khttpd_conn_set_workers(workers);
	return 0;
}

static struct khttpd_uint_param workers_param =
	KHTTPD_UINT_PARAM(workers, conn_workers, conn_workers_apply);
module_param_cb(workers, &khttpd_uint_param_ops, &workers_param, 0644);
__MODULE_PARM_TYPE(workers, "uint");
MODULE_PARM_DESC(workers, KHTTPD_TUNABLE_MEANING(workers));

static const char * const conn_placement_words[KHTTPD_PLACE_COUNT] = {
/* the list is the enum's order */
#define KHTTPD_CHOICE(tunable, id, word) word,
#include "uapi/khttpd.h"
};

static struct khttpd_choice_param placement_param = {
	.value = &conn_placement,
	.words = conn_placement_words,
	.count = KHTTPD_PLACE_COUNT,
};
module_param_cb(placement, &khttpd_choice_param_ops, &placement_param, 0644);
MODULE_PARM_DESC(placement, KHTTPD_TUNABLE_MEANING(placement));

static struct khttpd_uint_param max_connections_param =
	KHTTPD_UINT_PARAM(max_connections, conn_max_connections, NULL);
module_param_cb(max_connections, &khttpd_uint_param_ops,
		&max_connections_param, 0644);
__MODULE_PARM_TYPE(max_connections, "uint");
MODULE_PARM_DESC(max_connections, KHTTPD_TUNABLE_MEANING(max_connections));

/* rounds of send, process, receive before io_work yields the worker */
#define KHTTPD_IO_BUDGET	16
/* period of the timeout sweep */
#define KHTTPD_SWEEP_MS		250
/* a connection idle this long gives its buffers back */
#define KHTTPD_TRIM_MS		1000

struct workqueue_struct *khttpd_wq;
static struct workqueue_struct *khttpd_unbound_wq;
static struct kmem_cache *khttpd_conn_cache;
static const struct khttpd_proto_ops *khttpd_proto;

static LIST_HEAD(khttpd_conns);
static DEFINE_SPINLOCK(khttpd_conns_lock);
static atomic_t khttpd_conns_live = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(khttpd_conns_gone);
static bool khttpd_conns_stopping;	/* under khttpd_conns_lock */

static void khttpd_sweep(struct work_struct *work);
static DECLARE_DELAYED_WORK(khttpd_sweep_work, khttpd_sweep);

/* ---- socket callbacks: softirq context, only queue io_work ---- */

/* sk_data_ready and sk_state_change: data, EOF or an error to look at */
static void conn_wake(struct sock *sk)
{
	struct khttpd_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c)
		khttpd_conn_queue(c);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void conn_write_space(struct sock *sk)
{
	struct khttpd_conn *c;

	read_lock_bh(&sk->sk_callback_lock);
	c = sk->sk_user_data;
	if (c && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		khttpd_conn_queue(c);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/**
 * khttpd_conn_can_queue() - may the protocol queue another message?
 * @c: connection, in its io_work
 *
 * False once the connection is to close after sending, while a body
 * streams or an answer is awaited, when KHTTPD_PIPELINE_MAX messages wait
 * to be sent, or when the output buffer lacks KHTTPD_TX_RESERVE bytes.
 * The protocol reads no further input while it is false.
 *
 * Return: true if another message may be queued now.
 */
bool khttpd_conn_can_queue(const struct khttpd_conn *c)
{
	return conn_can_queue(c);
}

/**
 * khttpd_conn_close_after_send() - read no more; close once all is sent.
 * @c: connection, in its io_work
 */
void khttpd_conn_close_after_send(struct khttpd_conn *c)
{
	c->close_after_send = true;
}

/**
 * khttpd_conn_peer_addr() - the address of the connection's client.
 * @c: connection, in its io_work
 * @ss: where to write it (AF_INET or AF_INET6)
 *
 * Return: 0, or a negative errno if the socket has no peer any more.
 */
int khttpd_conn_peer_addr(struct khttpd_conn *c, struct sockaddr_storage *ss)
{
	int ret = kernel_getpeername(c->sock, (struct sockaddr *)ss);

	return ret < 0 ? ret : 0;
}

/**
 * khttpd_conn_budget() - the account @c's memory is charged to.
 * @c: connection
 *
 * For khttpd_budget_charge(); everything charged to it must be uncharged
 * before the connection is released (core/budget.h).
 *
 * Return: the connection's account, alive as long as @c.
 */
struct khttpd_budget_acct *khttpd_conn_budget(struct khttpd_conn *c)
{
	return &c->budget;
}

/* Hand the input to the protocol.  Return: >0 if anything was done. */
static int conn_process(struct khttpd_conn *c)
{
	size_t used = 0;
	int ret;

	if (!c->rx || c->rx_pos == c->rx_len || !conn_can_queue(c))
		return 0;
	ret = c->proto->process(c, c->rx + c->rx_pos, c->rx_len - c->rx_pos,
				&used);
	c->rx_pos += used;
	return ret;
}

/* Free the buffers of a connection with nothing in flight. */
static void conn_trim(struct khttpd_conn *c)
{
	if (c->common.phase != KHTTPD_PHASE_IDLE || !khttpd_conn_tx_idle(c))
		return;
	if (c->rx && c->rx_pos == c->rx_len)
		khttpd_conn_rx_free(c);
	kfree(c->tx);
	c->tx = NULL;
	c->proto->trim(c);
	if (!c->rx)
		WRITE_ONCE(c->buffered, false);
}

/* ---- lifetime ---- */

static void conn_release_work(struct work_struct *work)
{
	struct khttpd_conn *c =
		container_of(work, struct khttpd_conn, release_work);

	/*
	 * Nothing queues io_work any more; wait for the last run to end.
	 * A run of one item may queue the other (conn_cpu.c) but not after
	 * the close, which the last run saw.
	 */
	cancel_work_sync(&c->io_work);
	cancel_work_sync(&c->yield_work);
	kernel_sock_shutdown(c->sock, SHUT_RDWR);
	sock_release(c->sock);
	khttpd_conn_rx_free(c);
	kfree(c->tx);
	khttpd_budget_acct_drop(&c->budget);
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

	if (c->async_ops) {
		c->async_ops->cancel(c->async_arg);
		c->async_ops = NULL;
	}
	khttpd_conn_body_release(c);
	c->proto->release(c);
	set_bit(CONN_F_CLOSED, &c->flags);
	queue_work(khttpd_wq, &c->release_work);
}

/*
 * The sweep found the connection past its deadline: close, or let the
 * protocol answer a head that took too long first.
 */
static bool conn_timed_out(struct khttpd_conn *c)
{
	if (khttpd_conn_send_late(c, jiffies)) {
		/* reset: unsent bytes are not kept for a reader who stopped */
		sock_no_linger(c->sock->sk);
		khttpd_stat_inc(KS_TIMEOUT_SEND);
		return true;
	}
	if (!khttpd_conn_past_deadline(c, jiffies))
		return false;
	switch (c->common.phase) {
	case KHTTPD_PHASE_IDLE:
		khttpd_stat_inc(khttpd_conn_tx_idle(c) ? KS_TIMEOUT_KEEPALIVE :
							 KS_TIMEOUT_SEND);
		return true;
	case KHTTPD_PHASE_HEAD:
		return c->proto->timeout(c);
	case KHTTPD_PHASE_BODY:
		khttpd_stat_inc(KS_TIMEOUT_BODY);
		return true;
	default:
		khttpd_stat_inc(KS_TIMEOUT_SEND);
		return true;
	}
}

/*
 * The peer sent its FIN while an answer is awaited: send the protocol's
 * probe, whole or not at all, and only with nothing else in flight, which
 * would provoke the reset just as well.
 */
static void conn_wait_probe(struct khttpd_conn *c)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct sock *sk = c->sock->sk;
	struct kvec vec;
	int ret;

	c->wait_probed = true;
	if (!c->proto->wait_probe || !khttpd_conn_tx_idle(c))
		return;
	vec.iov_base = (void *)c->proto->wait_probe(c);
	if (!vec.iov_base)
		return;
	vec.iov_len = strlen(vec.iov_base);
	if (sk_stream_wspace(sk) < (int)vec.iov_len)
		return;
	ret = kernel_sendmsg(c->sock, &msg, &vec, 1, vec.iov_len);
	if (ret > 0)
		khttpd_stat_add(KS_BYTES_OUT, ret);
}

/**
 * khttpd_conn_io() - one run of io_work: receive, answer and send.
 * @c: connection, from its io_work or yield_work (conn_cpu.c), which
 *	never run this at once
 *
 * KHTTPD_IO_BUDGET rounds, then it queues itself behind the others.
 */
void khttpd_conn_io(struct khttpd_conn *c)
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
		    c->async_ops) {
			const struct khttpd_async_ops *ops = c->async_ops;

			c->async_ops = NULL;
			ops->resume(c, c->async_arg);
			c->proto->resumed(c);
		}
	}

	while (budget--) {
		bool progress = false;

		if (!c->peer_closed && conn_can_queue(c)) {
			ret = khttpd_conn_recv(c);
			if (ret == -ECONNRESET) {
				/* EOF: answer what was asked, then close */
				c->peer_closed = true;
				progress = true;
			} else if (ret == -ENOBUFS) {
				/* over the memory budget: 503, then close */
				if (c->proto->overload(c))
					goto close;
				progress = true;
			} else if (ret < 0) {
				goto close;
			}
			progress |= ret > 0;
		}

		ret = conn_process(c);
		if (ret < 0)
			goto close;
		progress |= ret > 0;

		/* answers go out in the round that made them */
		ret = khttpd_conn_send(c);
		if (ret < 0)
			goto close;
		progress |= ret > 0;

		/*
		 * Nobody waits for the answer.  A half-close (EOF after the
		 * request) is not that: the client may still read; the probe
		 * tells a closed one, which resets, from a half-closed one.
		 */
		if (c->async_ops && khttpd_conn_peer_reset(c->sock->sk))
			goto close;
		if (c->async_ops && !c->wait_probed &&
		    khttpd_conn_peer_gone(c->sock->sk))
			conn_wait_probe(c);
		if (!progress) {
			if (khttpd_conn_tx_idle(c) && !c->async_ops &&
			    (c->close_after_send || c->peer_closed))
				goto close;
			return;		/* buffers kept: see khttpd_sweep() */
		}
	}
	/*
	 * Out of budget: requeue behind the other connections.  What was
	 * answered went out in its round, so it does not wait for them.
	 */
	khttpd_conn_queue(c);
	return;

close:
	conn_close(c);
}

/**
 * khttpd_conn_wait_async() - the current request will be answered later.
 * @c: connection, in its io_work, inside &khttpd_proto_ops.process
 * @ops: how to resume or cancel
 * @arg: passed to @ops
 *
 * The connection enters %KHTTPD_PHASE_WAIT: no timeout, no input read,
 * until @ops->resume has run and the protocol's resumed() sets a phase.
 */
void khttpd_conn_wait_async(struct khttpd_conn *c,
			    const struct khttpd_async_ops *ops, void *arg)
{
	c->async_ops = ops;
	c->async_arg = arg;
	c->wait_probed = false;
	khttpd_conn_set_phase(c, KHTTPD_PHASE_WAIT);
}

/**
 * khttpd_conn_async_done() - the awaited response can now be written.
 * @c: connection waiting after khttpd_conn_wait_async()
 *
 * Context: any; the caller guarantees @c is alive (see cancel()).  From
 * here on resume() may run, on another CPU, before this returns: the
 * caller must not touch what resume() frees.
 */
void khttpd_conn_async_done(struct khttpd_conn *c)
{
	/* what the caller wrote for resume() is seen with the bit */
	smp_mb__before_atomic();
	set_bit(CONN_F_ASYNC_DONE, &c->flags);
	khttpd_conn_queue(c);
}

static void conn_reject(struct socket *sock)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec vec = {
		.iov_base = (void *)khttpd_proto->reject,
		.iov_len = khttpd_proto->reject ? strlen(khttpd_proto->reject) : 0,
	};

	if (vec.iov_len)
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
	switch (READ_ONCE(conn_placement)) {
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
	    READ_ONCE(conn_max_connections)) {
		conn_reject(sock);
		return;
	}
	c = khttpd_alloc(kmem_cache_zalloc(khttpd_conn_cache, KHTTPD_GFP_CLIENT));
	if (!c) {
		conn_reject(sock);
		return;
	}
	c->common.priv = c->proto_state;
	c->sock = sock;
	c->proto = khttpd_proto;
	if (c->proto->init(c)) {
		kmem_cache_free(khttpd_conn_cache, c);
		conn_reject(sock);
		return;
	}
	conn_place(c);
	c->common.phase = KHTTPD_PHASE_IDLE;
	c->common.deadline_base = jiffies;
	khttpd_conn_works_init(c);
	INIT_WORK(&c->release_work, conn_release_work);
	tcp_sock_set_nodelay(sk);

	spin_lock(&khttpd_conns_lock);
	if (khttpd_conns_stopping) {
		spin_unlock(&khttpd_conns_lock);
		c->proto->release(c);
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
	khttpd_conn_queue(c);
	queue_delayed_work(system_wq, &khttpd_sweep_work,
			   msecs_to_jiffies(KHTTPD_SWEEP_MS));
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
		unsigned long t = khttpd_conn_timeout(c);
		unsigned long base = READ_ONCE(c->common.deadline_base);
		enum khttpd_conn_phase phase = READ_ONCE(c->common.phase);

		if (((t && time_after(now, base + t)) ||
		     khttpd_conn_send_late(c, now)) &&
		    !test_and_set_bit(CONN_F_TIMEOUT, &c->flags))
			khttpd_conn_queue(c);
		else if (READ_ONCE(c->buffered) &&
			 phase == KHTTPD_PHASE_IDLE &&
			 time_after(now, base + trim) &&
			 !test_and_set_bit(CONN_F_TRIM, &c->flags))
			khttpd_conn_queue(c);
	}
	again = !list_empty(&khttpd_conns) && !khttpd_conns_stopping;
	spin_unlock(&khttpd_conns_lock);
	if (again)
		queue_delayed_work(system_wq, &khttpd_sweep_work,
				   msecs_to_jiffies(KHTTPD_SWEEP_MS));
}

/**
 * khttpd_conn_count() - connections open now.
 *
 * Return: accepted connections not yet freed.
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
	khttpd_params_assert_held();
	workqueue_set_max_active(khttpd_wq, workers);
	workqueue_set_max_active(khttpd_unbound_wq, workers);
	khttpd_conn_cpu_set_workers(workers);
}

/**
 * khttpd_conn_init() - create the workqueues and the connection cache.
 * @proto: the protocol every connection speaks; must outlive the engine
 *
 * Two workqueues, so that the placement parameter can change live: the
 * per-CPU "khttpd" (local, spread and balance placement, the accept and
 * release work) and "khttpd_unbound".  Both show max_active in sysfs.  The
 * CPU-heavy /fib computations run on a third, khttpd_fib.
 *
 * Both are WQ_HIGHPRI, as nvmet-tcp's is: io_work is short and never waits
 * for the disk (static.c hands that to khttpd_blocking), and a kworker at
 * normal priority is preempted by the very client
 * its send woke.  That client then sends the next request while io_work
 * still runs, and the workqueue, which never runs one work item on two
 * CPUs at once, queues it where it runs, whatever CPU khttpd_conn_queue()
 * asked for.  A client pinned to the CPU of its connections' work kept
 * them all there that way, with the other CPU idle, in a third of the runs
 * (placement=balance, bench/static/run).  What a flood may take of a CPU at
 * that priority is bounded by io_cpu_share, beyond which io_work runs on a
 * fourth, khttpd_yield, at normal priority (conn_cpu.c).
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_conn_init(const struct khttpd_proto_ops *proto)
{
	unsigned int workers = READ_ONCE(conn_workers);

	/* conn.h's inline helpers cast a connection to its common head */
	BUILD_BUG_ON(offsetof(struct khttpd_conn, common) != 0);

	khttpd_proto = proto;
	khttpd_conn_cache = kmem_cache_create("khttpd_conn",
					      sizeof(struct khttpd_conn) +
					      proto->priv_size,
					      __alignof__(struct khttpd_conn),
					      0, NULL);
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
	if (khttpd_conn_cpu_init(workers))
		goto err_unbound;
	khttpd_balance_init();
	khttpd_conns_stopping = false;
	return 0;

err_unbound:
	destroy_workqueue(khttpd_unbound_wq);
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
		khttpd_conn_queue(c);
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
	khttpd_conn_cpu_exit();
	destroy_workqueue(khttpd_unbound_wq);
	destroy_workqueue(khttpd_wq);
	kmem_cache_destroy(khttpd_conn_cache);
}
