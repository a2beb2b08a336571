// SPDX-License-Identifier: GPL-2.0
/*
 * An HTTP/1.1 connection's request cycle (see http_session.h): idle, head,
 * answer, body drained, idle again.  A malformed head is answered with its
 * status and ends the connection; so is a body whose framing is invalid in
 * the bytes that came with its head (framing before semantics, see
 * docs/security.md); a body found malformed after the answer just ends it.
 */
#include "http_session.h"

void kh_http_session_init(struct kh_http_session *s,
			  const struct kh_http_limits *limits)
{
	memset(s, 0, sizeof(*s));
	s->limits = limits;
	s->state = KH_HTTP_SESS_IDLE;
}

static int session_body(struct kh_http_session *s, const char *buf,
			size_t len, size_t *used, int *status)
{
	int ret = kh_http_parse_body(&s->parser, buf, len, used);

	if (ret == HTTP_PARSE_DONE) {
		s->state = KH_HTTP_SESS_IDLE;
		return KH_HTTP_EV_BODY_DONE;
	}
	if (ret < 0) {
		*status = -ret;
		s->state = KH_HTTP_SESS_CLOSED;
		return KH_HTTP_EV_CLOSE;
	}
	return KH_HTTP_EV_AGAIN;
}

static int session_error(struct kh_http_session *s, size_t len,
			 size_t *used, int *status, int error)
{
	*status = error;
	*used = len;
	s->state = KH_HTTP_SESS_CLOSED;
	return KH_HTTP_EV_ERROR;
}

/*
 * Framing before semantics: the body bytes that came with the head are
 * parsed before the request is answered, so a body whose framing is
 * invalid gets its own status (400, or 413), whatever the method would
 * have earned, and no answer to the request at all.  Bytes that arrive
 * after the answer can only end the connection (KH_HTTP_EV_CLOSE).
 */
static int session_early_body(struct kh_http_session *s, const char *buf,
			      size_t len, const struct kh_http_request *req,
			      size_t *used, int *status)
{
	size_t head = *used, n = 0;
	int ret;

	s->body_done = !req->has_body;
	if (!req->has_body || head == len)
		return KH_HTTP_EV_REQUEST;
	ret = kh_http_parse_body(&s->parser, buf + head, len - head, &n);
	if (ret < 0)
		return session_error(s, len, used, status, -ret);
	s->body_done = ret == HTTP_PARSE_DONE;
	*used = head + n;
	return KH_HTTP_EV_REQUEST;
}

int kh_http_session_input(struct kh_http_session *s, const char *buf,
			  size_t len, struct kh_http_request *req,
			  size_t *used, int *status)
{
	int ret;

	*used = 0;
	switch (s->state) {
	case KH_HTTP_SESS_IDLE:
		if (!len)
			return KH_HTTP_EV_AGAIN;
		kh_http_parser_init(&s->parser, s->limits);
		s->state = KH_HTTP_SESS_HEAD;
		return KH_HTTP_EV_BEGIN;
	case KH_HTTP_SESS_HEAD:
		ret = kh_http_parse_head(&s->parser, buf, len, req, used);
		if (ret == HTTP_PARSE_AGAIN) {
			*used = 0;	/* the head is offered again, whole */
			return KH_HTTP_EV_AGAIN;
		}
		if (ret < 0)
			return session_error(s, len, used, status, -ret);
		return session_early_body(s, buf, len, req, used, status);
	case KH_HTTP_SESS_BODY:
		if (!len)
			return KH_HTTP_EV_AGAIN;
		return session_body(s, buf, len, used, status);
	case KH_HTTP_SESS_CLOSED:
		*used = len;
		return KH_HTTP_EV_AGAIN;
	default:	/* KH_HTTP_SESS_WAIT */
		return KH_HTTP_EV_AGAIN;
	}
}

static void session_done(struct kh_http_session *s)
{
	s->state = s->body_follows ? KH_HTTP_SESS_BODY : KH_HTTP_SESS_IDLE;
}

void kh_http_session_answered(struct kh_http_session *s,
			      const struct kh_http_request *req, bool waiting)
{
	s->body_follows = !s->body_done;
	if (!req->keep_alive) {
		s->state = KH_HTTP_SESS_CLOSED;
		return;
	}
	if (waiting)
		s->state = KH_HTTP_SESS_WAIT;
	else
		session_done(s);
}

void kh_http_session_resumed(struct kh_http_session *s)
{
	if (s->state == KH_HTTP_SESS_WAIT)
		session_done(s);
}

int kh_http_session_timeout(struct kh_http_session *s)
{
	if (s->state != KH_HTTP_SESS_HEAD)
		return 0;
	s->state = KH_HTTP_SESS_CLOSED;
	return 408;
}
