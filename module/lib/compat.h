/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel names that khttpd's pure logic (HTTP parser, path
 * normalisation, conditional and range requests, big-number engine) uses,
 * so that the same .c files build into the module and into user-space unit
 * tests, fuzzers and benchmarks.
 * Only what those files need belongs here: keep it tiny.
 */
#ifndef KHTTPD_COMPAT_H
#define KHTTPD_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/time64.h>
#include <linux/ktime.h>

#include "core/fault.h"	/* khttpd_alloc(): allocation-failure injection */

/*
 * Big allocations made for a client (the big-number engine's): under
 * memory pressure they fail, and the request gets 503, rather than retry
 * hard and wake the OOM killer, or warn in the log for every request.
 */
#define KH_ALLOC_GFP		(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)
#define kh_alloc(size)		khttpd_alloc(kvmalloc(size, KH_ALLOC_GFP))
#define kh_alloc_array(n, size)	\
	khttpd_alloc(kvmalloc_array(n, size, KH_ALLOC_GFP))
#define kh_free(ptr)		kvfree(ptr)
#define kh_resched()		cond_resched()

#else /* user space */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* the kernel's own definitions (asm-generic/int-ll64.h, linux/time64.h) */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;
typedef s64 time64_t;

#ifndef U64_MAX
#define U64_MAX		((u64)~0ULL)
#endif

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef fallthrough
#define fallthrough	__attribute__((__fallthrough__))
#endif

static inline void *kh_alloc_array(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return malloc(n * size);
}

#define kh_alloc(size)	malloc(size)
#define kh_free(ptr)	free(ptr)
#define kh_resched()	do { } while (0)

/*
 * kernel/time/time.c's arithmetic, unsigned overflow included, so that the
 * tests see the dates the module computes.
 */
static inline time64_t mktime64(const unsigned int year0,
				const unsigned int mon0,
				const unsigned int day, const unsigned int hour,
				const unsigned int min, const unsigned int sec)
{
	unsigned int mon = mon0 - 2, year = year0;

	if ((int)mon <= 0) {	/* 1..12 -> 11, 12, 1..10 */
		mon += 12;
		year -= 1;
	}
	return ((((time64_t)
		  (year / 4 - year / 100 + year / 400 + 367 * mon / 12 + day) +
		  year * 365 - 719499) * 24 + hour) * 60 + min) * 60 + sec;
}

/* struct tm: libc's has the kernel's fields and meanings */
static inline void time64_to_tm(time64_t totalsecs, int offset,
				struct tm *result)
{
	time_t t = totalsecs + offset;

	gmtime_r(&t, result);
}

static inline time64_t ktime_get_real_seconds(void)
{
	return time(NULL);
}

#endif /* __KERNEL__ */

/*
 * 128-bit products for the big-number engine (x86_64 has them in both
 * worlds).  A macro, not a typedef: the kernel adds no new typedefs.
 */
#define kh_u128 unsigned __int128

#endif /* KHTTPD_COMPAT_H */
