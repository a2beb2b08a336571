/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The access log's record, as read() from /dev/khttpd-log: one fixed-size
 * record per finished request, made by the module (module/http/http_log.c)
 * and read by khttpd-logd (tools/khttpd-admin/logd.cpp).  Plain C for the
 * kernel and C++ user space; docs/admin.md describes the device.
 *
 * A reader checks @size and @version of each record: a record of another
 * version may have other fields, and @size says how far the next one is.
 * Strings are not NUL-terminated; their _len field gives their length, at
 * most the array's size (longer ones are cut and flagged).
 */
#ifndef KHTTPD_UAPI_LOG_H
#define KHTTPD_UAPI_LOG_H

#include <linux/types.h>

#define KHTTPD_LOG_VERSION	1
#define KHTTPD_LOG_DEVICE	"/dev/khttpd-log"

/* lengths kept of the request's strings; longer ones are truncated */
#define KHTTPD_LOG_METHOD_MAX	16
#define KHTTPD_LOG_TARGET_MAX	256
#define KHTTPD_LOG_AGENT_MAX	128
#define KHTTPD_LOG_REFERER_MAX	128

/* @flags */
#define KHTTPD_LOG_F_TARGET_CUT		0x01	/* target truncated */
#define KHTTPD_LOG_F_AGENT_CUT		0x02	/* user_agent truncated */
#define KHTTPD_LOG_F_REFERER_CUT	0x04	/* referer truncated */
#define KHTTPD_LOG_F_METHOD_CUT		0x08	/* method truncated */
/* no request line was parsed (400, 408, ...): method and target empty */
#define KHTTPD_LOG_F_NO_REQUEST		0x10
/* the connection closed before the response's last byte was sent */
#define KHTTPD_LOG_F_ABORTED		0x20

/* @family */
#define KHTTPD_LOG_INET		4	/* addr[0..3] is the IPv4 address */
#define KHTTPD_LOG_INET6	6	/* addr is the IPv6 address */

/**
 * struct khttpd_log_record - one finished request.
 * @size: sizeof(struct khttpd_log_record) of the writer
 * @version: %KHTTPD_LOG_VERSION
 * @family: %KHTTPD_LOG_INET, %KHTTPD_LOG_INET6, or 0 if unknown
 * @port: the client's TCP port
 * @status: HTTP status code of the response
 * @time_ns: when the response's last byte was sent, ns since the epoch
 * @body_bytes: bytes of the response body sent (the head not counted)
 * @duration_us: from the request's first byte to the response's last
 * @requests: requests answered before this one on its connection (0: the
 *	connection's first; keep-alive reuse)
 * @addr: the client's address, network byte order
 * @http_minor: HTTP/1.<minor>; 0xff if no request line was parsed
 * @route: enum khttpd_route (uapi/khttpd.h) that answered
 * @flags: KHTTPD_LOG_F_*
 * @method_len: bytes in @method
 * @target_len: bytes in @target
 * @agent_len: bytes in @user_agent
 * @referer_len: bytes in @referer
 * @method: the method as sent
 * @target: the request-target as sent (not decoded)
 * @user_agent: the first User-Agent field's value, OWS trimmed
 * @referer: the first Referer field's value
 */
struct khttpd_log_record {
	__u16 size;
	__u8 version;
	__u8 family;
	__u16 port;
	__u16 status;
	__u64 time_ns;
	__u64 body_bytes;
	__u32 duration_us;
	__u32 requests;
	__u8 addr[16];
	__u8 http_minor;
	__u8 route;
	__u8 flags;
	__u8 method_len;
	__u16 target_len;
	__u8 agent_len;
	__u8 referer_len;
	char method[KHTTPD_LOG_METHOD_MAX];
	char target[KHTTPD_LOG_TARGET_MAX];
	char user_agent[KHTTPD_LOG_AGENT_MAX];
	char referer[KHTTPD_LOG_REFERER_MAX];
};

#endif /* KHTTPD_UAPI_LOG_H */
