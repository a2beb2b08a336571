/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunables: the files in /sys/module/khttpd/parameters.  The list, with
 * ranges and defaults, is uapi/khttpd.h; each subsystem declares its own
 * with module_param_cb() at the top of the file that uses it, through the
 * kernel_param_ops here, which validate a write and apply it live.
 *
 * The kernel calls .set at load time, before module init, when nothing runs
 * yet: then the value is only stored, and init starts with it.  Once module
 * init has started everything (khttpd_params_set_live()), .set applies the
 * change first and stores the value only if that succeeded, so a read shows
 * the value in force and a refused write changes nothing.
 *
 * Values are read locklessly with READ_ONCE() on the request path; writers
 * hold khttpd_params_lock(), as do module init and exit while they start or
 * stop what a write would change.
 */
#ifndef KHTTPD_PARAMS_H
#define KHTTPD_PARAMS_H

#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "uapi/khttpd.h"

extern struct mutex khttpd_params_mutex;

void khttpd_params_lock(void);
void khttpd_params_unlock(void);
void khttpd_params_set_live(bool live);

/* For functions documented "Context: khttpd_params_lock() held". */
#define khttpd_params_assert_held() lockdep_assert_held(&khttpd_params_mutex)

/*
 * A bounded unsigned int.  apply, if set, makes a live change take effect
 * before it is stored; it runs with khttpd_params_lock() held.
 */
struct khttpd_uint_param {
	unsigned int *value;
	unsigned int min;
	unsigned int max;
	int (*apply)(unsigned int value);
};

/* The initializer for tunable @name stored in @var, applied by @fn. */
#define KHTTPD_UINT_PARAM(name, var, fn) {				\
	.value = &(var), KHTTPD_TUNABLE_##name(KHTTPD_UINT_RANGE_),	\
	.apply = (fn),							\
}

#define KHTTPD_UINT_RANGE_(name, type, lo, hi, def, meaning)		\
	.min = (lo), .max = (hi)

extern const struct kernel_param_ops khttpd_uint_param_ops;

/*
 * A size in bytes.  trim(), if set, evicts down to a lowered limit at once;
 * a raised one is simply used by the next insertion.
 */
struct khttpd_bytes_param {
	unsigned long *value;
	unsigned long min;
	unsigned long max;
	void (*trim)(void);
};

#define KHTTPD_BYTES_PARAM(name, var, fn) {				\
	.value = &(var), KHTTPD_TUNABLE_##name(KHTTPD_UINT_RANGE_),	\
	.trim = (fn),							\
}

extern const struct kernel_param_ops khttpd_bytes_param_ops;

/*
 * A string of at most size - 1 bytes (a trailing newline is dropped), or
 * empty.  valid() checks a non-empty one; apply() makes a live change take
 * effect, with khttpd_params_lock() held, and its error refuses the write.
 * Reads take the lock too: *value is not a single word.
 */
struct khttpd_text_param {
	char *value;
	size_t size;
	bool (*valid)(const char *text);
	int (*apply)(const char *text);
};

extern const struct kernel_param_ops khttpd_text_param_ops;

/* One of count words; the value is the word's index, used as it changes. */
struct khttpd_choice_param {
	unsigned int *value;
	const char * const *words;
	unsigned int count;
};

extern const struct kernel_param_ops khttpd_choice_param_ops;

#endif /* KHTTPD_PARAMS_H */
