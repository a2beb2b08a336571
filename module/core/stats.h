/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics: per-CPU counters and latency histograms, shown in /proc/khttpd.
 * The hot path only increments its own CPU's copy; readers sum all CPUs.
 */
#ifndef KHTTPD_STATS_H
#define KHTTPD_STATS_H

#include <linux/types.h>

#include "uapi/khttpd.h"	/* enum khttpd_route */

enum khttpd_stat {
	KS_CONN_ACCEPTED,
	KS_CONN_CLOSED,
	KS_CONN_REJECTED,
	KS_REQ_GET,
	KS_REQ_HEAD,
	KS_REQ_OTHER,
	KS_RESP_1XX,
	KS_RESP_2XX,
	KS_RESP_3XX,
	KS_RESP_4XX,
	KS_RESP_5XX,
	KS_BYTES_IN,
	KS_BYTES_OUT,
	KS_PARSE_ERR_400,
	KS_PARSE_ERR_413,
	KS_PARSE_ERR_414,
	KS_PARSE_ERR_431,
	KS_PARSE_ERR_501,
	KS_PARSE_ERR_505,
	KS_TIMEOUT_KEEPALIVE,
	KS_TIMEOUT_HEADER,
	KS_TIMEOUT_BODY,
	KS_TIMEOUT_SEND,
	KS_FIB_REQUESTS,
	KS_FIB_CACHE_HITS,
	KS_FIB_CACHE_MISSES,
	KS_FIB_CANCELLED,
	KS_FIB_JOINED,
	KS_FIB_REFUSED_QUEUE,
	KS_FIB_REFUSED_CLIENT,
	KS_FIB_REFUSED_MEMORY,
	KS_FIB_WAIT_EXPIRED,
	KS_STATIC_CACHE_HITS,
	KS_STATIC_CACHE_MISSES,
	KS_STATIC_OFFLOADED,
	KS_STATIC_LISTINGS_BUILT,
	KS_IO_YIELDS,
	KS_IO_YIELD_RUNS,
	KS_LOG_RECORDS,
	KS_LOG_DROPPED,
	KS_NR
};

/* Histogram bucket i counts requests that took less than 2^i microseconds. */
#define KHTTPD_LAT_BUCKETS	32

void khttpd_stat_add(enum khttpd_stat stat, u64 delta);
void khttpd_stat_inc(enum khttpd_stat stat);
void khttpd_stat_parse_error(int status);
void khttpd_stat_response(enum khttpd_route route, int status, u64 ns);
const char *khttpd_route_name(int route);

int khttpd_stats_init(void);
void khttpd_stats_exit(void);

#endif /* KHTTPD_STATS_H */
