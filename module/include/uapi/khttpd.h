/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * What khttpd shows user space: the tunables in
 * /sys/module/khttpd/parameters and the routes in /proc/khttpd and the
 * khttpd_request_done tracepoint.  This is the one list of them: the module
 * declares its parameters from it, khttpd-admin builds its keys and route
 * names from it, and a unit test (tools/khttpd-admin/tests/docs_test.cpp)
 * fails when README.md, docs/admin.md or khttpd-admin.8 disagree with it.
 * Plain C that compiles in the kernel and in C++ user space, as WireGuard's
 * uapi wireguard.h does for the module and wireguard-tools.
 */
#ifndef KHTTPD_UAPI_H
#define KHTTPD_UAPI_H

/*
 * Each tunable is KHTTPD_TUNABLE_<name>(X), which expands to
 * X(name, type, min, max, default, meaning) with type one of
 *   UINT    unsigned int from min to max
 *   BYTES   unsigned long byte count from min to max
 *   ADDR    IPv4 or IPv6 literal of at most max characters, "" for all
 *   PATH    absolute path of at most max characters, "" for none
 *   CHOICE  a word of the tunable's KHTTPD_CHOICE list; min, max and
 *           default are the enumerators
 * The code that owns a tunable takes its columns with KHTTPD_TUNABLE_MAX()
 * and friends; the list of all of them, in the order khttpd-admin shows and
 * applies them, is KHTTPD_TUNABLE(name) at the end of this file.
 */
#define KHTTPD_TUNABLE_port(X) \
	X(port, UINT, 1, 65535, 8081, "TCP port to listen on")
#define KHTTPD_TUNABLE_bind(X) \
	X(bind, ADDR, 0, 47, "", \
	  "address to listen on; empty: all IPv4 and IPv6 addresses")
#define KHTTPD_TUNABLE_backlog(X) \
	X(backlog, UINT, 1, 65535, 1024, "listen backlog")
#define KHTTPD_TUNABLE_max_n(X) \
	X(max_n, UINT, 0, 2147483647, 1000000, "largest N served by /fib/N")
#define KHTTPD_TUNABLE_workers(X) \
	X(workers, UINT, 1, 512, 64, \
	  "connection work items run at once per CPU")
#define KHTTPD_TUNABLE_placement(X) \
	X(placement, CHOICE, KHTTPD_PLACE_LOCAL, KHTTPD_PLACE_BALANCE, \
	  KHTTPD_PLACE_BALANCE, \
	  "where new connections run: local (the receiving CPU), " \
	  "spread (round-robin over CPUs), unbound (any CPU) or balance " \
	  "(local unless busy while another CPU is not)")
#define KHTTPD_TUNABLE_fib_workers(X) \
	X(fib_workers, UINT, 1, 512, 2, "concurrent /fib computations")
#define KHTTPD_TUNABLE_max_connections(X) \
	X(max_connections, UINT, 1, 1000000, 65536, \
	  "open connections beyond which new ones get 503")
#define KHTTPD_TUNABLE_keepalive_timeout_ms(X) \
	X(keepalive_timeout_ms, UINT, 100, 3600000, 60000, \
	  "idle keep-alive timeout in ms")
#define KHTTPD_TUNABLE_header_timeout_ms(X) \
	X(header_timeout_ms, UINT, 100, 600000, 10000, \
	  "time allowed to send a request head in ms")
#define KHTTPD_TUNABLE_body_timeout_ms(X) \
	X(body_timeout_ms, UINT, 100, 3600000, 30000, \
	  "time allowed for a whole request body in ms")
#define KHTTPD_TUNABLE_send_timeout_ms(X) \
	X(send_timeout_ms, UINT, 100, 3600000, 20000, \
	  "time allowed to send a response that holds budget memory, in ms")
#define KHTTPD_TUNABLE_docroot(X) \
	X(docroot, PATH, 0, 255, "/var/www/khttpd", \
	  "directory served as static files (absolute); empty: none")
#define KHTTPD_TUNABLE_fib_cache_bytes(X) \
	X(fib_cache_bytes, BYTES, 0, 17179869184, 67108864, \
	  "memory for cached /fib results")
#define KHTTPD_TUNABLE_file_cache_bytes(X) \
	X(file_cache_bytes, BYTES, 0, 17179869184, 33554432, \
	  "memory for cached static files")
#define KHTTPD_TUNABLE_listing(X) \
	X(listing, UINT, 0, 1, 0, \
	  "1: list a directory without index.html; 0: answer it 403")
#define KHTTPD_TUNABLE_listing_max_entries(X) \
	X(listing_max_entries, UINT, 1, 1000000, 10000, \
	  "most names one listing reads and shows")
#define KHTTPD_TUNABLE_listing_max_bytes(X) \
	X(listing_max_bytes, BYTES, 4096, 67108864, 1048576, \
	  "largest listing page; the names beyond are left out")
#define KHTTPD_TUNABLE_response_memory_bytes(X) \
	X(response_memory_bytes, BYTES, 1048576, 17179869184, 134217728, \
	  "memory all requests in flight may hold (listings, buffers, " \
	  "results being sent); beyond it requests get 503")
#define KHTTPD_TUNABLE_conn_memory_bytes(X) \
	X(conn_memory_bytes, BYTES, 65536, 17179869184, 16777216, \
	  "memory one connection may hold of response_memory_bytes")
#define KHTTPD_TUNABLE_fib_queue_max(X) \
	X(fib_queue_max, UINT, 1, 100000, 64, \
	  "/fib computations queued or running; one more gets 503")
#define KHTTPD_TUNABLE_fib_client_max(X) \
	X(fib_client_max, UINT, 1, 100000, 4, \
	  "/fib computations one client address (IPv6: its /64) may start " \
	  "and have queued or running; one more gets 503")
#define KHTTPD_TUNABLE_fib_wait_timeout_ms(X) \
	X(fib_wait_timeout_ms, UINT, 100, 3600000, 30000, \
	  "time a request waits for its /fib computation in ms, then 503 " \
	  "(still queued) or 504 (computing)")
#define KHTTPD_TUNABLE_fib_memory_bytes(X) \
	X(fib_memory_bytes, BYTES, 0, 17179869184, 268435456, \
	  "memory for /fib computations, each reserving its estimated " \
	  "peak while queued or running; beyond it requests get 503")
#define KHTTPD_TUNABLE_dotfiles(X) \
	X(dotfiles, UINT, 0, 1, 0, \
	  "1 serves paths with a component starting with a dot; " \
	  "0 answers 404 (/.well-known/ is always served)")
#define KHTTPD_TUNABLE_io_cpu_share(X) \
	X(io_cpu_share, UINT, 0, 100, 100, \
	  "percent of each CPU connection work may take at high priority " \
	  "per period; beyond it, it runs at normal priority; 0 or 100: " \
	  "always high priority")
#define KHTTPD_TUNABLE_precompressed(X) \
	X(precompressed, UINT, 0, 1, 0, \
	  "1 serves F.br or F.gz, if no older than F, to a request whose " \
	  "Accept-Encoding allows it")
#define KHTTPD_TUNABLE_vhosts(X) \
	X(vhosts, UINT, 0, 1, 0, \
	  "1 serves each host from the docroot's folder of its name " \
	  "(lower case, no port), or from the folder default")
#define KHTTPD_TUNABLE_log(X) \
	X(log, UINT, 0, 1, 0, \
	  "1: a record of each finished request for /dev/khttpd-log " \
	  "(khttpd-logd sets it); 0: none")

/* One column of one tunable: KHTTPD_TUNABLE_MAX(port) is 65535. */
#define KHTTPD_TUNABLE_MIN_(name, type, min, max, def, meaning)	(min)
#define KHTTPD_TUNABLE_MAX_(name, type, min, max, def, meaning)	(max)
#define KHTTPD_TUNABLE_DEF_(name, type, min, max, def, meaning)	(def)
#define KHTTPD_TUNABLE_DOC_(name, type, min, max, def, meaning)	meaning
#define KHTTPD_TUNABLE_MIN(name)	KHTTPD_TUNABLE_##name(KHTTPD_TUNABLE_MIN_)
#define KHTTPD_TUNABLE_MAX(name)	KHTTPD_TUNABLE_##name(KHTTPD_TUNABLE_MAX_)
#define KHTTPD_TUNABLE_DEFAULT(name)	KHTTPD_TUNABLE_##name(KHTTPD_TUNABLE_DEF_)
#define KHTTPD_TUNABLE_MEANING(name)	KHTTPD_TUNABLE_##name(KHTTPD_TUNABLE_DOC_)

/* where a connection's io_work runs: see conn_place() in net/conn.c */
enum khttpd_placement {
#define KHTTPD_CHOICE(tunable, id, word) id,
#include "khttpd.h"
	KHTTPD_PLACE_COUNT
};

/* the handler a response is counted under */
enum khttpd_route {
#define KHTTPD_ROUTE(id, name) id,
#include "khttpd.h"
	KR_NR
};

#endif /* KHTTPD_UAPI_H */

/*
 * The lists.  Define KHTTPD_TUNABLE(name), KHTTPD_CHOICE(tunable, id, word)
 * or KHTTPD_ROUTE(id, name), then include this file again: it expands the
 * lists whose macro is defined, and undefines it.
 */
#ifdef KHTTPD_TUNABLE
KHTTPD_TUNABLE(port)
KHTTPD_TUNABLE(bind)
KHTTPD_TUNABLE(backlog)
KHTTPD_TUNABLE(max_n)
KHTTPD_TUNABLE(workers)
KHTTPD_TUNABLE(placement)
KHTTPD_TUNABLE(fib_workers)
KHTTPD_TUNABLE(max_connections)
KHTTPD_TUNABLE(keepalive_timeout_ms)
KHTTPD_TUNABLE(header_timeout_ms)
KHTTPD_TUNABLE(body_timeout_ms)
KHTTPD_TUNABLE(send_timeout_ms)
KHTTPD_TUNABLE(docroot)
KHTTPD_TUNABLE(fib_cache_bytes)
KHTTPD_TUNABLE(file_cache_bytes)
KHTTPD_TUNABLE(listing)
KHTTPD_TUNABLE(listing_max_entries)
KHTTPD_TUNABLE(listing_max_bytes)
KHTTPD_TUNABLE(response_memory_bytes)
KHTTPD_TUNABLE(conn_memory_bytes)
KHTTPD_TUNABLE(fib_queue_max)
KHTTPD_TUNABLE(fib_client_max)
KHTTPD_TUNABLE(fib_wait_timeout_ms)
KHTTPD_TUNABLE(fib_memory_bytes)
KHTTPD_TUNABLE(dotfiles)
KHTTPD_TUNABLE(io_cpu_share)
KHTTPD_TUNABLE(precompressed)
KHTTPD_TUNABLE(vhosts)
KHTTPD_TUNABLE(log)
#undef KHTTPD_TUNABLE
#endif

/* placement: the CPU that received the packets; one dealt round-robin at
 * accept; any CPU (the unbound workqueue); local unless another CPU has
 * spare time (net/balance.c)
 */
#ifdef KHTTPD_CHOICE
KHTTPD_CHOICE(placement, KHTTPD_PLACE_LOCAL, "local")
KHTTPD_CHOICE(placement, KHTTPD_PLACE_SPREAD, "spread")
KHTTPD_CHOICE(placement, KHTTPD_PLACE_UNBOUND, "unbound")
KHTTPD_CHOICE(placement, KHTTPD_PLACE_BALANCE, "balance")
#undef KHTTPD_CHOICE
#endif

/* routes: /proc/khttpd shows latency_<name>_* for each, in this order */
#ifdef KHTTPD_ROUTE
KHTTPD_ROUTE(KR_ROOT, "root")
KHTTPD_ROUTE(KR_STATIC, "static")
KHTTPD_ROUTE(KR_FIB, "fib")
KHTTPD_ROUTE(KR_OTHER, "other")
#undef KHTTPD_ROUTE
#endif
