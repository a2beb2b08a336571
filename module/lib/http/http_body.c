// SPDX-License-Identifier: GPL-2.0
/*
 * Request bodies, for the request parser (http_parser.c): counted down by
 * Content-Length, or decoded chunk by chunk (RFC 9112 §7.1) with the
 * chunk-size, extension and trailer syntax checked byte by byte, resuming
 * where the previous call stopped.  The server discards bodies: this only
 * finds where each one ends, within the limits.
 */
#include "http_parser.h"
#include "http_parser_int.h"
#include "http_path.h"

/*
 * Framing bytes a chunked body may spend (chunk-size lines, extensions,
 * CRLFs): this much plus 8 per data byte received.  Real senders use a few
 * bytes per chunk; the bound keeps a stream of tiny chunks or endless
 * extensions from costing more than a few times max_body.
 */
#define CHUNK_FRAMING_SLACK	(64 * 1024)
#define CHUNK_FRAMING_PER_BYTE	8

/*
 * Adds hex digit @d to the chunk-size being read into body_left.  A size
 * that no signed 64-bit length can hold is invalid framing (400), seen at
 * the digit that overflows; whether a valid size fits the body limit is
 * decided once the size has ended (chunk_size_end()).
 */
static int chunk_size_digit(struct kh_http_parser *p, int d)
{
	if (p->body_left > (KH_HTTP_LENGTH_MAX - d) >> 4)
		return -400;
	p->body_left = p->body_left << 4 | d;
	return 0;
}

/* The chunk-size has ended: over the body limit, with what came before? */
static int chunk_size_end(struct kh_http_parser *p)
{
	return p->body_left > p->limits->max_body - p->body_total ? -413 : 0;
}

static int chunk_ext_byte(struct kh_http_parser *p, u8 c)
{
	switch (p->chunk_state) {
	case CH_SIZE_WS:
	case CH_EXT_WS:
		if (kh_http_is_ws(c))
			return 0;
		if (c != ';')
			return -400;
		p->chunk_state = CH_EXT_NAME0;
		return 0;
	case CH_EXT_NAME0:
		if (kh_http_is_ws(c))
			return 0;
		if (!kh_http_tchar[c])
			return -400;
		p->chunk_state = CH_EXT_NAME;
		return 0;
	case CH_EXT_NAME:
	case CH_EXT_NAME_WS:
		if (kh_http_tchar[c] && p->chunk_state == CH_EXT_NAME)
			return 0;
		if (kh_http_is_ws(c))
			p->chunk_state = CH_EXT_NAME_WS;
		else if (c == '=')
			p->chunk_state = CH_EXT_VAL0;
		else if (c == ';')
			p->chunk_state = CH_EXT_NAME0;
		else if (c == '\r' && p->chunk_state == CH_EXT_NAME)
			p->chunk_state = CH_SIZE_LF;
		else
			return -400;
		return 0;
	case CH_EXT_VAL0:
		if (kh_http_is_ws(c))
			return 0;
		if (c == '"')
			p->chunk_state = CH_EXT_QUOTED;
		else if (kh_http_tchar[c])
			p->chunk_state = CH_EXT_TOKEN;
		else
			return -400;
		return 0;
	case CH_EXT_QUOTED:
		if (c == '"')
			p->chunk_state = CH_EXT_AFTER_QS;
		else if (c == '\\')
			p->chunk_state = CH_EXT_QPAIR;
		else if (!kh_http_is_qdtext(c))
			return -400;
		return 0;
	case CH_EXT_QPAIR:
		if (!kh_http_is_field_char(c))
			return -400;
		p->chunk_state = CH_EXT_QUOTED;
		return 0;
	case CH_EXT_TOKEN:
	case CH_EXT_AFTER_QS:
		if (kh_http_tchar[c] && p->chunk_state == CH_EXT_TOKEN)
			return 0;
		if (kh_http_is_ws(c))
			p->chunk_state = CH_EXT_WS;
		else if (c == ';')
			p->chunk_state = CH_EXT_NAME0;
		else if (c == '\r')
			p->chunk_state = CH_SIZE_LF;
		else
			return -400;
		return 0;
	}
	return -400;
}

/* Counts a framing byte against the budget that data bytes earn. */
static bool chunk_framing_ok(struct kh_http_parser *p)
{
	u64 excess;

	if (++p->chunk_framing <= CHUNK_FRAMING_SLACK)
		return true;
	excess = p->chunk_framing - CHUNK_FRAMING_SLACK;
	return excess / CHUNK_FRAMING_PER_BYTE <= p->body_total;
}

/* One byte of chunked framing or trailer (RFC 9112 §7.1). */
static int chunk_byte(struct kh_http_parser *p, u8 c)
{
	const struct kh_http_limits *lim = p->limits;
	int d;

	if (p->chunk_state >= CH_TR0) {
		if (++p->trailer_bytes > lim->max_header_bytes)
			return -413;
	} else if (!chunk_framing_ok(p)) {
		return -413;
	}

	switch (p->chunk_state) {
	case CH_SIZE0:
	case CH_SIZE:
		d = kh_http_hex_digit(c);
		if (d >= 0) {
			p->chunk_state = CH_SIZE;
			return chunk_size_digit(p, d);
		}
		if (p->chunk_state == CH_SIZE0)
			return -400;
		if (c != ';' && !kh_http_is_ws(c) && c != '\r')
			return -400;
		if (chunk_size_end(p))
			return -413;
		if (c == ';')
			p->chunk_state = CH_EXT_NAME0;
		else if (kh_http_is_ws(c))
			p->chunk_state = CH_SIZE_WS;
		else
			p->chunk_state = CH_SIZE_LF;
		return 0;
	case CH_SIZE_LF:
		if (c != '\n')
			return -400;
		if (p->body_left) {
			p->body_total += p->body_left;
			p->chunk_state = CH_DATA;
		} else {
			p->chunk_state = CH_TR0;
		}
		return 0;
	case CH_DATA_CR:
		if (c != '\r')
			return -400;
		p->chunk_state = CH_DATA_LF;
		return 0;
	case CH_DATA_LF:
		if (c != '\n')
			return -400;
		p->chunk_state = CH_SIZE0;
		return 0;
	case CH_TR0:
		if (c == '\r') {
			p->chunk_state = CH_TR_END_LF;
			return 0;
		}
		if (!kh_http_tchar[c])
			return -400;
		if (++p->trailers > lim->max_headers)
			return -413;
		p->chunk_state = CH_TR_NAME;
		return 0;
	case CH_TR_NAME:
		if (c == ':')
			p->chunk_state = CH_TR_VALUE;
		else if (!kh_http_tchar[c])
			return -400;
		return 0;
	case CH_TR_VALUE:
		if (c == '\r')
			p->chunk_state = CH_TR_LF;
		else if (!kh_http_is_field_char(c))
			return -400;
		return 0;
	case CH_TR_LF:
		if (c != '\n')
			return -400;
		p->chunk_state = CH_TR0;
		return 0;
	case CH_TR_END_LF:
		return c == '\n' ? HTTP_PARSE_DONE : -400;
	}
	return chunk_ext_byte(p, c);
}

static int chunked_body(struct kh_http_parser *p, const char *buf, size_t len,
			size_t *consumed)
{
	size_t i = 0, n;
	int ret = HTTP_PARSE_AGAIN;

	while (i < len) {
		if (p->chunk_state == CH_DATA) {
			n = len - i;
			if (n > p->body_left)
				n = p->body_left;
			i += n;
			p->body_left -= n;
			if (!p->body_left)
				p->chunk_state = CH_DATA_CR;
			continue;
		}
		ret = chunk_byte(p, buf[i++]);
		if (ret)
			break;
	}
	*consumed = i;
	if (ret < 0)
		return kh_http_fail(p, ret);
	if (ret == HTTP_PARSE_DONE)
		p->state = ST_COMPLETE;
	return ret;
}

/**
 * kh_http_parse_body() - consume (and discard) body bytes of a request.
 * @p: parser state, after kh_http_parse_head() returned DONE
 * @buf: bytes after the head, or after what previous calls consumed
 * @len: number of bytes in @buf
 * @consumed: bytes of @buf that belonged to the body
 *
 * A request without a body is complete at once (DONE, nothing consumed).
 *
 * Return: HTTP_PARSE_AGAIN, HTTP_PARSE_DONE, or a negative HTTP status.
 */
int kh_http_parse_body(struct kh_http_parser *p, const char *buf, size_t len,
		       size_t *consumed)
{
	size_t n;

	*consumed = 0;
	switch (p->state) {
	case ST_COMPLETE:
		return HTTP_PARSE_DONE;
	case ST_ERROR:
		return p->error;
	case ST_BODY_LENGTH:
		n = len < p->body_left ? len : p->body_left;
		p->body_left -= n;
		p->body_total += n;
		*consumed = n;
		if (p->body_left)
			return HTTP_PARSE_AGAIN;
		p->state = ST_COMPLETE;
		return HTTP_PARSE_DONE;
	case ST_BODY_CHUNKED:
		return chunked_body(p, buf, len, consumed);
	}
	return kh_http_fail(p, -400);	/* no head parsed yet */
}
