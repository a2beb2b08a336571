/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exact Fibonacci numbers in decimal, for N up to 2^31-1.
 * Plain C: built into the module and into user-space tests and benchmarks.
 *
 * Ownership: kh_fib_compute() allocates the result (through kh_alloc); the
 * caller owns it and releases it with kh_fib_result_free().  A result is
 * immutable once returned, so any number of readers may format it at once.
 */
#ifndef KHTTPD_FIB_H
#define KHTTPD_FIB_H

#include "../compat.h"

struct kh_fib_result;

/* How a long computation learns it should stop, and what it may use. */
struct kh_fib_ctl {
	/* polled between steps; true stops the computation with -ECANCELED */
	bool (*cancelled)(void *arg);
	void *arg;
	/* peak working memory in bytes the computation may allocate; 0: no cap */
	size_t mem_limit;
};

/**
 * kh_fib_compute() - compute Fibonacci(@n).
 * @n: index, 0 <= n <= 2^31-1
 * @ctl: cancellation and memory budget; may be NULL
 * @out: the result on success
 *
 * Return: 0, -ENOMEM (allocation failed or over @ctl->mem_limit),
 * -ECANCELED (@ctl->cancelled returned true) or -EINVAL (@n too large).
 */
int kh_fib_compute(u32 n, const struct kh_fib_ctl *ctl,
		   struct kh_fib_result **out);

/* Number of decimal digits (F(0) = "0" has 1). */
size_t kh_fib_result_digits(const struct kh_fib_result *r);

/**
 * kh_fib_result_format() - write decimal digits [@offset, @offset + @len).
 * @r: result
 * @offset: first digit wanted, 0 is the most significant
 * @buf: destination, not NUL-terminated
 * @len: digits wanted
 *
 * Return: digits written (less than @len only at the end of the number).
 */
size_t kh_fib_result_format(const struct kh_fib_result *r, size_t offset,
			    char *buf, size_t len);

/* Bytes of memory @r holds, for cache accounting. */
size_t kh_fib_result_bytes(const struct kh_fib_result *r);

void kh_fib_result_free(struct kh_fib_result *r);

#endif /* KHTTPD_FIB_H */
