// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters with live effect.
 *
 * The kernel calls each .set at load time (before module init, when nothing
 * is running yet: the value is only stored) and on every write to
 * /sys/module/khttpd/parameters/NAME.  Writes after init apply the change
 * first and store the value only when that succeeded, so a read always shows
 * the value in force and a refused write changes nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/inet.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "params.h"
#include "net/server.h"
#include "net/conn.h"
#include "fib/fib_service.h"
#include "static/static.h"
#include "static/static_cache.h"

struct khttpd_params khttpd_params = {
	.port = 8081,
	.backlog = 1024,
	.max_n = 1000000,
	.workers = 64,
	.placement = KHTTPD_PLACE_BALANCE,
	.max_connections = 65536,
	.keepalive_timeout_ms = 60000,
	.header_timeout_ms = 10000,
	.fib_workers = 2,
	.fib_cache_bytes = 64UL << 20,
	.file_cache_bytes = 32UL << 20,
	.bind = "",
	.docroot = "/var/www/khttpd",
};

/* Serialises writers against each other and against module init and exit. */
static DEFINE_MUTEX(khttpd_params_mutex);
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
	lockdep_assert_held(&khttpd_params_mutex);
	khttpd_live = live;
}

static int parse_uint_range(const char *val, unsigned int min,
			    unsigned int max, unsigned int *out)
{
	unsigned int v;

	/* overflow too is an invalid value, not ERANGE */
	if (kstrtouint(val, 0, &v))
		return -EINVAL;
	if (v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/*
 * A bounded unsigned tunable.  The request path reads *value with
 * READ_ONCE(); apply, if set, makes a change take effect before it is stored.
 */
struct uint_param {
	unsigned int *value;
	unsigned int min;
	unsigned int max;
	int (*apply)(unsigned int value);
};

static int uint_param_set(const char *val, const struct kernel_param *kp)
{
	const struct uint_param *up = kp->arg;
	unsigned int v;
	int err;

	err = parse_uint_range(val, up->min, up->max, &v);
	if (err)
		return err;

	mutex_lock(&khttpd_params_mutex);
	if (khttpd_live && up->apply)
		err = up->apply(v);
	if (!err)
		WRITE_ONCE(*up->value, v);
	mutex_unlock(&khttpd_params_mutex);
	return err;
}

static int uint_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct uint_param *up = kp->arg;

	return sysfs_emit(buffer, "%u\n", READ_ONCE(*up->value));
}

static const struct kernel_param_ops uint_param_ops = {
	.set = uint_param_set,
	.get = uint_param_get,
};

static int apply_port(unsigned int port)
{
	return khttpd_server_listen(khttpd_params.bind, port,
				    khttpd_params.backlog);
}

static int apply_backlog(unsigned int backlog)
{
	return khttpd_server_set_backlog(backlog);
}

static int apply_workers(unsigned int workers)
{
	khttpd_conn_set_workers(workers);
	return 0;
}

static int apply_fib_workers(unsigned int workers)
{
	khttpd_fib_set_workers(workers);
	return 0;
}

#define UINT_PARAM(field, lo, hi, fn) {					\
	.value = &khttpd_params.field, .min = lo, .max = hi, .apply = fn, \
}

static struct uint_param port_param = UINT_PARAM(port, 1, 65535, apply_port);
module_param_cb(port, &uint_param_ops, &port_param, 0644);
__MODULE_PARM_TYPE(port, "uint");
MODULE_PARM_DESC(port, "TCP port to listen on (1-65535, default 8081)");

static struct uint_param backlog_param =
	UINT_PARAM(backlog, 1, 65535, apply_backlog);
module_param_cb(backlog, &uint_param_ops, &backlog_param, 0644);
__MODULE_PARM_TYPE(backlog, "uint");
MODULE_PARM_DESC(backlog, "listen backlog (1-65535, default 1024)");

static struct uint_param max_n_param =
	UINT_PARAM(max_n, 0, 2147483647, NULL);
module_param_cb(max_n, &uint_param_ops, &max_n_param, 0644);
__MODULE_PARM_TYPE(max_n, "uint");
MODULE_PARM_DESC(max_n, "largest N served by /fib/N (0-2147483647, default 1000000)");

static struct uint_param workers_param =
	UINT_PARAM(workers, 1, WQ_MAX_ACTIVE, apply_workers);
module_param_cb(workers, &uint_param_ops, &workers_param, 0644);
__MODULE_PARM_TYPE(workers, "uint");
MODULE_PARM_DESC(workers, "connection work items run at once per CPU (1-512, default 64)");

static struct uint_param max_connections_param =
	UINT_PARAM(max_connections, 1, 1000000, NULL);
module_param_cb(max_connections, &uint_param_ops, &max_connections_param,
		0644);
__MODULE_PARM_TYPE(max_connections, "uint");
MODULE_PARM_DESC(max_connections, "open connections beyond which new ones get 503 (default 65536)");

static struct uint_param keepalive_timeout_ms_param =
	UINT_PARAM(keepalive_timeout_ms, 100, 3600000, NULL);
module_param_cb(keepalive_timeout_ms, &uint_param_ops,
		&keepalive_timeout_ms_param, 0644);
__MODULE_PARM_TYPE(keepalive_timeout_ms, "uint");
MODULE_PARM_DESC(keepalive_timeout_ms, "idle keep-alive timeout in ms (100-3600000, default 60000)");

static struct uint_param header_timeout_ms_param =
	UINT_PARAM(header_timeout_ms, 100, 600000, NULL);
module_param_cb(header_timeout_ms, &uint_param_ops, &header_timeout_ms_param,
		0644);
__MODULE_PARM_TYPE(header_timeout_ms, "uint");
MODULE_PARM_DESC(header_timeout_ms, "time allowed to send a request head in ms (100-600000, default 10000)");

static struct uint_param fib_workers_param =
	UINT_PARAM(fib_workers, 1, WQ_MAX_ACTIVE, apply_fib_workers);
module_param_cb(fib_workers, &uint_param_ops, &fib_workers_param, 0644);
__MODULE_PARM_TYPE(fib_workers, "uint");
MODULE_PARM_DESC(fib_workers, "concurrent /fib computations (1-512, default 2)");

/* placement: a name from khttpd_placement_names; new connections use it. */
static const char * const khttpd_placement_names[KHTTPD_PLACE_COUNT] = {
	[KHTTPD_PLACE_LOCAL] = "local",
	[KHTTPD_PLACE_SPREAD] = "spread",
	[KHTTPD_PLACE_UNBOUND] = "unbound",
	[KHTTPD_PLACE_BALANCE] = "balance",
};

static int placement_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(khttpd_placement_names, val);

	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(khttpd_params.placement, i);
	return 0;
}

static int placement_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n",
			  khttpd_placement_names[READ_ONCE(khttpd_params.placement)]);
}

static const struct kernel_param_ops placement_param_ops = {
	.set = placement_set,
	.get = placement_get,
};

module_param_cb(placement, &placement_param_ops, NULL, 0644);
MODULE_PARM_DESC(placement, "where new connections run: local (the receiving CPU), spread (round-robin over CPUs), unbound (any CPU) or balance (local unless busy while another CPU is not; default)");

/* bind: an IPv4 or IPv6 literal, or empty for every address (dual-stack). */
static int bind_set(const char *val, const struct kernel_param *kp)
{
	char addr[KHTTPD_BIND_MAX];
	size_t len = strcspn(val, "\n");
	int err = 0;

	if (len >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, val, len);
	addr[len] = '\0';
	if (len && !khttpd_server_addr_valid(addr))
		return -EINVAL;

	mutex_lock(&khttpd_params_mutex);
	if (khttpd_live)
		err = khttpd_server_listen(addr, khttpd_params.port,
					   khttpd_params.backlog);
	if (!err)
		strscpy(khttpd_params.bind, addr, sizeof(khttpd_params.bind));
	mutex_unlock(&khttpd_params_mutex);
	return err;
}

static int bind_get(char *buffer, const struct kernel_param *kp)
{
	int len;

	mutex_lock(&khttpd_params_mutex);
	len = sysfs_emit(buffer, "%s\n", khttpd_params.bind);
	mutex_unlock(&khttpd_params_mutex);
	return len;
}

static const struct kernel_param_ops bind_param_ops = {
	.set = bind_set,
	.get = bind_get,
};

module_param_cb(bind, &bind_param_ops, NULL, 0644);
MODULE_PARM_DESC(bind, "address to listen on; empty: all IPv4 and IPv6 addresses");

/*
 * A cache size in bytes, 0 to 16 GiB.  trim() evicts down to a lowered
 * limit at once; a raised one is simply used by the next insertion.
 */
struct bytes_param {
	unsigned long *value;
	void (*trim)(void);
};

static int bytes_param_set(const char *val, const struct kernel_param *kp)
{
	const struct bytes_param *bp = kp->arg;
	unsigned long v;

	if (kstrtoul(val, 0, &v) || v > (1UL << 34))
		return -EINVAL;
	mutex_lock(&khttpd_params_mutex);
	WRITE_ONCE(*bp->value, v);
	if (khttpd_live)
		bp->trim();
	mutex_unlock(&khttpd_params_mutex);
	return 0;
}

static int bytes_param_get(char *buffer, const struct kernel_param *kp)
{
	const struct bytes_param *bp = kp->arg;

	return sysfs_emit(buffer, "%lu\n", READ_ONCE(*bp->value));
}

static const struct kernel_param_ops bytes_param_ops = {
	.set = bytes_param_set,
	.get = bytes_param_get,
};

static struct bytes_param fib_cache_bytes_param = {
	.value = &khttpd_params.fib_cache_bytes,
	.trim = khttpd_fib_cache_trim,
};
module_param_cb(fib_cache_bytes, &bytes_param_ops, &fib_cache_bytes_param,
		0644);
__MODULE_PARM_TYPE(fib_cache_bytes, "ulong");
MODULE_PARM_DESC(fib_cache_bytes, "memory for cached /fib results (0-2^34, default 64 MiB)");

static struct bytes_param file_cache_bytes_param = {
	.value = &khttpd_params.file_cache_bytes,
	.trim = khttpd_static_cache_trim,
};
module_param_cb(file_cache_bytes, &bytes_param_ops, &file_cache_bytes_param,
		0644);
__MODULE_PARM_TYPE(file_cache_bytes, "ulong");
MODULE_PARM_DESC(file_cache_bytes, "memory for cached static files (0-2^34, default 32 MiB)");

/*
 * docroot: an absolute path of at most 255 bytes, or empty for no static
 * files.  At load the value is only stored (module init resolves it, and a
 * directory that is missing then only turns static files off); afterwards a
 * write resolves it first and is refused with that error (ENOENT, ENOTDIR,
 * EACCES) if the directory cannot be used, keeping the old one.
 */
static int docroot_set(const char *val, const struct kernel_param *kp)
{
	char dir[KHTTPD_DOCROOT_SIZE];
	size_t len = strcspn(val, "\n");
	int err = 0;

	if (len >= sizeof(dir) || (len && val[0] != '/'))
		return -EINVAL;
	memcpy(dir, val, len);
	dir[len] = '\0';

	mutex_lock(&khttpd_params_mutex);
	if (khttpd_live)
		err = khttpd_static_set_docroot(dir);
	if (!err)
		strscpy(khttpd_params.docroot, dir,
			sizeof(khttpd_params.docroot));
	mutex_unlock(&khttpd_params_mutex);
	return err;
}

static int docroot_get(char *buffer, const struct kernel_param *kp)
{
	int len;

	mutex_lock(&khttpd_params_mutex);
	len = sysfs_emit(buffer, "%s\n", khttpd_params.docroot);
	mutex_unlock(&khttpd_params_mutex);
	return len;
}

static const struct kernel_param_ops docroot_param_ops = {
	.set = docroot_set,
	.get = docroot_get,
};

module_param_cb(docroot, &docroot_param_ops, NULL, 0644);
MODULE_PARM_DESC(docroot, "directory served as static files (absolute, at most 255 bytes); empty: none");
