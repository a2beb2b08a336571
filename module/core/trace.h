/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints: time requests with ftrace, perf or bpftrace, never printk.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM khttpd

#if !defined(KHTTPD_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define KHTTPD_TRACE_H

#include <linux/tracepoint.h>

#include "core/stats.h"	/* khttpd_route_name() */

TRACE_EVENT(khttpd_request_start,
	    TP_PROTO(const void *conn),
	    TP_ARGS(conn),
	    TP_STRUCT__entry(__field(const void *, conn)),
	    TP_fast_assign(__entry->conn = conn;),
	    TP_printk("conn=%p", __entry->conn)
);

/* route is the number (for filters and bpftrace), route_name its name */
TRACE_EVENT(khttpd_request_done,
	    TP_PROTO(const void *conn, int status, int route, u64 bytes,
		     u64 ns),
	    TP_ARGS(conn, status, route, bytes, ns),
	    TP_STRUCT__entry(__field(const void *, conn)
			     __field(int, status)
			     __field(int, route)
			     __string(route_name, khttpd_route_name(route))
			     __field(u64, bytes)
			     __field(u64, ns)),
	    TP_fast_assign(__entry->conn = conn;
			   __entry->status = status;
			   __entry->route = route;
			   __assign_str(route_name, khttpd_route_name(route));
			   __entry->bytes = bytes;
			   __entry->ns = ns;),
	    TP_printk("conn=%p status=%d route=%s bytes=%llu duration_ns=%llu",
		      __entry->conn, __entry->status, __get_str(route_name),
		      __entry->bytes, __entry->ns)
);

#endif /* KHTTPD_TRACE_H */

/* relative to the module's top, which Kbuild puts on the include path */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH core
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
