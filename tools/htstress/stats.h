/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters of one worker thread (owned and written by that thread only),
 * merged into one total after the threads are joined.
 */
#ifndef HTSTRESS_STATS_H
#define HTSTRESS_STATS_H

#include <stdint.h>

#include "histogram.h"

/* Why a request got no complete response. */
enum err_kind {
	ERR_CONNECT,	/* connect failed or refused */
	ERR_IO,		/* send/recv failed: reset, broken pipe */
	ERR_TIMEOUT,	/* no progress within -T */
	ERR_EOF,	/* peer closed before the response was complete */
	ERR_PROTOCOL,	/* malformed response */
	ERR_KINDS
};

/* Status classes of complete responses: [1] = 1xx ... [5] = 5xx, [0] other. */
#define STATUS_CLASSES	6

struct stats {
	uint64_t good;				/* complete 2xx */
	uint64_t bad;				/* complete, not 2xx */
	uint64_t by_class[STATUS_CLASSES];	/* complete, any status */
	uint64_t errors[ERR_KINDS];
	uint64_t bytes_in;
	uint64_t bytes_out;
	struct histogram latency;		/* ns, complete responses */
};

extern const char *const err_kind_name[ERR_KINDS];

void stats_init(struct stats *s);
void stats_merge(struct stats *dst, const struct stats *src);
void stats_response(struct stats *s, unsigned int status, uint64_t latency_ns);
uint64_t stats_errors(const struct stats *s);

static inline void stats_error(struct stats *s, enum err_kind kind,
			       uint64_t requests)
{
	s->errors[kind] += requests;
}

#endif /* HTSTRESS_STATS_H */
