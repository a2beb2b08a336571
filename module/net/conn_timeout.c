// SPDX-License-Identifier: GPL-2.0
/*
 * The connection engine's deadlines, one per phase, each a tunable:
 *
 * - IDLE: keepalive_timeout_ms from the last response byte sent (or the
 *   connection's start), so a client that reads on keeps its connection;
 * - HEAD: header_timeout_ms for the whole head, from its first byte;
 *   neither received nor sent bytes move it (slowloris);
 * - BODY: body_timeout_ms for the whole request body, from the answer on;
 *   received bytes do not move it (a POST trickling a byte every few
 *   seconds is closed in time), only the answer's own bytes while they
 *   still go out;
 * - WAIT: none here (the awaited job is bounded and cancelled on close).
 *
 * And one across phases: a connection whose output has been pending for
 * send_timeout_ms while it holds memory of the budget (core/budget.h: a
 * listing page, a result being sent, a grown buffer) is closed, so a client
 * that stops reading cannot pin budget for longer than that.
 *
 * The sweep (conn.c) reads these without the connection's io_work, with
 * READ_ONCE() on the fields io_work writes.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "conn_priv.h"
#include "core/params.h"

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int conn_keepalive_timeout_ms =
	KHTTPD_TUNABLE_DEFAULT(keepalive_timeout_ms);
static unsigned int conn_header_timeout_ms =
	KHTTPD_TUNABLE_DEFAULT(header_timeout_ms);
static unsigned int conn_body_timeout_ms =
	KHTTPD_TUNABLE_DEFAULT(body_timeout_ms);
static unsigned int conn_send_timeout_ms =
	KHTTPD_TUNABLE_DEFAULT(send_timeout_ms);

static struct khttpd_uint_param keepalive_timeout_ms_param =
	KHTTPD_UINT_PARAM(keepalive_timeout_ms, conn_keepalive_timeout_ms,
			  NULL);
module_param_cb(keepalive_timeout_ms, &khttpd_uint_param_ops,
		&keepalive_timeout_ms_param, 0644);
__MODULE_PARM_TYPE(keepalive_timeout_ms, "uint");
MODULE_PARM_DESC(keepalive_timeout_ms,
		 KHTTPD_TUNABLE_MEANING(keepalive_timeout_ms));

static struct khttpd_uint_param header_timeout_ms_param =
	KHTTPD_UINT_PARAM(header_timeout_ms, conn_header_timeout_ms, NULL);
module_param_cb(header_timeout_ms, &khttpd_uint_param_ops,
		&header_timeout_ms_param, 0644);
__MODULE_PARM_TYPE(header_timeout_ms, "uint");
MODULE_PARM_DESC(header_timeout_ms, KHTTPD_TUNABLE_MEANING(header_timeout_ms));

static struct khttpd_uint_param body_timeout_ms_param =
	KHTTPD_UINT_PARAM(body_timeout_ms, conn_body_timeout_ms, NULL);
module_param_cb(body_timeout_ms, &khttpd_uint_param_ops,
		&body_timeout_ms_param, 0644);
__MODULE_PARM_TYPE(body_timeout_ms, "uint");
MODULE_PARM_DESC(body_timeout_ms, KHTTPD_TUNABLE_MEANING(body_timeout_ms));

static struct khttpd_uint_param send_timeout_ms_param =
	KHTTPD_UINT_PARAM(send_timeout_ms, conn_send_timeout_ms, NULL);
module_param_cb(send_timeout_ms, &khttpd_uint_param_ops,
		&send_timeout_ms_param, 0644);
__MODULE_PARM_TYPE(send_timeout_ms, "uint");
MODULE_PARM_DESC(send_timeout_ms, KHTTPD_TUNABLE_MEANING(send_timeout_ms));

/**
 * khttpd_conn_timeout() - how long @c may stay in its phase.
 * @c: connection
 *
 * Context: any (the sweep reads it locklessly).
 * Return: jiffies from &khttpd_conn.deadline_base, or 0 for no limit.
 */
unsigned long khttpd_conn_timeout(const struct khttpd_conn *c)
{
	unsigned int ms;

	switch (READ_ONCE(c->common.phase)) {
	case KHTTPD_PHASE_HEAD:
		ms = READ_ONCE(conn_header_timeout_ms);
		break;
	case KHTTPD_PHASE_BODY:
		ms = READ_ONCE(conn_body_timeout_ms);
		break;
	case KHTTPD_PHASE_WAIT:
		return 0;	/* bounded by the job; cancelled on close */
	default:
		ms = READ_ONCE(conn_keepalive_timeout_ms);
		break;
	}
	return msecs_to_jiffies(ms);
}

/**
 * khttpd_conn_send_late() - has @c held budget too long with output pending?
 * @c: connection
 * @now: jiffies
 *
 * Context: any (the sweep reads it locklessly; io_work decides).
 * Return: true if its output has waited send_timeout_ms or more while it
 * holds memory of the budget.
 */
bool khttpd_conn_send_late(const struct khttpd_conn *c, unsigned long now)
{
	long held = atomic_long_read(&c->budget.bytes);

	/*
	 * A grown input buffer is the request's, not the response's: a
	 * client that sent a long head (big cookies) may then download a
	 * large file at its own pace.
	 */
	if (READ_ONCE(c->rx_charged))
		held -= READ_ONCE(c->rx_size);
	return READ_ONCE(c->sending) && held > 0 &&
	       time_after(now, READ_ONCE(c->send_since) +
			  msecs_to_jiffies(READ_ONCE(conn_send_timeout_ms)));
}

/**
 * khttpd_conn_past_deadline() - is @c past its phase's deadline?
 * @c: connection, in its io_work
 * @now: jiffies
 *
 * io_work's check of what the sweep saw (the sweep may have seen a send
 * deadline that has passed away since).
 *
 * Return: true if the phase has a deadline and it has passed.
 */
bool khttpd_conn_past_deadline(const struct khttpd_conn *c, unsigned long now)
{
	unsigned long t = khttpd_conn_timeout(c);

	return t && time_after(now, c->common.deadline_base + t);
}
