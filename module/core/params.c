// SPDX-License-Identifier: GPL-2.0
/*
 * The machinery the tunables share: parsing and range checks, the live
 * apply protocol and its lock (params.h).  The tunables themselves are
 * declared by the code that uses them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "params.h"
#include "fault.h"

/* Serialises writers against each other and against module init and exit. */
DEFINE_MUTEX(khttpd_params_mutex);
/* Set while the server runs, so writes must be applied, not only stored. */
static bool khttpd_live;

/**
 * khttpd_params_lock() - serialise with parameter writes.
 */
void khttpd_params_lock(void)
{
	mutex_lock(&khttpd_params_mutex);
}

/**
 * khttpd_params_unlock() - end of khttpd_params_lock().
 */
void khttpd_params_unlock(void)
{
	mutex_unlock(&khttpd_params_mutex);
}

/**
 * khttpd_params_set_live() - say whether writes must be applied live.
 * @live: true once everything runs; false before teardown starts
 *
 * Context: khttpd_params_lock() held.
 */
void khttpd_params_set_live(bool live)
{
	khttpd_params_assert_held();
	khttpd_live = live;
}

/*
 * One kernel log line per change of a running server's tunable, naming the
 * writer, so that `journalctl -k` tells who changed what and when:
 *   khttpd: port 8081 -> 9090 (pid 123 khttpd-admin)
 *   khttpd: port 9090 -> 80 refused: -EADDRINUSE (pid 124 sh)
 * Nothing for a write of the value in force, nor for one refused before
 * it is applied (a malformed or out-of-range value: its writer gets EINVAL).
 * Only root writes parameters, so there is no rate limit.  q quotes text.
 * Context: khttpd_params_lock() held, so the lines follow the changes.
 */
static void log_change(const struct kernel_param *kp, const char *old,
		       const char *new, const char *q, int err)
{
	khttpd_params_assert_held();
	if (!khttpd_live)
		return;
	if (err)
		pr_warn("%s %s%s%s -> %s%s%s refused: %pe (pid %d %s)\n",
			kp->name, q, old, q, q, new, q, ERR_PTR(err),
			task_pid_nr(current), current->comm);
	else if (strcmp(old, new))
		pr_info("%s %s%s%s -> %s%s%s (pid %d %s)\n",
			kp->name, q, old, q, q, new, q,
			task_pid_nr(current), current->comm);
}

static void log_number_change(const struct kernel_param *kp,
			      unsigned long old, unsigned long new, int err)
{
	char o[24], n[24];

	snprintf(o, sizeof(o), "%lu", old);
	snprintf(n, sizeof(n), "%lu", new);
	log_change(kp, o, n, "", err);
}

static int uint_param_set(const char *val, const struct kernel_param *kp)
{
	const struct khttpd_uint_param *up = kp->arg;
	unsigned int v, old;
	int err = 0;

	/* overflow too is an invalid value, not ERANGE */
	if (kstrtouint(val, 0, &v) || v < up->min || v > up->max)
		return -EINVAL;

	mutex_lock(&khttpd_params_mutex);
	old = *up->value;
	if (khttpd_live && up->apply)
		err = up->apply(v);
	if (!err)
		WRITE_ONCE(*up->value, v);
	log_number_change(kp, old, v, err);
	mutex_unlock(&khttpd_params_mutex);
	return err;
}

static int uint_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct khttpd_uint_param *up = kp->arg;

	return sysfs_emit(buffer, "%u\n", READ_ONCE(*up->value));
}

const struct kernel_param_ops khttpd_uint_param_ops = {
	.set = uint_param_set,
	.get = uint_param_get,
};

static int bytes_param_set(const char *val, const struct kernel_param *kp)
{
	const struct khttpd_bytes_param *bp = kp->arg;
	unsigned long v, old;

	if (kstrtoul(val, 0, &v) || v < bp->min || v > bp->max)
		return -EINVAL;
	mutex_lock(&khttpd_params_mutex);
	old = *bp->value;
	WRITE_ONCE(*bp->value, v);
	if (khttpd_live && bp->trim)
		bp->trim();
	log_number_change(kp, old, v, 0);
	mutex_unlock(&khttpd_params_mutex);
	return 0;
}

static int bytes_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct khttpd_bytes_param *bp = kp->arg;

	return sysfs_emit(buffer, "%lu\n", READ_ONCE(*bp->value));
}

const struct kernel_param_ops khttpd_bytes_param_ops = {
	.set = bytes_param_set,
	.get = bytes_param_get,
};

static int text_param_set(const char *val, const struct kernel_param *kp)
{
	const struct khttpd_text_param *tp = kp->arg;
	size_t len = strcspn(val, "\n");
	char *text;
	int err = 0;

	if (len >= tp->size)
		return -EINVAL;
	text = khttpd_alloc(kmemdup_nul(val, len, GFP_KERNEL));
	if (!text)
		return -ENOMEM;
	if (len && !tp->valid(text)) {
		err = -EINVAL;
		goto out;
	}

	mutex_lock(&khttpd_params_mutex);
	if (khttpd_live)
		err = tp->apply(text);
	log_change(kp, tp->value, text, "\"", err);
	if (!err)
		strscpy(tp->value, text, tp->size);
	mutex_unlock(&khttpd_params_mutex);
out:
	kfree(text);
	return err;
}

static int text_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct khttpd_text_param *tp = kp->arg;
	int len;

	mutex_lock(&khttpd_params_mutex);
	len = sysfs_emit(buffer, "%s\n", tp->value);
	mutex_unlock(&khttpd_params_mutex);
	return len;
}

const struct kernel_param_ops khttpd_text_param_ops = {
	.set = text_param_set,
	.get = text_param_get,
};

static int choice_param_set(const char *val, const struct kernel_param *kp)
{
	const struct khttpd_choice_param *cp = kp->arg;
	int i = __sysfs_match_string(cp->words, cp->count, val);

	if (i < 0)
		return -EINVAL;
	mutex_lock(&khttpd_params_mutex);
	log_change(kp, cp->words[*cp->value], cp->words[i], "", 0);
	WRITE_ONCE(*cp->value, i);
	mutex_unlock(&khttpd_params_mutex);
	return 0;
}

static int choice_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct khttpd_choice_param *cp = kp->arg;

	return sysfs_emit(buffer, "%s\n", cp->words[READ_ONCE(*cp->value)]);
}

const struct kernel_param_ops khttpd_choice_param_ops = {
	.set = choice_param_set,
	.get = choice_param_get,
};
