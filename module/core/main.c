// SPDX-License-Identifier: GPL-2.0
/*
 * khttpd: an HTTP/1.1 server in the kernel.
 *
 * Wiring only: start the parts in order, stop them in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "net/conn.h"
#include "http/http.h"
#include "log/log.h"
#include "fib/fib_service.h"
#include "params.h"
#include "net/server.h"
#include "static/static.h"
#include "stats.h"

static int __init khttpd_init(void)
{
	int err;

	err = khttpd_stats_init();
	if (err)
		return err;
	err = khttpd_log_init();
	if (err)
		goto err_stats;
	err = khttpd_conn_init(khttpd_http_proto());
	if (err)
		goto err_log;
	err = khttpd_fib_init();
	if (err)
		goto err_conn;
	err = khttpd_static_init();
	if (err)
		goto err_fib;

	khttpd_params_lock();
	/* before writes apply live, so a write cannot slip in between */
	khttpd_static_start();
	err = khttpd_server_start();
	if (err) {
		khttpd_params_unlock();
		goto err_static;
	}
	khttpd_params_set_live(true);
	khttpd_params_unlock();
	return 0;

err_static:
	khttpd_static_exit();
err_fib:
	khttpd_fib_exit();
err_conn:
	khttpd_conn_exit();
err_log:
	khttpd_log_exit();
err_stats:
	khttpd_stats_exit();
	return err;
}

static void __exit khttpd_exit(void)
{
	khttpd_params_lock();
	khttpd_params_set_live(false);
	khttpd_server_stop();
	khttpd_params_unlock();

	khttpd_conn_shutdown_all();
	khttpd_static_exit();
	khttpd_fib_exit();
	khttpd_conn_exit();
	khttpd_log_exit();
	khttpd_stats_exit();
	pr_info("unloaded\n");
}

module_init(khttpd_init);
module_exit(khttpd_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("khttpd developers");
MODULE_DESCRIPTION("In-kernel HTTP/1.1 server");
MODULE_VERSION("0.2.0");
