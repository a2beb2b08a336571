/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Allocation-failure injection.  Every allocation khttpd makes once loaded
 * (for a client, or on a tunable's change) is written khttpd_alloc(expr),
 * expr being the allocator's call; the load's own are left plain, since the
 * injection point cannot be armed before the module exists.  On a kernel built
 * with CONFIG_FUNCTION_ERROR_INJECTION (the debug tier's), it first calls
 * khttpd_alloc_should_fail(), which the fail_function fault injector can
 * make return true at a chosen rate; the allocation is then not attempted
 * and the caller sees NULL, as if the allocator had failed:
 *
 *	echo khttpd_alloc_should_fail >/sys/kernel/debug/fail_function/inject
 *	echo 10 >/sys/kernel/debug/fail_function/probability
 *	echo -1 >/sys/kernel/debug/fail_function/times
 *
 * (tests/vm/scenarios/allocfail.sh, docs/reliability.md).  On other
 * kernels, Debian's among them, khttpd_alloc(expr) is expr and costs
 * nothing.
 */
#ifndef KHTTPD_FAULT_H
#define KHTTPD_FAULT_H

#include <linux/compiler.h>
#include <linux/types.h>

#ifdef CONFIG_FUNCTION_ERROR_INJECTION
bool khttpd_alloc_should_fail(void);
#else
static inline bool khttpd_alloc_should_fail(void)
{
	return false;
}
#endif

#define khttpd_alloc(expr) \
	(unlikely(khttpd_alloc_should_fail()) ? NULL : (expr))

#endif /* KHTTPD_FAULT_H */
