/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One HTTP/1.1 connection's request cycle, without sockets or buffers:
 * which bytes start a request, which belong to its head or its body, when
 * to answer, when to answer an error and close.  Plain C: the module's
 * HTTP layer (http/http_conn.c) drives it with the bytes the connection
 * engine received; the unit tests drive it with byte streams.
 *
 * The caller owns the input buffer.  kh_http_session_input() says how many
 * bytes it consumed; the caller keeps the rest and offers them again,
 * followed by newer bytes, on the next call.  A head in progress is never
 * consumed, so it may move in the buffer between calls (the parser keeps
 * offsets, not pointers) but must be offered from its first byte.
 */
#ifndef KHTTPD_HTTP_SESSION_H
#define KHTTPD_HTTP_SESSION_H

#include "../compat.h"
#include "http_parser.h"

enum kh_http_sess_state {
	KH_HTTP_SESS_IDLE,	/* between requests */
	KH_HTTP_SESS_HEAD,	/* a request head is arriving */
	KH_HTTP_SESS_BODY,	/* draining (discarding) a request body */
	KH_HTTP_SESS_WAIT,	/* the answer is being produced elsewhere */
	KH_HTTP_SESS_CLOSED,	/* nothing more is read: close after sending */
};

/* What kh_http_session_input() asks the caller to do. */
enum kh_http_event {
	KH_HTTP_EV_AGAIN,	/* need more input */
	KH_HTTP_EV_BEGIN,	/* a request's first byte: start its clock */
	KH_HTTP_EV_REQUEST,	/* answer *req, then kh_http_session_answered() */
	/*
	 * answer *status, close after it; rest dropped.  Also a body whose
	 * framing is invalid in the bytes that came with its head: the
	 * request is then not answered at all.
	 */
	KH_HTTP_EV_ERROR,
	KH_HTTP_EV_BODY_DONE,	/* a request body was drained: go on */
	/* malformed body after the answer (*status why): close, no 2nd answer */
	KH_HTTP_EV_CLOSE,
};

struct kh_http_session {
	struct kh_http_parser parser;
	const struct kh_http_limits *limits;
	u8 state;		/* enum kh_http_sess_state */
	bool body_follows;	/* the request being answered has a body */
	bool body_done;		/* its body came whole with the head */
};

/**
 * kh_http_session_init() - a new connection: no request yet.
 * @s: session state
 * @limits: parser limits; must outlive @s
 */
void kh_http_session_init(struct kh_http_session *s,
			  const struct kh_http_limits *limits);

/**
 * kh_http_session_input() - take the next step on received bytes.
 * @s: session state
 * @buf: the unconsumed input, oldest byte first
 * @len: bytes in @buf
 * @req: filled in for KH_HTTP_EV_REQUEST; its strings point into @buf
 * @used: set to the bytes of @buf consumed by this step
 * @status: set to the HTTP status to answer for KH_HTTP_EV_ERROR, or
 *	the one that explains KH_HTTP_EV_CLOSE
 *
 * Call again after every event but KH_HTTP_EV_AGAIN, KH_HTTP_EV_ERROR and
 * KH_HTTP_EV_CLOSE, on the bytes after *@used, as long as there is room
 * to queue another answer.  While waiting or closed it returns
 * KH_HTTP_EV_AGAIN and consumes nothing (closed: everything).
 *
 * Return: an enum kh_http_event.
 */
int kh_http_session_input(struct kh_http_session *s, const char *buf,
			  size_t len, struct kh_http_request *req,
			  size_t *used, int *status);

/**
 * kh_http_session_answered() - the request of KH_HTTP_EV_REQUEST is handled.
 * @s: session state
 * @req: that request
 * @waiting: its answer will come later (kh_http_session_resumed())
 */
void kh_http_session_answered(struct kh_http_session *s,
			      const struct kh_http_request *req, bool waiting);

/**
 * kh_http_session_resumed() - the answer that was waited for is queued.
 * @s: session state, in KH_HTTP_SESS_WAIT
 */
void kh_http_session_resumed(struct kh_http_session *s);

/**
 * kh_http_session_timeout() - the head of a request took too long.
 * @s: session state
 *
 * Return: 408 to answer before closing, or 0 to close at once (no head in
 * progress, or the connection was already closing).
 */
int kh_http_session_timeout(struct kh_http_session *s);

#endif /* KHTTPD_HTTP_SESSION_H */
