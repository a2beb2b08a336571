/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunables: the files in /sys/module/khttpd/parameters.  Each write is
 * validated and applied live; the values here are always the ones in force.
 */
#ifndef KHTTPD_PARAMS_H
#define KHTTPD_PARAMS_H

#include <linux/types.h>

#define KHTTPD_BIND_MAX		48	/* INET6_ADDRSTRLEN */
#define KHTTPD_DOCROOT_SIZE	256	/* 255 bytes and the NUL */

/* where a connection's io_work runs: see conn_place() in conn.c */
enum khttpd_placement {
	KHTTPD_PLACE_LOCAL,	/* the CPU that received its packets */
	KHTTPD_PLACE_SPREAD,	/* a CPU dealt round-robin at accept */
	KHTTPD_PLACE_UNBOUND,	/* any CPU: the unbound workqueue */
	KHTTPD_PLACE_BALANCE,	/* local unless another CPU has spare time */
	KHTTPD_PLACE_COUNT
};

struct khttpd_params {
	unsigned int port;
	unsigned int backlog;
	unsigned int max_n;
	unsigned int workers;
	unsigned int placement;		/* enum khttpd_placement */
	unsigned int max_connections;
	unsigned int keepalive_timeout_ms;
	unsigned int header_timeout_ms;
	unsigned int fib_workers;
	unsigned long fib_cache_bytes;
	unsigned long file_cache_bytes;
	char bind[KHTTPD_BIND_MAX];
	char docroot[KHTTPD_DOCROOT_SIZE];	/* under khttpd_params_lock() */
};

/*
 * Scalars are read locklessly with READ_ONCE() on the request path; writers
 * hold khttpd_params_lock(), as do module init and exit while they start or
 * stop what a write would change.
 */
extern struct khttpd_params khttpd_params;

void khttpd_params_lock(void);
void khttpd_params_unlock(void);
void khttpd_params_set_live(bool live);

#endif /* KHTTPD_PARAMS_H */
