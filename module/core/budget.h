/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memory budget: one accounted pool for what clients make khttpd hold
 * while their requests are in flight (listing pages, grown receive buffers,
 * and whatever else a subsystem charges: /fib results pinned by senders,
 * queued jobs).  Two limits, both tunables: response_memory_bytes for the
 * whole pool and conn_memory_bytes for what one connection may hold.
 *
 * The contract, for every caller:
 * - charge before allocating, and answer 503 at once if the charge fails;
 * - allocate with KHTTPD_GFP_CLIENT, so memory pressure gives an error,
 *   never the OOM killer;
 * - uncharge exactly what was charged, to the same account, when the
 *   memory is freed.  Whatever is charged to a connection's account
 *   (khttpd_conn_budget()) must be uncharged before that connection is
 *   released: in its body's release(), its async cancel(), or its
 *   protocol's release(); the engine warns about a leftover when it frees
 *   the connection and returns it to the pool.
 *
 * Lock-free: one atomic_long_t for the pool, one per account; a charge is
 * an add and, when over a limit, a subtract.  The limits are read with
 * READ_ONCE(), so a lowered limit refuses the next charges and lets what
 * is held drain.
 */
#ifndef KHTTPD_BUDGET_H
#define KHTTPD_BUDGET_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/types.h>

/* allocations on behalf of a client: fail under pressure, quietly */
#define KHTTPD_GFP_CLIENT	(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)

/**
 * struct khttpd_budget_acct - what one holder (a connection) has charged.
 * @bytes: bytes charged and not yet uncharged
 *
 * Zeroed with its holder; may be charged and uncharged from any context.
 */
struct khttpd_budget_acct {
	atomic_long_t bytes;
};

int khttpd_budget_charge(struct khttpd_budget_acct *acct, size_t bytes);
void khttpd_budget_charge_forced(size_t bytes);
void khttpd_budget_uncharge(struct khttpd_budget_acct *acct, size_t bytes);
void khttpd_budget_acct_drop(struct khttpd_budget_acct *acct);

size_t khttpd_budget_used(void);
size_t khttpd_budget_peak(void);
unsigned long khttpd_budget_refused(void);

#endif /* KHTTPD_BUDGET_H */
