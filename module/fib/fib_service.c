// SPDX-License-Identifier: GPL-2.0
/*
 * GET /fib/N.
 *
 * N is a decimal natural number up to 2^31-1 (leading zeros allowed); any
 * other text is 400, N above the max_n tunable is 422.  The body is the
 * exact decimal Fibonacci(N) followed by one newline.
 *
 * Results live in a cache bounded by fib_cache_bytes and evicted least
 * recently used first.  A miss is computed by a job on khttpd_fib_wq, an
 * unbound CPU-intensive workqueue with its own concurrency limit
 * (fib_workers), so a large N never holds a connection worker; the
 * connection waits (khttpd_conn_wait_async) and streams the digits when the
 * job is done.  A client that goes away, or module unload, cancels the job.
 *
 * Lifetimes: a fib_entry is referenced by the cache (while linked) and by
 * each response streaming it.  A fib_job is referenced by the connection
 * (until resume or cancel) and by its work item (until it ends); job->conn,
 * under job->lock, is cleared by the connection before it can go away, so
 * the job never touches a freed connection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hashtable.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "fib_service.h"
#include "lib/fib/fib.h"
#include "net/conn.h"
#include "http/http.h"
#include "core/params.h"
#include "core/stats.h"

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int fib_max_n = KHTTPD_TUNABLE_DEFAULT(max_n);
static unsigned int fib_workers = KHTTPD_TUNABLE_DEFAULT(fib_workers);
static unsigned long fib_cache_limit = KHTTPD_TUNABLE_DEFAULT(fib_cache_bytes);

/* fib_workers is the workqueue's max_active */
static_assert(KHTTPD_TUNABLE_MAX(fib_workers) == WQ_MAX_ACTIVE);

static struct khttpd_uint_param max_n_param =
	KHTTPD_UINT_PARAM(max_n, fib_max_n, NULL);
module_param_cb(max_n, &khttpd_uint_param_ops, &max_n_param, 0644);
__MODULE_PARM_TYPE(max_n, "uint");
MODULE_PARM_DESC(max_n, KHTTPD_TUNABLE_MEANING(max_n));

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

static struct khttpd_bytes_param fib_cache_bytes_param =
	KHTTPD_BYTES_PARAM(fib_cache_bytes, fib_cache_limit,
			   khttpd_fib_cache_trim);
module_param_cb(fib_cache_bytes, &khttpd_bytes_param_ops,
		&fib_cache_bytes_param, 0644);
__MODULE_PARM_TYPE(fib_cache_bytes, "ulong");
MODULE_PARM_DESC(fib_cache_bytes, KHTTPD_TUNABLE_MEANING(fib_cache_bytes));

struct fib_entry {
	struct hlist_node hnode;	/* fib_cache, under fib_cache_lock */
	struct list_head lru;		/* fib_lru, under fib_cache_lock */
	refcount_t ref;
	bool cached;			/* linked in the cache */
	u32 n;
	struct kh_fib_result *res;
	size_t digits;
	size_t bytes;
	u64 compute_us;
};

struct fib_job {
	struct work_struct work;
	refcount_t ref;
	spinlock_t lock;		/* protects conn */
	struct khttpd_conn *conn;	/* NULL once the connection let go */
	bool cancelled;
	u32 n;
	struct khttpd_reply reply;
	int err;
	struct fib_entry *entry;	/* the result, one reference */
};

static struct workqueue_struct *khttpd_fib_wq;
static bool khttpd_fib_stopping;

static DEFINE_HASHTABLE(fib_cache, 8);
static LIST_HEAD(fib_lru);
static DEFINE_SPINLOCK(fib_cache_lock);
static size_t fib_cache_used;		/* under fib_cache_lock */

static void fib_entry_put(struct fib_entry *e)
{
	if (refcount_dec_and_test(&e->ref)) {
		kh_fib_result_free(e->res);
		kfree(e);
	}
}

/* Context: fib_cache_lock held.  The cache's reference goes to the caller. */
static struct fib_entry *fib_cache_unlink(struct fib_entry *e)
{
	hash_del(&e->hnode);
	list_del(&e->lru);
	e->cached = false;
	fib_cache_used -= e->bytes;
	return e;
}

/* Evict until the cache holds at most @limit bytes; drop refs unlocked. */
static void fib_cache_shrink(size_t limit)
{
	LIST_HEAD(victims);
	struct fib_entry *e, *tmp;

	spin_lock(&fib_cache_lock);
	while (fib_cache_used > limit && !list_empty(&fib_lru)) {
		e = list_last_entry(&fib_lru, struct fib_entry, lru);
		fib_cache_unlink(e);
		list_add(&e->lru, &victims);
	}
	spin_unlock(&fib_cache_lock);
	list_for_each_entry_safe(e, tmp, &victims, lru) {
		list_del(&e->lru);
		fib_entry_put(e);
	}
}

static struct fib_entry *fib_cache_get(u32 n)
{
	struct fib_entry *e;

	spin_lock(&fib_cache_lock);
	hash_for_each_possible(fib_cache, e, hnode, n) {
		if (e->n == n) {
			refcount_inc(&e->ref);
			list_move(&e->lru, &fib_lru);
			spin_unlock(&fib_cache_lock);
			return e;
		}
	}
	spin_unlock(&fib_cache_lock);
	return NULL;
}

/* Offer @e to the cache; the caller keeps its own reference. */
static void fib_cache_add(struct fib_entry *e)
{
	size_t limit = READ_ONCE(fib_cache_limit);
	struct fib_entry *old;

	if (e->bytes > limit)
		return;
	fib_cache_shrink(limit - e->bytes);
	spin_lock(&fib_cache_lock);
	hash_for_each_possible(fib_cache, old, hnode, e->n) {
		if (old->n == e->n)
			goto out;	/* computed twice at once: keep one */
	}
	refcount_inc(&e->ref);
	e->cached = true;
	hash_add(fib_cache, &e->hnode, e->n);
	list_add(&e->lru, &fib_lru);
	fib_cache_used += e->bytes;
out:
	spin_unlock(&fib_cache_lock);
}

/**
 * khttpd_fib_cache_bytes() - memory held by cached results.
 */
size_t khttpd_fib_cache_bytes(void)
{
	return READ_ONCE(fib_cache_used);
}

/**
 * khttpd_fib_cache_trim() - apply a lowered fib_cache_bytes.
 */
void khttpd_fib_cache_trim(void)
{
	fib_cache_shrink(READ_ONCE(fib_cache_limit));
}

/* ---- the body: digits then a newline, produced as the socket drains ---- */

static size_t fib_body_fill(void *priv, u64 off, char *buf, size_t len)
{
	const struct fib_entry *e = priv;
	size_t n = 0;

	if (off < e->digits)
		n = kh_fib_result_format(e->res, off, buf,
					 min_t(u64, len, e->digits - off));
	if (n < len && off + n == e->digits)
		buf[n++] = '\n';
	return n;
}

static void fib_body_release(void *priv)
{
	fib_entry_put(priv);
}

static const struct khttpd_body_ops fib_body_ops = {
	.fill = fib_body_fill,
	.release = fib_body_release,
};

/* Queue the head and stream @e; takes over the caller's reference. */
static void fib_send(struct khttpd_conn *c, const struct khttpd_reply *r,
		     struct fib_entry *e, bool hit)
{
	u64 len = e->digits + 1;
	char extra[96];
	size_t avail, n;
	char *buf;

	scnprintf(extra, sizeof(extra),
		  "X-Khttpd-Compute-Us: %llu\r\nX-Khttpd-Cache: %s\r\n",
		  e->compute_us, hit ? "hit" : "miss");
	buf = khttpd_conn_out_space(c, &avail);
	n = buf ? khttpd_http_head(buf, avail, r, "text/plain", len, extra) : 0;
	if (!n) {
		fib_entry_put(e);
		khttpd_http_error(c, 500);
		return;
	}
	khttpd_conn_out_commit(c, n, r);
	if (r->head_only)
		fib_entry_put(e);
	else
		khttpd_conn_out_stream(c, &fib_body_ops, e, len);
}

static void fib_reply_text(struct khttpd_conn *c, const struct khttpd_reply *r,
			   int status, const char *text)
{
	struct khttpd_reply e = *r;

	e.status = status;
	khttpd_http_reply(c, &e, "text/plain", NULL, text, strlen(text));
}

/* ---- jobs ---- */

static void fib_job_put(struct fib_job *job)
{
	if (refcount_dec_and_test(&job->ref)) {
		if (job->entry)
			fib_entry_put(job->entry);
		kfree(job);
	}
}

static bool fib_job_cancelled(void *arg)
{
	struct fib_job *job = arg;

	return READ_ONCE(job->cancelled) || READ_ONCE(khttpd_fib_stopping);
}

static void fib_job_work(struct work_struct *work)
{
	struct fib_job *job = container_of(work, struct fib_job, work);
	struct kh_fib_ctl ctl = {
		.cancelled = fib_job_cancelled,
		.arg = job,
		/* never more than a quarter of RAM for one computation */
		.mem_limit = (totalram_pages() << PAGE_SHIFT) / 4,
	};
	struct kh_fib_result *res = NULL;
	struct fib_entry *e;
	ktime_t start = ktime_get();

	job->err = kh_fib_compute(job->n, &ctl, &res);
	if (!job->err) {
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (e) {
			refcount_set(&e->ref, 1);
			e->n = job->n;
			e->res = res;
			e->digits = kh_fib_result_digits(res);
			e->bytes = kh_fib_result_bytes(res) + sizeof(*e);
			e->compute_us = ktime_us_delta(ktime_get(), start);
			fib_cache_add(e);
			job->entry = e;
		} else {
			kh_fib_result_free(res);
			job->err = -ENOMEM;
		}
	}

	spin_lock_bh(&job->lock);
	if (job->conn)
		khttpd_conn_async_done(job->conn);
	spin_unlock_bh(&job->lock);
	fib_job_put(job);
}

static void fib_job_detach(struct fib_job *job)
{
	spin_lock_bh(&job->lock);
	job->conn = NULL;
	WRITE_ONCE(job->cancelled, true);
	spin_unlock_bh(&job->lock);
	fib_job_put(job);
}

static void fib_async_resume(struct khttpd_conn *c, void *arg)
{
	struct fib_job *job = arg;

	if (job->err == -ECANCELED) {
		fib_reply_text(c, &job->reply, 503, "computation cancelled\n");
	} else if (job->err) {
		fib_reply_text(c, &job->reply, 503,
			       "not enough memory for this N\n");
	} else {
		fib_send(c, &job->reply, job->entry, false);
		job->entry = NULL;
	}
	fib_job_detach(job);
}

static void fib_async_cancel(void *arg)
{
	khttpd_stat_inc(KS_FIB_CANCELLED);
	fib_job_detach(arg);
}

static const struct khttpd_async_ops fib_async_ops = {
	.resume = fib_async_resume,
	.cancel = fib_async_cancel,
};

/* N: decimal digits only, at most 2^31-1. */
static int parse_n(const char *s, u32 *out)
{
	u64 v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		if (v > S32_MAX)
			return -ERANGE;
	}
	*out = v;
	return 0;
}

/**
 * khttpd_fib_respond() - answer GET /fib/@arg.
 * @c: connection, in its io_work
 * @r: reply settings from the router (route KR_FIB)
 * @arg: the path after "/fib/", percent-decoded
 */
void khttpd_fib_respond(struct khttpd_conn *c, const struct khttpd_reply *r,
			const char *arg)
{
	struct fib_entry *e;
	struct fib_job *job;
	u32 n;

	khttpd_stat_inc(KS_FIB_REQUESTS);
	if (parse_n(arg, &n)) {
		fib_reply_text(c, r, 400,
			       "N must be a decimal integer from 0 to 2147483647\n");
		return;
	}
	if (n > READ_ONCE(fib_max_n)) {
		char body[64];

		scnprintf(body, sizeof(body), "N is above max_n (%u)\n",
			  READ_ONCE(fib_max_n));
		fib_reply_text(c, r, 422, body);
		return;
	}

	e = fib_cache_get(n);
	if (e) {
		khttpd_stat_inc(KS_FIB_CACHE_HITS);
		fib_send(c, r, e, true);
		return;
	}
	khttpd_stat_inc(KS_FIB_CACHE_MISSES);

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		fib_reply_text(c, r, 503, "out of memory\n");
		return;
	}
	refcount_set(&job->ref, 2);	/* the connection's and the work's */
	spin_lock_init(&job->lock);
	INIT_WORK(&job->work, fib_job_work);
	job->conn = c;
	job->n = n;
	job->reply = *r;
	khttpd_conn_wait_async(c, &fib_async_ops, job);
	queue_work(khttpd_fib_wq, &job->work);
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
 * khttpd_fib_init() - create the computation workqueue.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_fib_init(void)
{
	khttpd_fib_stopping = false;
	khttpd_fib_wq = alloc_workqueue("khttpd_fib",
					WQ_UNBOUND | WQ_CPU_INTENSIVE | WQ_SYSFS,
					READ_ONCE(fib_workers));
	return khttpd_fib_wq ? 0 : -ENOMEM;
}

/**
 * khttpd_fib_exit() - stop computations and empty the cache.
 *
 * Context: every connection is closed already.
 */
void khttpd_fib_exit(void)
{
	WRITE_ONCE(khttpd_fib_stopping, true);
	destroy_workqueue(khttpd_fib_wq);
	fib_cache_shrink(0);
}
