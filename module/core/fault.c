// SPDX-License-Identifier: GPL-2.0
/*
 * The allocation-failure injection point (fault.h).  It must stay out of
 * line, whatever the compiler thinks of it: fail_function overrides the
 * return value at the function's entry.
 */
#include <linux/error-injection.h>

#include "fault.h"

#ifdef CONFIG_FUNCTION_ERROR_INJECTION
noinline bool khttpd_alloc_should_fail(void)
{
	return false;
}

ALLOW_ERROR_INJECTION(khttpd_alloc_should_fail, TRUE);
#endif
