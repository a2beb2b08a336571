/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict, bounded, incremental HTTP/1.1 request parser (RFC 9110/9112).
 * Plain C: built into the module and into user-space tests and fuzzers.
 *
 * Ownership: the caller owns the input buffer and one struct kh_http_parser per
 * connection.  The head of a request must stay contiguous at the start of
 * the buffer between calls that return HTTP_PARSE_AGAIN (the parser resumes
 * scanning where it stopped, so feeding one byte at a time is linear).
 * Pointers in struct kh_http_request point into that buffer and are valid until
 * the caller discards the head's bytes.
 */
#ifndef KHTTPD_HTTP_PARSER_H
#define KHTTPD_HTTP_PARSER_H

#include "../compat.h"

#define HTTP_PARSE_AGAIN	0	/* need more bytes */
#define HTTP_PARSE_DONE		1	/* a complete head, or the end of a body */

/*
 * Longest decoded, normalised path kept in struct kh_http_request: room
 * for the path of the 8000-octet request-line RFC 9112 §3 recommends
 * ("GET /<7986 bytes> HTTP/1.1"), while the whole request still fits an
 * 8 KiB allocation (longer: 414).
 */
#define HTTP_MAX_PATH		7990

/* Largest length a Content-Length or chunk-size may state (2^63 - 1). */
#define KH_HTTP_LENGTH_MAX	((u64)~0ULL >> 1)

enum kh_http_method {
	HTTP_M_GET,
	HTTP_M_HEAD,
	HTTP_M_POST,
	HTTP_M_PUT,
	HTTP_M_DELETE,
	HTTP_M_CONNECT,
	HTTP_M_OPTIONS,
	HTTP_M_TRACE,
	HTTP_M_PATCH,
	HTTP_M_OTHER,		/* syntactically valid token, unknown method */
	HTTP_M_COUNT
};

struct kh_http_limits {
	u32 max_request_line;	/* bytes incl. CRLF; longer: 414 */
	u32 max_header_bytes;	/* whole head incl. request line; longer: 431 */
	u32 max_headers;	/* field lines; more: 431 */
	u64 max_body;		/* Content-Length or decoded chunked total; more: 413 */
};

/* Defaults used by the module unless tuned, and by the tests. */
extern const struct kh_http_limits kh_http_default_limits;

struct kh_http_str {
	const char *p;
	u32 len;
};

struct kh_http_request {
	/* ordered so that no padding pushes path[] past one 8 KiB slab */
	enum kh_http_method method;
	u32 path_len;			/* of path[], below */
	u64 content_length;
	struct kh_http_str method_name;	/* as sent */
	struct kh_http_str target;	/* raw request-target */
	struct kh_http_str query;	/* raw, without '?'; len 0 if none */
	/* from an absolute-form target if any, else the Host field */
	struct kh_http_str host;
	/* OWS-trimmed; p NULL if absent or sent more than once */
	struct kh_http_str if_none_match;
	struct kh_http_str if_modified_since;
	struct kh_http_str range;
	struct kh_http_str if_range;
	struct kh_http_str accept_encoding;
	/* for the access log only: the first line of each, OWS-trimmed */
	struct kh_http_str user_agent;
	struct kh_http_str referer;
	u8 version_minor;		/* HTTP/1.<minor>: 0 or 1 */
	bool keep_alive;		/* after version default and Connection */
	bool has_body;			/* body follows: kh_http_parse_body */
	bool chunked;
	bool expect_continue;		/* HTTP/1.1 "Expect: 100-continue" */
	bool path_has_trailing_slash;
	/*
	 * percent-decoded, dot-segments removed, starts with '/', NUL-ended;
	 * empty (path_len 0) for "OPTIONS *" and for CONNECT's authority-form.
	 * Last, so that the parser clears only the members before it.
	 */
	char path[HTTP_MAX_PATH + 1];
};

/* Opaque to callers; embedded in the connection so no allocation. */
struct kh_http_parser {
	const struct kh_http_limits *limits;
	u32 state;
	u32 scanned;		/* head bytes already examined */
	u32 line_start;
	u32 headers;
	u64 body_left;		/* Content-Length left, or current chunk left */
	u64 body_total;
	u32 chunk_state;
	u32 chunk_digits;
	u32 mark;		/* start of the target, then of the version */
	int error;		/* sticky negative status, 0 if none */
	u64 chunk_framing;	/* chunk-size lines and CRLFs seen so far */
	u32 trailer_bytes;
	u32 trailers;
};

/**
 * kh_http_parser_init() - reset @p for a new request on a connection.
 * @p: parser state
 * @limits: limits to enforce; must outlive the parser
 */
void kh_http_parser_init(struct kh_http_parser *p,
			 const struct kh_http_limits *limits);

/**
 * kh_http_parse_head() - parse a request head at the start of @buf.
 * @p: parser state
 * @buf: bytes received so far for this request (head first)
 * @len: number of bytes in @buf
 * @req: filled in when the head is complete
 * @consumed: on HTTP_PARSE_DONE, the head's length in bytes
 *
 * Return: HTTP_PARSE_AGAIN, HTTP_PARSE_DONE, or a negative HTTP status
 * (-400, -414, -431, -413, -501, -505) after which the connection must
 * answer that status and close.
 */
int kh_http_parse_head(struct kh_http_parser *p, const char *buf, size_t len,
		       struct kh_http_request *req, size_t *consumed);

/**
 * kh_http_parse_body() - consume (and discard) body bytes of a request.
 * @p: parser state, after kh_http_parse_head() returned DONE with has_body
 * @buf: bytes after the head
 * @len: number of bytes in @buf
 * @consumed: bytes of @buf that belonged to the body
 *
 * Return: HTTP_PARSE_AGAIN (all of @buf consumed, more body to come),
 * HTTP_PARSE_DONE (body complete after *@consumed bytes), or a negative
 * HTTP status (-400, -413) after which the connection must close.
 */
int kh_http_parse_body(struct kh_http_parser *p, const char *buf, size_t len,
		       size_t *consumed);

/**
 * kh_http_reason() - the reason phrase for @status ("Not Found"), or "Unknown".
 * @status: HTTP status code
 *
 * Return: a static string.
 */
const char *kh_http_reason(int status);

bool kh_http_ci_equal(const char *s, u32 len, const char *lower);

#endif /* KHTTPD_HTTP_PARSER_H */
