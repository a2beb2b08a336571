// SPDX-License-Identifier: GPL-2.0
/*
 * The memory budget (budget.h): the pool's counters and its two tunables.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "budget.h"
#include "params.h"

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned long budget_limit = KHTTPD_TUNABLE_DEFAULT(response_memory_bytes);
static unsigned long budget_conn_limit =
	KHTTPD_TUNABLE_DEFAULT(conn_memory_bytes);

/* a lowered limit needs no work: the next charges are refused */
static struct khttpd_bytes_param response_memory_bytes_param =
	KHTTPD_BYTES_PARAM(response_memory_bytes, budget_limit, NULL);
module_param_cb(response_memory_bytes, &khttpd_bytes_param_ops,
		&response_memory_bytes_param, 0644);
__MODULE_PARM_TYPE(response_memory_bytes, "ulong");
MODULE_PARM_DESC(response_memory_bytes,
		 KHTTPD_TUNABLE_MEANING(response_memory_bytes));

static struct khttpd_bytes_param conn_memory_bytes_param =
	KHTTPD_BYTES_PARAM(conn_memory_bytes, budget_conn_limit, NULL);
module_param_cb(conn_memory_bytes, &khttpd_bytes_param_ops,
		&conn_memory_bytes_param, 0644);
__MODULE_PARM_TYPE(conn_memory_bytes, "ulong");
MODULE_PARM_DESC(conn_memory_bytes, KHTTPD_TUNABLE_MEANING(conn_memory_bytes));

static atomic_long_t budget_used = ATOMIC_LONG_INIT(0);
static atomic_long_t budget_peak = ATOMIC_LONG_INIT(0);
static atomic_long_t budget_refused = ATOMIC_LONG_INIT(0);

/* Add @bytes to @counter unless that passes @limit.  Return: the new sum or -1. */
static long budget_add(atomic_long_t *counter, long bytes, unsigned long limit)
{
	long now = atomic_long_add_return(bytes, counter);

	if ((unsigned long)now > limit) {
		atomic_long_sub(bytes, counter);
		return -1;
	}
	return now;
}

static void budget_peak_update(long now)
{
	long peak = atomic_long_read(&budget_peak);

	while (now > peak && !atomic_long_try_cmpxchg(&budget_peak, &peak, now))
		;
}

/**
 * khttpd_budget_charge() - take @bytes from the pool for @acct.
 * @acct: the holder's account (a connection's, khttpd_conn_budget()), or
 *	NULL for memory held for no one connection (charged to the pool only)
 * @bytes: what is about to be allocated
 *
 * Context: any; never sleeps.
 * Return: 0; -EBUSY if @acct would pass conn_memory_bytes; -ENOMEM if the
 * pool would pass response_memory_bytes.  Nothing is charged on an error,
 * which the caller answers with 503.
 */
int khttpd_budget_charge(struct khttpd_budget_acct *acct, size_t bytes)
{
	long now;

	if (bytes > LONG_MAX / 2)
		goto refused_enomem;
	if (acct && budget_add(&acct->bytes, bytes,
			       READ_ONCE(budget_conn_limit)) < 0) {
		atomic_long_inc(&budget_refused);
		return -EBUSY;
	}
	now = budget_add(&budget_used, bytes, READ_ONCE(budget_limit));
	if (now < 0) {
		if (acct)
			atomic_long_sub(bytes, &acct->bytes);
		goto refused_enomem;
	}
	budget_peak_update(now);
	return 0;

refused_enomem:
	atomic_long_inc(&budget_refused);
	return -ENOMEM;
}

/**
 * khttpd_budget_charge_forced() - charge the pool @bytes, over its limit too.
 * @bytes: memory already held on behalf of clients that cannot be refused
 *	any more (a cached /fib result evicted while responses still send it)
 *
 * The pool may pass response_memory_bytes by it: new charges are then
 * refused until enough is given back.  Uncharge it with
 * khttpd_budget_uncharge(NULL, @bytes).
 *
 * Context: any; never sleeps.
 */
void khttpd_budget_charge_forced(size_t bytes)
{
	budget_peak_update(atomic_long_add_return(bytes, &budget_used));
}

/**
 * khttpd_budget_uncharge() - give back what khttpd_budget_charge() took.
 * @acct: the account it was charged to (or NULL, as it was)
 * @bytes: the same number of bytes
 *
 * Context: any; never sleeps.
 */
void khttpd_budget_uncharge(struct khttpd_budget_acct *acct, size_t bytes)
{
	if (acct)
		WARN_ON_ONCE(atomic_long_sub_return(bytes, &acct->bytes) < 0);
	WARN_ON_ONCE(atomic_long_sub_return(bytes, &budget_used) < 0);
}

/**
 * khttpd_budget_acct_drop() - the holder of @acct goes away.
 * @acct: its account, which should be zero by now
 *
 * A leftover is a bug of whoever charged it: warn once and give it back,
 * so the pool does not shrink for good.
 */
void khttpd_budget_acct_drop(struct khttpd_budget_acct *acct)
{
	long left = atomic_long_xchg(&acct->bytes, 0);

	if (WARN_ONCE(left, "%ld bytes still charged to a closed connection\n",
		      left))
		atomic_long_sub(left, &budget_used);
}

/**
 * khttpd_budget_used() - bytes charged to the pool now (/proc/khttpd).
 *
 * Return: the sum of every account, and of what was charged to none.
 */
size_t khttpd_budget_used(void)
{
	return max(atomic_long_read(&budget_used), 0L);
}

/**
 * khttpd_budget_peak() - the most ever charged at once since load.
 *
 * Return: bytes.
 */
size_t khttpd_budget_peak(void)
{
	return atomic_long_read(&budget_peak);
}

/**
 * khttpd_budget_refused() - charges refused since load.
 *
 * Return: how many requests the pool or a connection's cap turned away.
 */
unsigned long khttpd_budget_refused(void)
{
	return atomic_long_read(&budget_refused);
}
