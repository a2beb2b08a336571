// SPDX-License-Identifier: GPL-2.0
/*
 * /fib computations: one per N at a time, bounded, with a deadline.
 *
 * A cache miss for F(N) joins the computation of N already in flight, if
 * there is one, or starts one: a flight, which is one job on khttpd_fib_wq
 * and any number of waiting connections.  A stampede of identical requests
 * thus costs one computation (fib_cache_misses counts the computations
 * started, fib_joined the requests that waited on one already in flight).
 *
 * What clients can make the kernel hold here is bounded, each refusal a
 * 503 at once, counted in /proc/khttpd:
 *  - fib_queue_max flights, queued or running (fib_refused_queue);
 *  - fib_client_max of them started by one client address, an IPv6 client
 *    counted by its /64, which one host usually has whole
 *    (fib_refused_client);
 *  - fib_memory_bytes for all of them: a flight reserves
 *    kh_fib_mem_estimate(N), its computation's peak (which includes the
 *    result), when it is admitted, and that is also the computation's own
 *    limit, so the computations together never exceed the pool
 *    (fib_refused_memory).  The big-number allocations use __GFP_NORETRY |
 *    __GFP_NOWARN (lib/compat.h): memory pressure fails a computation with
 *    503 instead of waking the OOM killer.
 *  - the memory budget (core/budget.h) pays for the queue itself: each
 *    flight and client entry (charged to no connection, as they may
 *    outlive the one that made them), each waiter (to its connection);
 *    results held only by responses are charged by fib_service.c.
 *  - a request waits at most fib_wait_timeout_ms, then gets 503 if its
 *    computation had not started (queued behind others), 504 if it was
 *    computing (fib_wait_expired).  The computation goes on, so that a
 *    later request finds the result in the cache; it is cancelled when the
 *    last waiting connection goes away (fib_cancelled), and by unload.
 *
 * Lifetimes: a flight is referenced by its work item (until it ends) and by
 * each waiter (until resume or cancel).  A waiter belongs to its connection
 * (the khttpd_conn_wait_async() argument).  While it is linked on its
 * flight's list, waiter->conn is the connection to wake; whoever unlinks it
 * under fib_flight_lock (the job when done, the deadline sweep, or the
 * connection's cancel) decides the outcome, so a connection is woken at
 * most once per wait, and never after cancel() has returned.
 *
 * Locking: fib_flight_lock, a spinlock taken in process context only (io_work,
 * the job, the sweep), guards the flight hash, the waiter lists, the client
 * table, the counts, and each waiter's conn and outcome.  The cache's lock
 * nests inside it (khttpd_fib_cache_get()), never the other way round.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>

#include "fib_priv.h"
#include "fib_service.h"
#include "lib/fib/fib.h"
#include "lib/fib/fib_mem.h"
#include "net/conn.h"
#include "http/http.h"
#include "core/budget.h"
#include "core/params.h"
#include "core/stats.h"
#include "core/fault.h"

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int fib_workers = KHTTPD_TUNABLE_DEFAULT(fib_workers);
static unsigned int fib_queue_max = KHTTPD_TUNABLE_DEFAULT(fib_queue_max);
static unsigned int fib_client_max = KHTTPD_TUNABLE_DEFAULT(fib_client_max);
static unsigned int fib_wait_timeout_ms =
	KHTTPD_TUNABLE_DEFAULT(fib_wait_timeout_ms);
static unsigned long fib_mem_limit = KHTTPD_TUNABLE_DEFAULT(fib_memory_bytes);

/* fib_workers is the workqueue's max_active */
static_assert(KHTTPD_TUNABLE_MAX(fib_workers) == WQ_MAX_ACTIVE);

static int fib_workers_apply(unsigned int workers)
{
	khttpd_fib_set_workers(workers);
	return 0;
}

static struct khttpd_uint_param fib_workers_param =
	KHTTPD_UINT_PARAM(fib_workers, fib_workers, fib_workers_apply);
module_param_cb(fib_workers, &khttpd_uint_param_ops, &fib_workers_param,
		0644);
__MODULE_PARM_TYPE(fib_workers, "uint");
MODULE_PARM_DESC(fib_workers, KHTTPD_TUNABLE_MEANING(fib_workers));

static struct khttpd_uint_param fib_queue_max_param =
	KHTTPD_UINT_PARAM(fib_queue_max, fib_queue_max, NULL);
module_param_cb(fib_queue_max, &khttpd_uint_param_ops, &fib_queue_max_param,
		0644);
__MODULE_PARM_TYPE(fib_queue_max, "uint");
MODULE_PARM_DESC(fib_queue_max, KHTTPD_TUNABLE_MEANING(fib_queue_max));

static struct khttpd_uint_param fib_client_max_param =
	KHTTPD_UINT_PARAM(fib_client_max, fib_client_max, NULL);
module_param_cb(fib_client_max, &khttpd_uint_param_ops,
		&fib_client_max_param, 0644);
__MODULE_PARM_TYPE(fib_client_max, "uint");
MODULE_PARM_DESC(fib_client_max, KHTTPD_TUNABLE_MEANING(fib_client_max));

static struct khttpd_uint_param fib_wait_timeout_ms_param =
	KHTTPD_UINT_PARAM(fib_wait_timeout_ms, fib_wait_timeout_ms, NULL);
module_param_cb(fib_wait_timeout_ms, &khttpd_uint_param_ops,
		&fib_wait_timeout_ms_param, 0644);
__MODULE_PARM_TYPE(fib_wait_timeout_ms, "uint");
MODULE_PARM_DESC(fib_wait_timeout_ms,
		 KHTTPD_TUNABLE_MEANING(fib_wait_timeout_ms));

/* a lowered pool refuses the next admissions; nothing running is stopped */
static void fib_mem_limit_apply(void)
{
}

static struct khttpd_bytes_param fib_memory_bytes_param =
	KHTTPD_BYTES_PARAM(fib_memory_bytes, fib_mem_limit,
			   fib_mem_limit_apply);
module_param_cb(fib_memory_bytes, &khttpd_bytes_param_ops,
		&fib_memory_bytes_param, 0644);
__MODULE_PARM_TYPE(fib_memory_bytes, "ulong");
MODULE_PARM_DESC(fib_memory_bytes, KHTTPD_TUNABLE_MEANING(fib_memory_bytes));

/* what the budget is charged for a flight, and its client entry */
#define FIB_FLIGHT_BYTES	(sizeof(struct fib_flight) + \
				 sizeof(struct fib_client))

/* period of the deadline sweep while requests wait */
#define FIB_SWEEP_MS	100

/* A client address: IPv4 as ::ffff:a.b.c.d, IPv6 as its /64. */
struct fib_client {
	struct hlist_node hnode;	/* fib_clients */
	struct in6_addr addr;
	unsigned int flights;		/* started, not yet ended */
};

struct fib_flight {
	struct work_struct work;
	struct hlist_node hnode;	/* fib_flights while joinable */
	bool hashed;
	bool running;			/* the job has started */
	bool cancelled;			/* nobody waits: stop (READ_ONCE) */
	struct list_head waiters;	/* fib_waiter.node */
	refcount_t ref;
	u32 n;
	size_t reserved;		/* bytes of the memory pool */
	struct fib_client *client;	/* who started it */
	int err;			/* set before the waiters are woken */
	struct khttpd_fib_entry *entry;	/* the result, one reference */
};

/* what a woken waiter answers */
enum fib_outcome {
	FIB_RESULT,		/* the digits */
	FIB_NO_MEMORY,		/* 503: the computation ran out of memory */
	FIB_FAILED,		/* 503: cancelled (unload) */
	FIB_LATE_QUEUED,	/* 503: deadline passed before it started */
	FIB_LATE_RUNNING,	/* 504: deadline passed while computing */
};

struct fib_waiter {
	struct list_head node;		/* flight->waiters while waiting */
	struct list_head fifo;		/* fib_waiting, oldest first */
	struct fib_flight *flight;	/* one reference */
	struct khttpd_conn *conn;	/* to wake, while linked */
	struct khttpd_budget_acct *acct; /* its connection's, charged */
	unsigned long since;		/* jiffies */
	enum fib_outcome outcome;
	struct khttpd_reply reply;
};

static struct workqueue_struct *khttpd_fib_wq;
static bool khttpd_fib_stopping;

static DEFINE_SPINLOCK(fib_flight_lock);
static DEFINE_HASHTABLE(fib_flights, 6);
static DEFINE_HASHTABLE(fib_clients, 6);
static LIST_HEAD(fib_waiting);
static unsigned int fib_flight_count;
static atomic_long_t fib_mem_used = ATOMIC_LONG_INIT(0);

static void fib_deadline_sweep(struct work_struct *work);
static DECLARE_DELAYED_WORK(fib_deadline_work, fib_deadline_sweep);

/* ---- the memory pool ---- */

static bool fib_mem_charge(size_t bytes)
{
	long limit = READ_ONCE(fib_mem_limit);

	if (atomic_long_add_return(bytes, &fib_mem_used) <= limit)
		return true;
	atomic_long_sub(bytes, &fib_mem_used);
	return false;
}

static void fib_mem_uncharge(size_t bytes)
{
	atomic_long_sub(bytes, &fib_mem_used);
}

/**
 * khttpd_fib_memory_used() - bytes charged to fib_memory_bytes now.
 */
long khttpd_fib_memory_used(void)
{
	return atomic_long_read(&fib_mem_used);
}

/**
 * khttpd_fib_computations() - flights queued or running now.
 */
unsigned int khttpd_fib_computations(void)
{
	return READ_ONCE(fib_flight_count);
}

/* ---- clients ---- */

static void fib_client_key(struct khttpd_conn *c, struct in6_addr *key)
{
	struct sockaddr_storage ss = { };

	memset(key, 0, sizeof(*key));
	if (khttpd_conn_peer_addr(c, &ss))
		return;		/* gone already: all such share one slot */
	if (ss.ss_family == AF_INET) {
		ipv6_addr_set_v4mapped(((struct sockaddr_in *)&ss)->sin_addr.s_addr,
				       key);
	} else if (ss.ss_family == AF_INET6) {
		*key = ((struct sockaddr_in6 *)&ss)->sin6_addr;
		if (!ipv6_addr_v4mapped(key)) {
			key->s6_addr32[2] = 0;
			key->s6_addr32[3] = 0;
		}
	}
}

static u32 fib_client_hash(const struct in6_addr *a)
{
	return jhash2(a->s6_addr32, 4, 0);
}

/* Context: fib_flight_lock held. */
static struct fib_client *fib_client_find(const struct in6_addr *a)
{
	struct fib_client *cl;

	hash_for_each_possible(fib_clients, cl, hnode, fib_client_hash(a))
		if (ipv6_addr_equal(&cl->addr, a))
			return cl;
	return NULL;
}

/* Context: fib_flight_lock held.  Return: the entry to free, or NULL. */
static struct fib_client *fib_client_put(struct fib_client *cl)
{
	if (--cl->flights)
		return NULL;
	hash_del(&cl->hnode);
	return cl;
}

/* ---- flights and waiters ---- */

static void fib_flight_put(struct fib_flight *f)
{
	if (refcount_dec_and_test(&f->ref)) {
		if (f->entry)
			khttpd_fib_entry_put(f->entry);
		kfree(f);
		khttpd_budget_uncharge(NULL, FIB_FLIGHT_BYTES);
	}
}

/* Context: fib_flight_lock held. */
static struct fib_flight *fib_flight_find(u32 n)
{
	struct fib_flight *f;

	hash_for_each_possible(fib_flights, f, hnode, n)
		if (f->n == n)
			return f;
	return NULL;
}

/* Context: fib_flight_lock held.  Later requests for n start afresh. */
static void fib_flight_unhash(struct fib_flight *f)
{
	if (f->hashed) {
		hash_del(&f->hnode);
		f->hashed = false;
	}
}

/*
 * Take @w off its lists and wake its connection to answer @outcome.
 * Context: fib_flight_lock held; @w linked.
 */
static void fib_waiter_wake(struct fib_waiter *w, enum fib_outcome outcome)
{
	struct khttpd_conn *c = w->conn;

	list_del_init(&w->node);
	list_del_init(&w->fifo);
	w->outcome = outcome;
	w->conn = NULL;
	/*
	 * The last touch of @w: the connection's io_work may resume on
	 * another CPU at once and free it (fib_waiter_resume()), without
	 * fib_flight_lock.
	 */
	khttpd_conn_async_done(c);
}

/* Context: fib_flight_lock held. */
static void fib_waiter_add(struct fib_waiter *w, struct fib_flight *f)
{
	refcount_inc(&f->ref);
	w->flight = f;
	w->since = jiffies;
	list_add_tail(&w->node, &f->waiters);
	list_add_tail(&w->fifo, &fib_waiting);
	queue_delayed_work(system_wq, &fib_deadline_work,
			   msecs_to_jiffies(FIB_SWEEP_MS));
}

static void fib_waiter_free(struct fib_waiter *w)
{
	struct khttpd_budget_acct *acct = w->acct;

	fib_flight_put(w->flight);
	kfree(w);
	khttpd_budget_uncharge(acct, sizeof(*w));
}

static void fib_waiter_resume(struct khttpd_conn *c, void *arg)
{
	struct fib_waiter *w = arg;
	struct fib_flight *f = w->flight;

	switch (w->outcome) {
	case FIB_RESULT:
		refcount_inc(&f->entry->ref);
		khttpd_fib_send(c, &w->reply, f->entry, false);
		break;
	case FIB_NO_MEMORY:
		khttpd_fib_reply_text(c, &w->reply, 503, NULL,
				      "not enough memory for this N\n");
		break;
	case FIB_FAILED:
		khttpd_fib_reply_text(c, &w->reply, 503, NULL,
				      "computation cancelled\n");
		break;
	case FIB_LATE_QUEUED:
		khttpd_fib_reply_text(c, &w->reply, 503, "Retry-After: 5\r\n",
				      "the computation did not start within fib_wait_timeout_ms: retry\n");
		break;
	case FIB_LATE_RUNNING:
		khttpd_fib_reply_text(c, &w->reply, 504, "Retry-After: 5\r\n",
				      "the computation did not finish within fib_wait_timeout_ms; it goes on: retry\n");
		break;
	}
	fib_waiter_free(w);
}

static void fib_waiter_cancel(void *arg)
{
	struct fib_waiter *w = arg;
	struct fib_flight *f = w->flight;
	bool abandoned = false;

	spin_lock(&fib_flight_lock);
	if (!list_empty(&w->node)) {
		list_del_init(&w->node);
		list_del_init(&w->fifo);
		w->conn = NULL;
		if (list_empty(&f->waiters)) {
			WRITE_ONCE(f->cancelled, true);
			fib_flight_unhash(f);
			abandoned = true;
		}
	}
	spin_unlock(&fib_flight_lock);
	if (abandoned)
		khttpd_stat_inc(KS_FIB_CANCELLED);
	fib_waiter_free(w);
}

static const struct khttpd_async_ops fib_waiter_ops = {
	.resume = fib_waiter_resume,
	.cancel = fib_waiter_cancel,
};

/* Answer the waiters past fib_wait_timeout_ms, oldest first. */
static void fib_deadline_sweep(struct work_struct *work)
{
	unsigned long t = msecs_to_jiffies(READ_ONCE(fib_wait_timeout_ms));
	struct fib_waiter *w;
	unsigned int expired = 0;
	bool again;

	spin_lock(&fib_flight_lock);
	while (!list_empty(&fib_waiting)) {
		w = list_first_entry(&fib_waiting, struct fib_waiter, fifo);
		/* the list is in arrival order, so in deadline order */
		if (time_before(jiffies, w->since + t))
			break;
		fib_waiter_wake(w, w->flight->running ? FIB_LATE_RUNNING :
							  FIB_LATE_QUEUED);
		expired++;
	}
	again = !list_empty(&fib_waiting);
	spin_unlock(&fib_flight_lock);
	if (expired)
		khttpd_stat_add(KS_FIB_WAIT_EXPIRED, expired);
	if (again)
		queue_delayed_work(system_wq, &fib_deadline_work,
				   msecs_to_jiffies(FIB_SWEEP_MS));
}

static bool fib_flight_cancelled(void *arg)
{
	struct fib_flight *f = arg;

	return READ_ONCE(f->cancelled) || READ_ONCE(khttpd_fib_stopping);
}

static void fib_flight_work(struct work_struct *work)
{
	struct fib_flight *f = container_of(work, struct fib_flight, work);
	struct kh_fib_ctl ctl = {
		.cancelled = fib_flight_cancelled,
		.arg = f,
		/* the reservation: what the pool granted this computation */
		.mem_limit = f->reserved,
	};
	struct khttpd_fib_entry *e = NULL;
	struct kh_fib_result *res = NULL;
	struct fib_client *gone;
	struct fib_waiter *w, *tmp;
	ktime_t start = ktime_get();
	int err;

	spin_lock(&fib_flight_lock);
	f->running = true;
	spin_unlock(&fib_flight_lock);

	err = fib_flight_cancelled(f) ? -ECANCELED :
					kh_fib_compute(f->n, &ctl, &res);
	if (!err) {
		e = khttpd_fib_entry_new(f->n, res,
					 ktime_us_delta(ktime_get(), start));
		if (!e)
			err = -ENOMEM;
	}
	/* the result is in the cache or pinned: the reservation goes */
	fib_mem_uncharge(f->reserved);

	spin_lock(&fib_flight_lock);
	fib_flight_unhash(f);
	f->err = err;
	f->entry = e;
	list_for_each_entry_safe(w, tmp, &f->waiters, node)
		fib_waiter_wake(w, !err ? FIB_RESULT :
				err == -ENOMEM ? FIB_NO_MEMORY : FIB_FAILED);
	fib_flight_count--;
	gone = fib_client_put(f->client);
	spin_unlock(&fib_flight_lock);

	kfree(gone);
	fib_flight_put(f);
}

static void fib_refuse(struct khttpd_conn *c, const struct khttpd_reply *r,
		       enum khttpd_stat why, const char *text)
{
	khttpd_stat_inc(why);
	khttpd_fib_reply_text(c, r, 503, "Retry-After: 5\r\n", text);
}

/**
 * khttpd_fib_compute() - answer F(@n), not in the cache, once computed.
 * @c: connection, in its io_work
 * @r: reply settings
 * @n: the index, at most max_n
 *
 * Joins the computation of @n in flight or starts one, within the limits
 * above; the connection waits (khttpd_conn_wait_async()) for the answer,
 * or is refused with 503 at once.
 */
void khttpd_fib_compute(struct khttpd_conn *c, const struct khttpd_reply *r,
			u32 n)
{
	size_t need = kh_fib_mem_estimate(n);
	struct fib_client *cl, *newcl;
	struct khttpd_fib_entry *hit;
	struct fib_flight *f, *newf;
	struct fib_waiter *w;
	struct in6_addr key;

	fib_client_key(c, &key);
	/* allocated before the lock, and freed unused when joining */
	if (khttpd_budget_charge(khttpd_conn_budget(c), sizeof(*w))) {
		fib_refuse(c, r, KS_FIB_REFUSED_MEMORY,
			   "server busy: memory budget spent\n");
		return;
	}
	if (khttpd_budget_charge(NULL, FIB_FLIGHT_BYTES)) {
		khttpd_budget_uncharge(khttpd_conn_budget(c), sizeof(*w));
		fib_refuse(c, r, KS_FIB_REFUSED_MEMORY,
			   "server busy: memory budget spent\n");
		return;
	}
	w = khttpd_alloc(kzalloc(sizeof(*w), KHTTPD_GFP_CLIENT));
	newf = khttpd_alloc(kzalloc(sizeof(*newf), KHTTPD_GFP_CLIENT));
	newcl = khttpd_alloc(kzalloc(sizeof(*newcl), KHTTPD_GFP_CLIENT));
	if (!w || !newf || !newcl) {
		khttpd_fib_reply_text(c, r, 503, NULL, "out of memory\n");
		goto free;
	}
	w->acct = khttpd_conn_budget(c);
	INIT_LIST_HEAD(&w->node);
	INIT_LIST_HEAD(&w->fifo);
	w->reply = *r;
	w->conn = c;

	spin_lock(&fib_flight_lock);
	f = fib_flight_find(n);
	if (f) {
		fib_waiter_add(w, f);
		khttpd_conn_wait_async(c, &fib_waiter_ops, w);
		spin_unlock(&fib_flight_lock);
		khttpd_stat_inc(KS_FIB_JOINED);
		kfree(newf);
		kfree(newcl);
		khttpd_budget_uncharge(NULL, FIB_FLIGHT_BYTES);
		return;
	}
	/*
	 * A flight that just ended put its result in the cache before it
	 * left the hash: look again, so as not to compute it twice.
	 */
	hit = khttpd_fib_cache_get(n);
	if (hit) {
		spin_unlock(&fib_flight_lock);
		khttpd_stat_inc(KS_FIB_CACHE_HITS);
		khttpd_fib_send(c, r, hit, true);
		goto free;
	}
	if (fib_flight_count >= READ_ONCE(fib_queue_max)) {
		spin_unlock(&fib_flight_lock);
		fib_refuse(c, r, KS_FIB_REFUSED_QUEUE,
			   "too many /fib computations queued: retry\n");
		goto free;
	}
	cl = fib_client_find(&key);
	if (cl && cl->flights >= READ_ONCE(fib_client_max)) {
		spin_unlock(&fib_flight_lock);
		fib_refuse(c, r, KS_FIB_REFUSED_CLIENT,
			   "too many /fib computations from your address: retry\n");
		goto free;
	}
	if (!fib_mem_charge(need)) {
		spin_unlock(&fib_flight_lock);
		fib_refuse(c, r, KS_FIB_REFUSED_MEMORY,
			   "not enough memory for this N now\n");
		goto free;
	}
	if (!cl) {
		cl = newcl;
		newcl = NULL;
		cl->addr = key;
		hash_add(fib_clients, &cl->hnode, fib_client_hash(&key));
	}
	cl->flights++;
	f = newf;
	newf = NULL;
	INIT_WORK(&f->work, fib_flight_work);
	INIT_LIST_HEAD(&f->waiters);
	refcount_set(&f->ref, 1);	/* the work's */
	f->n = n;
	f->reserved = need;
	f->client = cl;
	f->hashed = true;
	hash_add(fib_flights, &f->hnode, n);
	fib_flight_count++;
	fib_waiter_add(w, f);
	khttpd_conn_wait_async(c, &fib_waiter_ops, w);
	/* under the lock: the work may not end before the waiter is linked */
	queue_work(khttpd_fib_wq, &f->work);
	spin_unlock(&fib_flight_lock);
	khttpd_stat_inc(KS_FIB_CACHE_MISSES);
	kfree(newcl);	/* the flight's charge covers its client either way */
	return;

free:
	kfree(w);
	kfree(newf);
	kfree(newcl);
	khttpd_budget_uncharge(khttpd_conn_budget(c), sizeof(*w));
	khttpd_budget_uncharge(NULL, FIB_FLIGHT_BYTES);
}

/**
 * khttpd_fib_set_workers() - how many computations may run at once.
 * @workers: max_active of the fib workqueue
 */
void khttpd_fib_set_workers(unsigned int workers)
{
	workqueue_set_max_active(khttpd_fib_wq, workers);
}

/**
 * khttpd_fib_flight_init() - create the computation workqueue.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_fib_flight_init(void)
{
	khttpd_fib_stopping = false;
	khttpd_fib_wq = alloc_workqueue("khttpd_fib",
					WQ_UNBOUND | WQ_CPU_INTENSIVE | WQ_SYSFS,
					READ_ONCE(fib_workers));
	return khttpd_fib_wq ? 0 : -ENOMEM;
}

/**
 * khttpd_fib_flight_exit() - cancel and wait for every computation.
 *
 * Context: every connection is closed already, so nobody waits.
 */
void khttpd_fib_flight_exit(void)
{
	WRITE_ONCE(khttpd_fib_stopping, true);
	destroy_workqueue(khttpd_fib_wq);
	cancel_delayed_work_sync(&fib_deadline_work);
	WARN_ON_ONCE(fib_flight_count || !list_empty(&fib_waiting));
}
