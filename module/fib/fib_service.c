// SPDX-License-Identifier: GPL-2.0
/*
 * GET /fib/N.
 *
 * N is a decimal natural number up to 2^31-1 (leading zeros allowed); any
 * other text is 400, N above the max_n tunable is 422.  The body is the
 * exact decimal Fibonacci(N) followed by one newline.
 *
 * Results live in a cache bounded by fib_cache_bytes and evicted least
 * recently used first.  A miss is computed by fib_flight.c: one job per N
 * at a time on khttpd_fib_wq, an unbound CPU-intensive workqueue with its
 * own concurrency limit (fib_workers), so a large N never holds a
 * connection worker; the connection waits (khttpd_conn_wait_async) and
 * streams the digits when the job is done.
 *
 * Lifetimes: a khttpd_fib_entry is referenced by the cache (while linked),
 * by the flight that computed it, and by each response streaming it.  One
 * that is not linked (too big for the cache, or evicted while responses
 * still send it) is pinned: charged to the memory budget
 * (response_memory_bytes, core/budget.h) until freed.  A new result that
 * the cache cannot take and the budget refuses is not served (503); one
 * evicted while being sent cannot be refused any more, and is charged even
 * past the limit (see fib_pin()).
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

#include "fib_priv.h"
#include "fib_service.h"
#include "lib/fib/fib.h"
#include "net/conn.h"
#include "http/http.h"
#include "core/budget.h"
#include "core/params.h"
#include "core/stats.h"
#include "core/fault.h"

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int fib_max_n = KHTTPD_TUNABLE_DEFAULT(max_n);
static unsigned long fib_cache_limit = KHTTPD_TUNABLE_DEFAULT(fib_cache_bytes);

static struct khttpd_uint_param max_n_param =
	KHTTPD_UINT_PARAM(max_n, fib_max_n, NULL);
module_param_cb(max_n, &khttpd_uint_param_ops, &max_n_param, 0644);
__MODULE_PARM_TYPE(max_n, "uint");
MODULE_PARM_DESC(max_n, KHTTPD_TUNABLE_MEANING(max_n));

static struct khttpd_bytes_param fib_cache_bytes_param =
	KHTTPD_BYTES_PARAM(fib_cache_bytes, fib_cache_limit,
			   khttpd_fib_cache_trim);
module_param_cb(fib_cache_bytes, &khttpd_bytes_param_ops,
		&fib_cache_bytes_param, 0644);
__MODULE_PARM_TYPE(fib_cache_bytes, "ulong");
MODULE_PARM_DESC(fib_cache_bytes, KHTTPD_TUNABLE_MEANING(fib_cache_bytes));

static DEFINE_HASHTABLE(fib_cache, 8);
static LIST_HEAD(fib_lru);
static DEFINE_SPINLOCK(fib_cache_lock);
static size_t fib_cache_used;		/* under fib_cache_lock */

/**
 * khttpd_fib_entry_put() - drop a reference to a result.
 * @e: the result; freed, and uncharged if pinned, with the last reference
 */
void khttpd_fib_entry_put(struct khttpd_fib_entry *e)
{
	if (refcount_dec_and_test(&e->ref)) {
		if (e->pinned)
			khttpd_budget_uncharge(NULL, e->bytes);
		kh_fib_result_free(e->res);
		kfree(e);
	}
}

/*
 * Charge @e, evicted while responses may still hold it.  Its senders
 * cannot be refused any more, so the charge is forced: with the budget
 * spent, the pool passes its limit by @e's bytes and refuses new requests
 * until its senders finish (bounded by their send deadline) or others
 * give memory back.
 */
static void fib_pin(struct khttpd_fib_entry *e)
{
	khttpd_budget_charge_forced(e->bytes);
	e->pinned = true;
}

/*
 * Context: fib_cache_lock held.  The cache's reference goes to the caller;
 * responses may still hold the entry, so it is pinned from now on.
 */
static struct khttpd_fib_entry *fib_cache_unlink(struct khttpd_fib_entry *e)
{
	hash_del(&e->hnode);
	list_del(&e->lru);
	e->cached = false;
	fib_cache_used -= e->bytes;
	fib_pin(e);
	return e;
}

/* Evict until the cache holds at most @limit bytes; drop refs unlocked. */
static void fib_cache_shrink(size_t limit)
{
	LIST_HEAD(victims);
	struct khttpd_fib_entry *e, *tmp;

	spin_lock(&fib_cache_lock);
	while (fib_cache_used > limit && !list_empty(&fib_lru)) {
		e = list_last_entry(&fib_lru, struct khttpd_fib_entry, lru);
		fib_cache_unlink(e);
		list_add(&e->lru, &victims);
	}
	spin_unlock(&fib_cache_lock);
	list_for_each_entry_safe(e, tmp, &victims, lru) {
		list_del(&e->lru);
		khttpd_fib_entry_put(e);
	}
}

/**
 * khttpd_fib_cache_get() - the cached F(@n), if any.
 * @n: the index
 *
 * Return: the entry with a reference for the caller, or NULL.
 */
struct khttpd_fib_entry *khttpd_fib_cache_get(u32 n)
{
	struct khttpd_fib_entry *e;

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

/*
 * Offer @e to the cache, or pin it; the caller keeps its own reference.
 * Return: false if neither the cache nor the budget can take it.
 */
static bool fib_cache_add(struct khttpd_fib_entry *e)
{
	size_t limit = READ_ONCE(fib_cache_limit);
	struct khttpd_fib_entry *old;

	if (e->bytes <= limit) {
		fib_cache_shrink(limit - e->bytes);
		spin_lock(&fib_cache_lock);
		hash_for_each_possible(fib_cache, old, hnode, e->n) {
			if (old->n == e->n)
				goto pin;	/* computed twice: keep one */
		}
		refcount_inc(&e->ref);
		e->cached = true;
		hash_add(fib_cache, &e->hnode, e->n);
		list_add(&e->lru, &fib_lru);
		fib_cache_used += e->bytes;
		spin_unlock(&fib_cache_lock);
		return true;
pin:
		spin_unlock(&fib_cache_lock);
	}
	/* nobody else sees @e yet */
	if (khttpd_budget_charge(NULL, e->bytes))
		return false;
	e->pinned = true;
	return true;
}

/**
 * khttpd_fib_entry_new() - make a computed result servable.
 * @n: the index
 * @res: F(@n); taken over, freed on failure
 * @compute_us: how long it took
 *
 * The entry goes into the cache, or is pinned if it does not fit.
 *
 * Return: the entry with one reference for the caller, or NULL (no memory,
 * or the budget is spent).
 */
struct khttpd_fib_entry *khttpd_fib_entry_new(u32 n, struct kh_fib_result *res,
					      u64 compute_us)
{
	struct khttpd_fib_entry *e = khttpd_alloc(kzalloc(sizeof(*e), KHTTPD_GFP_CLIENT));

	if (!e) {
		kh_fib_result_free(res);
		return NULL;
	}
	refcount_set(&e->ref, 1);
	e->n = n;
	e->res = res;
	e->digits = kh_fib_result_digits(res);
	e->bytes = kh_fib_result_bytes(res) + sizeof(*e);
	e->compute_us = compute_us;
	if (!fib_cache_add(e)) {
		khttpd_fib_entry_put(e);
		return NULL;
	}
	return e;
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
	const struct khttpd_fib_entry *e = priv;
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
	khttpd_fib_entry_put(priv);
}

static const struct khttpd_body_ops fib_body_ops = {
	.fill = fib_body_fill,
	.release = fib_body_release,
};

/**
 * khttpd_fib_send() - queue the head and stream @e.
 * @c: connection, in its io_work
 * @r: reply settings
 * @e: the result; takes over the caller's reference
 * @hit: found in the cache (X-Khttpd-Cache)
 */
void khttpd_fib_send(struct khttpd_conn *c, const struct khttpd_reply *r,
		     struct khttpd_fib_entry *e, bool hit)
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
		khttpd_fib_entry_put(e);
		khttpd_http_error(c, 500);
		return;
	}
	khttpd_conn_out_commit(c, n, r);
	if (r->head_only)
		khttpd_fib_entry_put(e);
	else
		khttpd_conn_out_stream(c, &fib_body_ops, e, len);
}

/**
 * khttpd_fib_reply_text() - answer with a short plain-text body.
 * @c: connection, in its io_work
 * @r: reply settings
 * @status: HTTP status
 * @extra: further header lines, or NULL
 * @text: the body
 */
void khttpd_fib_reply_text(struct khttpd_conn *c, const struct khttpd_reply *r,
			   int status, const char *extra, const char *text)
{
	struct khttpd_reply e = *r;

	e.status = status;
	khttpd_http_reply(c, &e, "text/plain", extra, text, strlen(text));
}

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
	struct khttpd_fib_entry *e;
	u32 n;

	khttpd_stat_inc(KS_FIB_REQUESTS);
	if (parse_n(arg, &n)) {
		khttpd_fib_reply_text(c, r, 400, NULL,
				      "N must be a decimal integer from 0 to 2147483647\n");
		return;
	}
	if (n > READ_ONCE(fib_max_n)) {
		char body[64];

		scnprintf(body, sizeof(body), "N is above max_n (%u)\n",
			  READ_ONCE(fib_max_n));
		khttpd_fib_reply_text(c, r, 422, NULL, body);
		return;
	}

	e = khttpd_fib_cache_get(n);
	if (e) {
		khttpd_stat_inc(KS_FIB_CACHE_HITS);
		khttpd_fib_send(c, r, e, true);
		return;
	}
	khttpd_fib_compute(c, r, n);
}

/**
 * khttpd_fib_init() - start what computes results.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_fib_init(void)
{
	return khttpd_fib_flight_init();
}

/**
 * khttpd_fib_exit() - stop computations and empty the cache.
 *
 * Context: every connection is closed already.
 */
void khttpd_fib_exit(void)
{
	khttpd_fib_flight_exit();
	fib_cache_shrink(0);
	/* every computation's reservation was given back */
	WARN_ON_ONCE(khttpd_fib_memory_used());
}
