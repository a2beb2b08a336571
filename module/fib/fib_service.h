/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /fib/N: parses N, serves cached results, computes the others on an
 * unbound CPU-intensive workqueue, and streams the digits.
 */
#ifndef KHTTPD_FIB_SERVICE_H
#define KHTTPD_FIB_SERVICE_H

#include <linux/types.h>

struct khttpd_conn;
struct khttpd_reply;

void khttpd_fib_respond(struct khttpd_conn *c, const struct khttpd_reply *r,
			const char *arg);
void khttpd_fib_set_workers(unsigned int workers);
size_t khttpd_fib_cache_bytes(void);
unsigned int khttpd_fib_computations(void);
long khttpd_fib_memory_used(void);
void khttpd_fib_cache_trim(void);
int khttpd_fib_init(void);
void khttpd_fib_exit(void);

#endif /* KHTTPD_FIB_SERVICE_H */
