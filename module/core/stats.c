// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU statistics and the /proc/khttpd file.
 *
 * Every counter lives in a per-CPU structure, so the request path never
 * shares a cache line with another CPU; /proc/khttpd sums the copies when it
 * is read.  The sums are not a snapshot taken at one instant, which is fine
 * for counters that only grow.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/ktime.h>
#include <linux/log2.h>

#include "budget.h"
#include "stats.h"
#include "net/conn.h"
#include "fib/fib_service.h"
#include "static/static_cache.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

struct khttpd_pcpu_stats {
	u64 counter[KS_NR];
	u64 latency[KR_NR][KHTTPD_LAT_BUCKETS];
	u64 latency_sum_us[KR_NR];	/* the histograms' sums */
};

static DEFINE_PER_CPU(struct khttpd_pcpu_stats, khttpd_pcpu_stats);
static ktime_t khttpd_loaded_at;
static struct proc_dir_entry *khttpd_proc;

static const char * const stat_names[KS_NR] = {
	[KS_CONN_ACCEPTED] = "connections_accepted",
	[KS_CONN_CLOSED] = "connections_closed",
	[KS_CONN_REJECTED] = "connections_rejected",
	[KS_REQ_GET] = "requests_get",
	[KS_REQ_HEAD] = "requests_head",
	[KS_REQ_OTHER] = "requests_other",
	[KS_RESP_1XX] = "responses_1xx",
	[KS_RESP_2XX] = "responses_2xx",
	[KS_RESP_3XX] = "responses_3xx",
	[KS_RESP_4XX] = "responses_4xx",
	[KS_RESP_5XX] = "responses_5xx",
	[KS_BYTES_IN] = "bytes_in",
	[KS_BYTES_OUT] = "bytes_out",
	[KS_PARSE_ERR_400] = "parse_errors_400",
	[KS_PARSE_ERR_413] = "parse_errors_413",
	[KS_PARSE_ERR_414] = "parse_errors_414",
	[KS_PARSE_ERR_431] = "parse_errors_431",
	[KS_PARSE_ERR_501] = "parse_errors_501",
	[KS_PARSE_ERR_505] = "parse_errors_505",
	[KS_TIMEOUT_KEEPALIVE] = "timeouts_keepalive",
	[KS_TIMEOUT_HEADER] = "timeouts_header",
	[KS_TIMEOUT_BODY] = "timeouts_body",
	[KS_TIMEOUT_SEND] = "timeouts_send",
	[KS_FIB_REQUESTS] = "fib_requests",
	[KS_FIB_CACHE_HITS] = "fib_cache_hits",
	[KS_FIB_CACHE_MISSES] = "fib_cache_misses",
	[KS_FIB_CANCELLED] = "fib_cancelled",
	[KS_FIB_JOINED] = "fib_joined",
	[KS_FIB_REFUSED_QUEUE] = "fib_refused_queue",
	[KS_FIB_REFUSED_CLIENT] = "fib_refused_client",
	[KS_FIB_REFUSED_MEMORY] = "fib_refused_memory",
	[KS_FIB_WAIT_EXPIRED] = "fib_wait_expired",
	[KS_STATIC_CACHE_HITS] = "static_cache_hits",
	[KS_STATIC_CACHE_MISSES] = "static_cache_misses",
	[KS_STATIC_OFFLOADED] = "static_offloaded",
	[KS_STATIC_LISTINGS_BUILT] = "static_listings_built",
	[KS_IO_YIELDS] = "io_yields",
	[KS_IO_YIELD_RUNS] = "io_yield_runs",
	[KS_LOG_RECORDS] = "log_records",
	[KS_LOG_DROPPED] = "log_dropped",
};

static const char * const route_names[KR_NR] = {
/* the list is the enum's order */
#define KHTTPD_ROUTE(id, name) name,
#include "uapi/khttpd.h"
};

/**
 * khttpd_route_name() - the name of @route in /proc/khttpd and the trace.
 * @route: an enum khttpd_route
 *
 * Return: the name, "?" for a number that is no route.
 */
const char *khttpd_route_name(int route)
{
	if (route < 0 || route >= KR_NR)
		return "?";
	return route_names[route];
}

/**
 * khttpd_stat_add() - add @delta to counter @stat on this CPU.
 * @stat: counter
 * @delta: amount
 */
void khttpd_stat_add(enum khttpd_stat stat, u64 delta)
{
	this_cpu_add(khttpd_pcpu_stats.counter[stat], delta);
}

/**
 * khttpd_stat_inc() - count one event @stat on this CPU.
 * @stat: counter
 */
void khttpd_stat_inc(enum khttpd_stat stat)
{
	this_cpu_inc(khttpd_pcpu_stats.counter[stat]);
}

/**
 * khttpd_stat_parse_error() - count a request refused by the parser.
 * @status: the HTTP status it was answered with
 */
void khttpd_stat_parse_error(int status)
{
	switch (status) {
	case 413:
		khttpd_stat_inc(KS_PARSE_ERR_413);
		break;
	case 414:
		khttpd_stat_inc(KS_PARSE_ERR_414);
		break;
	case 431:
		khttpd_stat_inc(KS_PARSE_ERR_431);
		break;
	case 501:
		khttpd_stat_inc(KS_PARSE_ERR_501);
		break;
	case 505:
		khttpd_stat_inc(KS_PARSE_ERR_505);
		break;
	default:
		khttpd_stat_inc(KS_PARSE_ERR_400);
		break;
	}
}

/**
 * khttpd_stat_response() - account a response whose last byte was sent.
 * @route: which handler produced it
 * @status: HTTP status
 * @ns: time from the request's first byte to the response's last byte
 */
void khttpd_stat_response(enum khttpd_route route, int status, u64 ns)
{
	u64 us = div_u64(ns, NSEC_PER_USEC);
	unsigned int bucket = us ? ilog2(us) + 1 : 0;
	unsigned int class = status / 100;

	if (bucket >= KHTTPD_LAT_BUCKETS)
		bucket = KHTTPD_LAT_BUCKETS - 1;
	this_cpu_inc(khttpd_pcpu_stats.latency[route][bucket]);
	this_cpu_add(khttpd_pcpu_stats.latency_sum_us[route], us);
	if (class >= 1 && class <= 5)
		khttpd_stat_inc(KS_RESP_1XX + class - 1);
}

/* Upper bound of the bucket that holds the @permille-th request, in us. */
static u64 latency_percentile(const u64 *hist, u64 total, unsigned int permille)
{
	u64 rank = div_u64(total * permille + 999, 1000);
	u64 seen = 0;
	unsigned int i;

	if (!total)
		return 0;
	for (i = 0; i < KHTTPD_LAT_BUCKETS; i++) {
		seen += hist[i];
		if (seen >= rank)
			return 1ULL << i;
	}
	return 1ULL << (KHTTPD_LAT_BUCKETS - 1);
}

static void show_route(struct seq_file *m, enum khttpd_route route)
{
	u64 hist[KHTTPD_LAT_BUCKETS] = { 0 };
	const char *name = route_names[route];
	u64 total = 0, cum = 0, sum_us = 0;
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct khttpd_pcpu_stats *s =
			per_cpu_ptr(&khttpd_pcpu_stats, cpu);

		for (i = 0; i < KHTTPD_LAT_BUCKETS; i++)
			hist[i] += READ_ONCE(s->latency[route][i]);
		sum_us += READ_ONCE(s->latency_sum_us[route]);
	}
	for (i = 0; i < KHTTPD_LAT_BUCKETS; i++)
		total += hist[i];

	seq_printf(m, "latency_%s_count %llu\n", name, total);
	seq_printf(m, "latency_%s_sum_us %llu\n", name, sum_us);
	seq_printf(m, "latency_%s_p50_us %llu\n", name,
		   latency_percentile(hist, total, 500));
	seq_printf(m, "latency_%s_p90_us %llu\n", name,
		   latency_percentile(hist, total, 900));
	seq_printf(m, "latency_%s_p99_us %llu\n", name,
		   latency_percentile(hist, total, 990));
	for (i = 0; i < KHTTPD_LAT_BUCKETS; i++) {
		cum += hist[i];
		seq_printf(m, "latency_%s_le_%llu %llu\n", name, 1ULL << i, cum);
	}
}

static int khttpd_proc_show(struct seq_file *m, void *v)
{
	u64 sum[KS_NR] = { 0 };
	unsigned int i;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct khttpd_pcpu_stats *s =
			per_cpu_ptr(&khttpd_pcpu_stats, cpu);

		for (i = 0; i < KS_NR; i++)
			sum[i] += READ_ONCE(s->counter[i]);
	}

	seq_printf(m, "uptime_ms %lld\n",
		   ktime_ms_delta(ktime_get(), khttpd_loaded_at));
	seq_printf(m, "connections_now %u\n", khttpd_conn_count());
	for (i = 0; i < KS_NR; i++)
		seq_printf(m, "%s %llu\n", stat_names[i], sum[i]);
	seq_printf(m, "parse_errors_total %llu\n",
		   sum[KS_PARSE_ERR_400] + sum[KS_PARSE_ERR_413] +
		   sum[KS_PARSE_ERR_414] + sum[KS_PARSE_ERR_431] +
		   sum[KS_PARSE_ERR_501] + sum[KS_PARSE_ERR_505]);
	seq_printf(m, "fib_cache_bytes %zu\n", khttpd_fib_cache_bytes());
	seq_printf(m, "fib_computations_now %u\n", khttpd_fib_computations());
	seq_printf(m, "fib_memory_used %ld\n", khttpd_fib_memory_used());
	seq_printf(m, "static_cache_bytes %zu\n", khttpd_static_cache_bytes());
	seq_printf(m, "budget_bytes %zu\n", khttpd_budget_used());
	seq_printf(m, "budget_peak_bytes %zu\n", khttpd_budget_peak());
	seq_printf(m, "budget_refused %lu\n", khttpd_budget_refused());
	for (i = 0; i < KR_NR; i++)
		show_route(m, i);
	return 0;
}

/**
 * khttpd_stats_init() - create /proc/khttpd.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_stats_init(void)
{
	khttpd_loaded_at = ktime_get();
	khttpd_proc = proc_create_single("khttpd", 0444, NULL,
					 khttpd_proc_show);
	return khttpd_proc ? 0 : -ENOMEM;
}

/**
 * khttpd_stats_exit() - remove /proc/khttpd; readers have finished on return.
 */
void khttpd_stats_exit(void)
{
	proc_remove(khttpd_proc);
}
