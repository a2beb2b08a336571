/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the request parser: what http_parser.c (heads) and http_body.c
 * (bodies) share, and nothing else includes.
 */
#ifndef KHTTPD_HTTP_PARSER_INT_H
#define KHTTPD_HTTP_PARSER_INT_H

#include "http_parser.h"

/* struct kh_http_parser.state */
enum {
	/* the head, first pass */
	ST_START,	/* before the request-line: empty lines are skipped */
	ST_START_LF,
	ST_METHOD,
	ST_TARGET0,
	ST_TARGET,
	ST_VERSION,
	ST_RL_LF,
	ST_FIELD0,	/* start of a field line, or of the final CRLF */
	ST_NAME,
	ST_VALUE,
	ST_FIELD_LF,
	ST_END_LF,
	/* after the head */
	ST_BODY_LENGTH,
	ST_BODY_CHUNKED,
	ST_COMPLETE,	/* request done; kh_http_parser_init() next */
	ST_ERROR,
};

/* struct kh_http_parser.chunk_state */
enum {
	CH_SIZE0,	/* first hex digit of a chunk-size */
	CH_SIZE,
	CH_SIZE_WS,	/* BWS after the size: only ';' may follow */
	CH_EXT_NAME0,
	CH_EXT_NAME,
	CH_EXT_NAME_WS,
	CH_EXT_VAL0,
	CH_EXT_TOKEN,
	CH_EXT_QUOTED,
	CH_EXT_QPAIR,
	CH_EXT_AFTER_QS,
	CH_EXT_WS,	/* BWS after a value: only ';' may follow */
	CH_SIZE_LF,
	CH_DATA,
	CH_DATA_CR,
	CH_DATA_LF,
	CH_TR0,		/* start of a trailer line, or of the final CRLF */
	CH_TR_NAME,
	CH_TR_VALUE,
	CH_TR_LF,
	CH_TR_END_LF,
};

/* tchar (RFC 9110 §5.6.2) */
extern const bool kh_http_tchar[256];

static inline bool kh_http_is_ws(u8 c)
{
	return c == ' ' || c == '\t';
}

/* field-vchar, SP or HTAB (RFC 9110 §5.5): obs-text allowed, CTLs not */
static inline bool kh_http_is_field_char(u8 c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* qdtext (RFC 9110 §5.6.4) */
static inline bool kh_http_is_qdtext(u8 c)
{
	return kh_http_is_field_char(c) && c != '"' && c != '\\';
}

static inline int kh_http_fail(struct kh_http_parser *p, int status)
{
	p->state = ST_ERROR;
	p->error = status;
	return status;
}

#endif /* KHTTPD_HTTP_PARSER_INT_H */
