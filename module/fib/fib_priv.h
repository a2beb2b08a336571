/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside /fib: what fib_service.c (the route, the result cache, the
 * response) and fib_flight.c (the computations, their limits and memory)
 * share, and nothing else includes.
 */
#ifndef KHTTPD_FIB_PRIV_H
#define KHTTPD_FIB_PRIV_H

#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/types.h>

struct khttpd_conn;
struct khttpd_reply;
struct kh_fib_result;

/*
 * A computed F(n), immutable once made.  Referenced by the cache while
 * linked, by the flight that computed it, and by each response streaming
 * it.  While not linked in the cache (too big for it, or evicted) it is
 * "pinned" by the responses sending it: its bytes are charged to the
 * memory budget (core/budget.h) until the last reference goes.
 */
struct khttpd_fib_entry {
	struct hlist_node hnode;	/* fib_cache, under fib_cache_lock */
	struct list_head lru;		/* fib_lru, under fib_cache_lock */
	refcount_t ref;
	bool cached;			/* linked in the cache */
	bool pinned;			/* charged to the memory budget */
	u32 n;
	struct kh_fib_result *res;
	size_t digits;
	size_t bytes;
	u64 compute_us;
};

/* fib_service.c */
struct khttpd_fib_entry *khttpd_fib_cache_get(u32 n);
struct khttpd_fib_entry *khttpd_fib_entry_new(u32 n, struct kh_fib_result *res,
					      u64 compute_us);
void khttpd_fib_entry_put(struct khttpd_fib_entry *e);
void khttpd_fib_send(struct khttpd_conn *c, const struct khttpd_reply *r,
		     struct khttpd_fib_entry *e, bool hit);
void khttpd_fib_reply_text(struct khttpd_conn *c, const struct khttpd_reply *r,
			   int status, const char *extra, const char *text);

/* fib_flight.c */
void khttpd_fib_compute(struct khttpd_conn *c, const struct khttpd_reply *r,
			u32 n);
int khttpd_fib_flight_init(void);
void khttpd_fib_flight_exit(void);

#endif /* KHTTPD_FIB_PRIV_H */
