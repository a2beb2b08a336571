/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Incremental HTTP/1.x response parser for htstress.
 *
 * Streaming: bytes may be fed split at any boundary and are never kept,
 * except the current line (status line, header line, chunk-size line),
 * of which only a bounded prefix is stored.  One parser per connection,
 * reset with resp_init() before each response; owned by that connection.
 */
#ifndef HTSTRESS_RESPONSE_H
#define HTSTRESS_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RESP_AGAIN	0	/* all input used, response not complete */
#define RESP_DONE	1	/* response complete after *used bytes */
#define RESP_ERROR	(-1)	/* malformed: the connection is lost */

/* Stored prefix of a line; longer lines are only scanned. */
#define RESP_LINE_KEEP	512
/* Longest line accepted at all, and the largest head (with interim 1xx). */
#define RESP_LINE_MAX	(64 * 1024)
#define RESP_HEAD_MAX	(256 * 1024)

struct resp_parser {
	uint8_t state;
	bool head_request;	/* response to HEAD: never a body */
	bool started;		/* a byte of this response was received */
	/* from the head of the final response */
	uint16_t status;
	uint8_t version_minor;
	bool conn_close;
	bool conn_keep_alive;
	bool te_present;
	bool te_chunked;	/* chunked is the final transfer coding */
	bool has_length;
	uint64_t content_length;
	/* body progress: bytes left of the body or of the current chunk */
	uint64_t left;
	/* current line */
	uint32_t line_len;	/* stored bytes, at most RESP_LINE_KEEP */
	uint32_t line_raw;	/* bytes seen on this line */
	uint32_t head_bytes;
	char line[RESP_LINE_KEEP];
};

/**
 * resp_init() - prepare @p for the response to the next request.
 * @p: parser
 * @head_request: the request was HEAD, so the response has no body
 */
void resp_init(struct resp_parser *p, bool head_request);

/**
 * resp_feed() - consume response bytes.
 * @p: parser
 * @buf: received bytes
 * @len: number of bytes in @buf
 * @used: set to the bytes of @buf that belong to this response
 *
 * Return: RESP_AGAIN (*@used == @len), RESP_DONE (the response ended after
 * *@used bytes; the rest belongs to the next response) or RESP_ERROR.
 */
int resp_feed(struct resp_parser *p, const char *buf, size_t len, size_t *used);

/**
 * resp_eof() - the peer closed the connection.
 * @p: parser
 *
 * Return: RESP_DONE if that completes a body delimited by the close,
 * RESP_ERROR otherwise (the response is truncated or never started).
 */
int resp_eof(const struct resp_parser *p);

/**
 * resp_reusable() - may the connection carry another request?
 * @p: parser, after RESP_DONE
 *
 * False after "Connection: close", an HTTP/1.0 response without
 * keep-alive, a body delimited by close, or a protocol switch.
 */
bool resp_reusable(const struct resp_parser *p);

#endif /* HTSTRESS_RESPONSE_H */
