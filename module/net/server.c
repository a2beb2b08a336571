// SPDX-License-Identifier: GPL-2.0
/*
 * The listener.
 *
 * Its sk_data_ready only queues accept_work; accept_work accepts without
 * blocking until -EAGAIN and hands each socket to the connection engine.
 * A port or address change opens the new listener before the old one is
 * closed, so a failed bind leaves the server as it was, and established
 * connections (which do not belong to the listener) are never touched.
 *
 * Lifetime: the current listener is owned by this file and replaced or freed
 * only under khttpd_params_lock(), which every caller holds.
 *
 * Tunables: port, bind and backlog, the listener's; a write moves it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inet.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <net/ipv6.h>

#include "server.h"
#include "conn.h"
#include "core/params.h"
#include "core/fault.h"

struct khttpd_listener {
	struct socket *sock;
	struct work_struct accept_work;
	unsigned int port;
};

static struct khttpd_listener *khttpd_listener;

/* ---- tunables: the values in force, under khttpd_params_lock() ---- */

static unsigned int listen_port = KHTTPD_TUNABLE_DEFAULT(port);
static unsigned int listen_backlog = KHTTPD_TUNABLE_DEFAULT(backlog);
static char listen_bind[KHTTPD_TUNABLE_MAX(bind) + 1] =
	KHTTPD_TUNABLE_DEFAULT(bind);
static_assert(sizeof(listen_bind) == INET6_ADDRSTRLEN);

static int port_apply(unsigned int port)
{
	return khttpd_server_listen(listen_bind, port, listen_backlog);
}

static struct khttpd_uint_param port_param =
	KHTTPD_UINT_PARAM(port, listen_port, port_apply);
module_param_cb(port, &khttpd_uint_param_ops, &port_param, 0644);
__MODULE_PARM_TYPE(port, "uint");
MODULE_PARM_DESC(port, KHTTPD_TUNABLE_MEANING(port));

static struct khttpd_uint_param backlog_param =
	KHTTPD_UINT_PARAM(backlog, listen_backlog, khttpd_server_set_backlog);
module_param_cb(backlog, &khttpd_uint_param_ops, &backlog_param, 0644);
__MODULE_PARM_TYPE(backlog, "uint");
MODULE_PARM_DESC(backlog, KHTTPD_TUNABLE_MEANING(backlog));

static int bind_apply(const char *addr)
{
	return khttpd_server_listen(addr, listen_port, listen_backlog);
}

static struct khttpd_text_param bind_param = {
	.value = listen_bind,
	.size = sizeof(listen_bind),
	.valid = khttpd_server_addr_valid,
	.apply = bind_apply,
};
module_param_cb(bind, &khttpd_text_param_ops, &bind_param, 0644);
MODULE_PARM_DESC(bind, KHTTPD_TUNABLE_MEANING(bind));

void (*khttpd_listen_orig_data_ready)(struct sock *sk);

/**
 * khttpd_listen_data_ready() - the listener's sk_data_ready.
 * @sk: the listening socket, or a just-accepted child that inherited it
 *
 * Context: softirq; takes sk_callback_lock for reading.
 */
void khttpd_listen_data_ready(struct sock *sk)
{
	struct khttpd_listener *l;

	read_lock_bh(&sk->sk_callback_lock);
	l = sk->sk_user_data;
	/* children inherit this callback until the engine installs its own */
	if (l && sk->sk_state == TCP_LISTEN)
		queue_work(khttpd_wq, &l->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void khttpd_accept_work(struct work_struct *work)
{
	struct khttpd_listener *l =
		container_of(work, struct khttpd_listener, accept_work);
	struct socket *sock;
	int err;

	for (;;) {
		err = kernel_accept(l->sock, &sock, O_NONBLOCK);
		if (err)
			break;
		khttpd_conn_start(sock);
		cond_resched();
	}
	if (err != -EAGAIN && net_ratelimit())
		pr_warn("accept failed: %pe\n", ERR_PTR(err));
}

/**
 * khttpd_server_addr_valid() - is @addr an IPv4 or IPv6 literal?
 * @addr: NUL-terminated string
 */
bool khttpd_server_addr_valid(const char *addr)
{
	u8 buf[16];

	return in4_pton(addr, -1, buf, '\0', NULL) ||
	       in6_pton(addr, -1, buf, '\0', NULL);
}

static int make_sockaddr(const char *addr, unsigned int port,
			 struct sockaddr_storage *ss, int *len)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (addr[0] && in4_pton(addr, -1, (u8 *)&sin->sin_addr, '\0', NULL)) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	/* empty: in6addr_any, dual-stack since v6only stays off */
	if (addr[0] &&
	    !in6_pton(addr, -1, sin6->sin6_addr.s6_addr, '\0', NULL))
		return -EINVAL;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	*len = sizeof(*sin6);
	return 0;
}

/* "*:8081", "192.0.2.1:80", "[::1]:9090": where a listener is, for the log. */
#define ENDPOINT_LEN (INET6_ADDRSTRLEN + sizeof("[]:65535"))
static const char *endpoint(char *buf, const char *addr, unsigned int port)
{
	if (!*addr)
		snprintf(buf, ENDPOINT_LEN, "*:%u", port);
	else if (strchr(addr, ':'))
		snprintf(buf, ENDPOINT_LEN, "[%s]:%u", addr, port);
	else
		snprintf(buf, ENDPOINT_LEN, "%s:%u", addr, port);
	return buf;
}

/* Give the socket its own callback back, then wait out a running accept. */
static void listener_unhook(struct khttpd_listener *l)
{
	struct sock *sk = l->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = khttpd_listen_orig_data_ready;
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	/* no callback can queue it now; wait for a running one */
	cancel_work_sync(&l->accept_work);
}

static void listener_release(struct khttpd_listener *l)
{
	listener_unhook(l);
	kernel_sock_shutdown(l->sock, SHUT_RDWR);
	sock_release(l->sock);
	kfree(l);
}

static int listener_open(const char *addr, unsigned int port,
			 unsigned int backlog, struct khttpd_listener **out)
{
	struct sockaddr_storage ss;
	struct khttpd_listener *l;
	struct sock *sk;
	int len, err;

	err = make_sockaddr(addr, port, &ss, &len);
	if (err)
		return err;

	l = khttpd_alloc(kzalloc(sizeof(*l), GFP_KERNEL));
	if (!l)
		return -ENOMEM;
	INIT_WORK(&l->accept_work, khttpd_accept_work);

	err = sock_create_kern(&init_net, ss.ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &l->sock);
	if (err)
		goto err_free;
	sk = l->sock->sk;
	sock_set_reuseaddr(sk);
	tcp_sock_set_nodelay(sk);

	err = kernel_bind(l->sock, (struct sockaddr *)&ss, len);
	if (err)
		goto err_sock;

	write_lock_bh(&sk->sk_callback_lock);
	if (!khttpd_listen_orig_data_ready)
		khttpd_listen_orig_data_ready = sk->sk_data_ready;
	sk->sk_user_data = l;
	sk->sk_data_ready = khttpd_listen_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);

	err = kernel_listen(l->sock, backlog);
	if (err)
		goto err_callbacks;
	l->port = port;
	*out = l;
	return 0;

err_callbacks:
	listener_unhook(l);
err_sock:
	sock_release(l->sock);
err_free:
	kfree(l);
	return err;
}

/**
 * khttpd_server_listen() - listen on @addr:@port, replacing any listener.
 * @addr: IPv4 or IPv6 literal, or "" for every address
 * @port: TCP port
 * @backlog: listen backlog
 *
 * The old listener is closed only after the new one is listening.  Only a
 * move to another address on the same port, which the old listener blocks,
 * closes it first, and puts it back if the new address cannot be bound.
 * Context: khttpd_params_lock() held; sleeps.
 * Return: 0, or the bind/listen error (-EADDRINUSE, -EADDRNOTAVAIL, ...),
 * in which case the server listens where it did before.
 */
int khttpd_server_listen(const char *addr, unsigned int port,
			 unsigned int backlog)
{
	struct khttpd_listener *l, *old = khttpd_listener;
	int err;

	khttpd_params_assert_held();
	err = listener_open(addr, port, backlog, &l);
	if (err == -EADDRINUSE && old && old->port == port) {
		listener_release(old);
		khttpd_listener = NULL;
		err = listener_open(addr, port, backlog, &l);
		if (err) {
			struct khttpd_listener *back = NULL;
			char where[ENDPOINT_LEN];
			int again;

			/* the address and backlog still in force */
			again = listener_open(listen_bind, port, listen_backlog,
					      &back);
			if (again)
				pr_err("could not listen again on %s: %pe\n",
				       endpoint(where, listen_bind, port),
				       ERR_PTR(again));
			khttpd_listener = back;
			return err;
		}
		old = NULL;
	}
	if (err)
		return err;
	khttpd_listener = l;
	if (old)
		listener_release(old);
	return 0;
}

/**
 * khttpd_server_set_backlog() - change the backlog of the running listener.
 * @backlog: new backlog
 *
 * listen() on a listening socket only updates its backlog.
 * Context: khttpd_params_lock() held.
 * Return: 0 or a negative errno.
 */
int khttpd_server_set_backlog(unsigned int backlog)
{
	khttpd_params_assert_held();
	if (!khttpd_listener)
		return 0;
	return kernel_listen(khttpd_listener->sock, backlog);
}

/**
 * khttpd_server_start() - listen where the tunables say, at module init.
 *
 * Context: khttpd_params_lock() held; sleeps.
 * Return: 0 or the bind/listen error.
 */
int khttpd_server_start(void)
{
	int err = khttpd_server_listen(listen_bind, listen_port,
				       listen_backlog);
	char where[ENDPOINT_LEN];

	endpoint(where, listen_bind, listen_port);
	if (err)
		pr_err("cannot listen on %s: %pe\n", where, ERR_PTR(err));
	else
		pr_info("listening on %s\n", where);
	return err;
}

/**
 * khttpd_server_stop() - close the listener; no accept runs on return.
 *
 * Context: khttpd_params_lock() held; sleeps.
 */
void khttpd_server_stop(void)
{
	khttpd_params_assert_held();
	if (!khttpd_listener)
		return;
	listener_release(khttpd_listener);
	khttpd_listener = NULL;
}
