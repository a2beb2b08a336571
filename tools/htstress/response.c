// SPDX-License-Identifier: GPL-2.0
/*
 * HTTP/1.x response framing (RFC 9112 section 6): just enough of the head
 * to find where the response ends and whether the connection survives it.
 */
#include "response.h"

#include <string.h>

enum resp_state {
	RS_STATUS,	/* status line */
	RS_HEADER,	/* header lines up to the empty line */
	RS_BODY_LEN,	/* Content-Length body */
	RS_CHUNK_SIZE,	/* chunk-size [; ext] line */
	RS_CHUNK_DATA,	/* chunk data */
	RS_CHUNK_END,	/* CRLF after chunk data */
	RS_TRAILER,	/* trailer lines up to the empty line */
	RS_BODY_EOF,	/* body delimited by the connection closing */
	RS_DONE,
};

/* process_line() result besides RESP_DONE / RESP_ERROR */
#define LINE_NEXT	2

static void reset_head(struct resp_parser *p)
{
	p->status = 0;
	p->version_minor = 0;
	p->conn_close = false;
	p->conn_keep_alive = false;
	p->te_present = false;
	p->te_chunked = false;
	p->has_length = false;
	p->content_length = 0;
}

void resp_init(struct resp_parser *p, bool head_request)
{
	reset_head(p);
	p->state = RS_STATUS;
	p->head_request = head_request;
	p->started = false;
	p->left = 0;
	p->line_len = 0;
	p->line_raw = 0;
	p->head_bytes = 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* Case-insensitive comparison of the token [s, s+len) with lower-case @lit. */
static bool token_is(const char *s, size_t len, const char *lit)
{
	size_t i;

	if (len != strlen(lit))
		return false;
	for (i = 0; i < len; i++)
		if (lower(s[i]) != lit[i])
			return false;
	return true;
}

static bool is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/*
 * Walk the comma-separated list [v, v+len), calling @fn on each trimmed,
 * non-empty element.  @fn returns false to reject the header.
 */
static bool for_each_element(struct resp_parser *p, const char *v, size_t len,
			     bool (*fn)(struct resp_parser *, const char *,
					size_t))
{
	size_t i = 0;

	while (i < len) {
		size_t start, end;

		while (i < len && (is_ows(v[i]) || v[i] == ','))
			i++;
		start = i;
		while (i < len && v[i] != ',')
			i++;
		end = i;
		while (end > start && is_ows(v[end - 1]))
			end--;
		if (end > start && !fn(p, v + start, end - start))
			return false;
	}
	return true;
}

static bool on_connection(struct resp_parser *p, const char *t, size_t len)
{
	if (token_is(t, len, "close"))
		p->conn_close = true;
	else if (token_is(t, len, "keep-alive"))
		p->conn_keep_alive = true;
	return true;
}

static bool on_transfer_coding(struct resp_parser *p, const char *t,
			       size_t len)
{
	/* Only the final coding decides whether the body is chunked. */
	p->te_chunked = token_is(t, len, "chunked");
	return true;
}

/* "Content-Length: 5, 5" is allowed; differing values are not. */
static bool on_content_length(struct resp_parser *p, const char *t,
			      size_t len)
{
	uint64_t v = 0;
	size_t i;

	if (len > 18)
		return false;
	for (i = 0; i < len; i++) {
		if (!is_digit(t[i]))
			return false;
		v = v * 10 + (uint64_t)(t[i] - '0');
	}
	if (p->has_length && p->content_length != v)
		return false;
	p->has_length = true;
	p->content_length = v;
	return true;
}

static int parse_status_line(struct resp_parser *p, const char *l, size_t len)
{
	/* HTTP/1.1 200[ reason] */
	if (len < 12 || memcmp(l, "HTTP/1.", 7) || !is_digit(l[7]) ||
	    l[8] != ' ' || !is_digit(l[9]) || !is_digit(l[10]) ||
	    !is_digit(l[11]) || (len > 12 && l[12] != ' '))
		return RESP_ERROR;
	p->version_minor = (uint8_t)(l[7] - '0');
	p->status = (uint16_t)((l[9] - '0') * 100 + (l[10] - '0') * 10 +
			       (l[11] - '0'));
	if (p->status < 100)
		return RESP_ERROR;
	p->state = RS_HEADER;
	return LINE_NEXT;
}

static int parse_header_line(struct resp_parser *p, const char *l, size_t len,
			     bool truncated)
{
	const char *colon = memchr(l, ':', len);
	const char *v;
	size_t nlen, vlen, i;
	bool ok = true;

	/* obs-fold continuation: nothing we track can be folded safely. */
	if (is_ows(l[0]))
		return LINE_NEXT;
	if (!colon)
		return RESP_ERROR;
	nlen = (size_t)(colon - l);
	for (i = 0; i < nlen; i++)
		if (!is_tchar(l[i]))
			return RESP_ERROR;
	if (!nlen)
		return RESP_ERROR;
	v = colon + 1;
	vlen = len - nlen - 1;
	if (token_is(l, nlen, "content-length")) {
		ok = !truncated && for_each_element(p, v, vlen,
						     on_content_length);
	} else if (token_is(l, nlen, "transfer-encoding")) {
		p->te_present = true;
		ok = !truncated && for_each_element(p, v, vlen,
						     on_transfer_coding);
	} else if (token_is(l, nlen, "connection")) {
		ok = !truncated && for_each_element(p, v, vlen, on_connection);
	}
	return ok ? LINE_NEXT : RESP_ERROR;
}

/* The empty line after the head: decide how the body is delimited. */
static int end_of_head(struct resp_parser *p)
{
	if (p->status < 200 && p->status != 101) {
		/* Interim response (100 Continue, 103 Early Hints): the
		 * final response to the same request follows.
		 */
		reset_head(p);
		p->state = RS_STATUS;
		return LINE_NEXT;
	}
	if (p->head_request || p->status < 200 || p->status == 204 ||
	    p->status == 304)
		return RESP_DONE;
	if (p->te_present) {
		/* Final coding not chunked: the body runs to the close. */
		p->state = p->te_chunked ? RS_CHUNK_SIZE : RS_BODY_EOF;
		return LINE_NEXT;
	}
	if (p->has_length) {
		if (!p->content_length)
			return RESP_DONE;
		p->left = p->content_length;
		p->state = RS_BODY_LEN;
		return LINE_NEXT;
	}
	p->state = RS_BODY_EOF;
	return LINE_NEXT;
}

static int parse_chunk_size(struct resp_parser *p, const char *l, size_t len)
{
	uint64_t v = 0;
	size_t i = 0;

	for (; i < len; i++) {
		char c = lower(l[i]);
		unsigned int d;

		if (is_digit(c))
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else
			break;
		if (i >= 15)
			return RESP_ERROR;
		v = (v << 4) | d;
	}
	if (!i)
		return RESP_ERROR;
	while (i < len && is_ows(l[i]))
		i++;
	if (i < len && l[i] != ';')
		return RESP_ERROR;
	if (v) {
		p->left = v;
		p->state = RS_CHUNK_DATA;
	} else {
		p->state = RS_TRAILER;
	}
	return LINE_NEXT;
}

static int process_line(struct resp_parser *p)
{
	bool truncated = p->line_raw > p->line_len;
	size_t len = p->line_len;
	const char *l = p->line;

	/* The CR before LF is optional; a truncated line lost its end. */
	if (!truncated && len && l[len - 1] == '\r')
		len--;

	switch (p->state) {
	case RS_STATUS:
		return truncated ? RESP_ERROR : parse_status_line(p, l, len);
	case RS_HEADER:
		if (!len && !truncated)
			return end_of_head(p);
		return parse_header_line(p, l, len, truncated);
	case RS_CHUNK_SIZE:
		return parse_chunk_size(p, l, len);
	case RS_CHUNK_END:
		if (len || truncated)
			return RESP_ERROR;
		p->state = RS_CHUNK_SIZE;
		return LINE_NEXT;
	case RS_TRAILER:
		return (!len && !truncated) ? RESP_DONE : LINE_NEXT;
	}
	return RESP_ERROR;
}

static bool head_state(uint8_t state)
{
	return state == RS_STATUS || state == RS_HEADER || state == RS_TRAILER;
}

int resp_feed(struct resp_parser *p, const char *buf, size_t len, size_t *used)
{
	size_t i = 0;

	if (len)
		p->started = true;
	while (i < len) {
		size_t avail = len - i, take;
		const char *lf;
		int r;

		switch (p->state) {
		case RS_BODY_LEN:
		case RS_CHUNK_DATA:
			take = avail < p->left ? avail : (size_t)p->left;
			p->left -= take;
			i += take;
			if (p->left)
				break;
			if (p->state == RS_BODY_LEN) {
				p->state = RS_DONE;
				*used = i;
				return RESP_DONE;
			}
			p->state = RS_CHUNK_END;
			break;
		case RS_BODY_EOF:
			i = len;
			break;
		case RS_DONE:
			/* resp_init() was not called after RESP_DONE */
			return RESP_ERROR;
		default:
			lf = memchr(buf + i, '\n', avail);
			take = lf ? (size_t)(lf - (buf + i)) : avail;
			if (p->line_len < RESP_LINE_KEEP) {
				size_t room = RESP_LINE_KEEP - p->line_len;
				size_t n = take < room ? take : room;

				memcpy(p->line + p->line_len, buf + i, n);
				p->line_len += (uint32_t)n;
			}
			if (take > RESP_LINE_MAX - p->line_raw)
				return RESP_ERROR;
			p->line_raw += (uint32_t)take;
			if (head_state(p->state)) {
				size_t n = take + (lf ? 1 : 0);

				if (n > RESP_HEAD_MAX - p->head_bytes)
					return RESP_ERROR;
				p->head_bytes += (uint32_t)n;
			}
			i += take;
			if (!lf)
				break;
			i++;
			r = process_line(p);
			p->line_len = 0;
			p->line_raw = 0;
			if (r == RESP_ERROR)
				return RESP_ERROR;
			if (r == RESP_DONE) {
				p->state = RS_DONE;
				*used = i;
				return RESP_DONE;
			}
			break;
		}
	}
	*used = len;
	return RESP_AGAIN;
}

int resp_eof(const struct resp_parser *p)
{
	return p->state == RS_BODY_EOF ? RESP_DONE : RESP_ERROR;
}

bool resp_reusable(const struct resp_parser *p)
{
	if (p->state != RS_DONE || p->status == 101 || p->conn_close)
		return false;
	return p->version_minor >= 1 || p->conn_keep_alive;
}
