/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How much memory kh_fib_compute() will hold at its peak, known before it
 * starts: it refuses a computation whose estimate exceeds its budget, and
 * the tests check that the estimate is indeed enough.
 */
#ifndef KHTTPD_FIB_MEM_H
#define KHTTPD_FIB_MEM_H

#include "../compat.h"

size_t kh_fib_mem_estimate(u32 n);

#endif /* KHTTPD_FIB_MEM_H */
