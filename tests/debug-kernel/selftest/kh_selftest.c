// SPDX-License-Identifier: GPL-2.0
/*
 * kh_selftest: deliberate bugs, one per sanitizer, for the debug-kernel
 * tier's self-test (tests/debug-kernel/README, "Self-test").  Each bug
 * must be reported by its sanitizer even after an earlier report in the
 * same boot; the tier fails if one goes unseen.
 *
 *   insmod kh_selftest.ko bug=oob      KASAN: slab-out-of-bounds read
 *   insmod kh_selftest.ko bug=uaf      KASAN: use-after-free read
 *   insmod kh_selftest.ko bug=lockdep  lockdep: AB-BA lock-order inversion
 *   insmod kh_selftest.ko bug=leak     kmemleak: unreferenced objects
 *   insmod kh_selftest.ko bug=warn     a WARN(), a report that leaves
 *                                      lockdep on (KASAN's turns it off)
 *   insmod kh_selftest.ko bug=none     nothing: the clean control
 *
 * The bug runs in the init function, which then succeeds, so that the
 * tier removes the module like any other.  Test-only: built by
 * tests/debug-kernel/run for the debug kernel, never packaged.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *bug = "none";
module_param(bug, charp, 0444);
MODULE_PARM_DESC(bug, "oob, uaf, lockdep, leak, warn or none");

/*
 * In the two KASAN cases OPTIMIZER_HIDE_VAR() keeps the compiler from
 * proving the access wrong at build time (FORTIFY_SOURCE, -Warray-bounds)
 * and READ_ONCE() from dropping it, as lib/test_kasan.c does.
 */
static noinline int kh_selftest_oob(void)
{
	char *p = kmalloc(16, GFP_KERNEL);
	size_t i = 16;
	char c;

	if (!p)
		return -ENOMEM;
	OPTIMIZER_HIDE_VAR(i);
	c = READ_ONCE(p[i]);	/* one byte past the object */
	pr_info("oob: read %d at p[16]\n", c);
	kfree(p);
	return 0;
}

static noinline int kh_selftest_uaf(void)
{
	char *p = kzalloc(32, GFP_KERNEL);
	char c;

	if (!p)
		return -ENOMEM;
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	c = READ_ONCE(p[0]);	/* the freed object */
	pr_info("uaf: read %d from a freed object\n", c);
	return 0;
}

static DEFINE_MUTEX(kh_selftest_a);
static DEFINE_MUTEX(kh_selftest_b);

/*
 * A then B, later B then A: lockdep records the first order and reports
 * the second as a possible circular dependency.  One task takes both
 * orders one after the other, so nothing can actually deadlock.
 */
static noinline int kh_selftest_lockdep(void)
{
	mutex_lock(&kh_selftest_a);
	mutex_lock(&kh_selftest_b);
	mutex_unlock(&kh_selftest_b);
	mutex_unlock(&kh_selftest_a);

	mutex_lock(&kh_selftest_b);
	mutex_lock(&kh_selftest_a);
	mutex_unlock(&kh_selftest_a);
	mutex_unlock(&kh_selftest_b);
	return 0;
}

/*
 * Objects nothing points to.  Each pointer goes through a global that is
 * cleared before returning, so that no stale copy on this task's
 * stack or in a register can make kmemleak think one is still referenced;
 * several objects, so that one stray copy cannot hide them all.
 */
static void *kh_selftest_last;

static noinline int kh_selftest_leak(void)
{
	int i;

	for (i = 0; i < 8; i++) {
		WRITE_ONCE(kh_selftest_last, kmalloc(256, GFP_KERNEL));
		if (!READ_ONCE(kh_selftest_last))
			return -ENOMEM;
		memset(READ_ONCE(kh_selftest_last), 0x6b, 256);
	}
	WRITE_ONCE(kh_selftest_last, NULL);
	pr_info("leak: 8 objects of 256 bytes dropped\n");
	return 0;
}

static int __init kh_selftest_init(void)
{
	pr_info("bug=%s\n", bug);
	if (!strcmp(bug, "oob"))
		return kh_selftest_oob();
	if (!strcmp(bug, "uaf"))
		return kh_selftest_uaf();
	if (!strcmp(bug, "lockdep"))
		return kh_selftest_lockdep();
	if (!strcmp(bug, "leak"))
		return kh_selftest_leak();
	if (!strcmp(bug, "warn")) {
		WARN(1, "kh_selftest: deliberate warning\n");
		return 0;
	}
	if (!strcmp(bug, "none"))
		return 0;
	pr_err("unknown bug '%s'\n", bug);
	return -EINVAL;
}

static void __exit kh_selftest_exit(void)
{
}

module_init(kh_selftest_init);
module_exit(kh_selftest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("khttpd debug-tier self-test: deliberate sanitizer bugs");
