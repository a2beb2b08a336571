// SPDX-License-Identifier: GPL-2.0
#include "stats.h"

#include <string.h>

const char *const err_kind_name[ERR_KINDS] = {
	[ERR_CONNECT] = "connect",
	[ERR_IO] = "io",
	[ERR_TIMEOUT] = "timeout",
	[ERR_EOF] = "eof",
	[ERR_PROTOCOL] = "protocol",
};

void stats_init(struct stats *s)
{
	memset(s, 0, sizeof(*s));
	hist_init(&s->latency);
}

void stats_merge(struct stats *dst, const struct stats *src)
{
	unsigned int i;

	dst->good += src->good;
	dst->bad += src->bad;
	for (i = 0; i < STATUS_CLASSES; i++)
		dst->by_class[i] += src->by_class[i];
	for (i = 0; i < ERR_KINDS; i++)
		dst->errors[i] += src->errors[i];
	dst->bytes_in += src->bytes_in;
	dst->bytes_out += src->bytes_out;
	hist_merge(&dst->latency, &src->latency);
}

void stats_response(struct stats *s, unsigned int status, uint64_t latency_ns)
{
	unsigned int class = status / 100;

	if (class >= STATUS_CLASSES)
		class = 0;
	s->by_class[class]++;
	if (class == 2)
		s->good++;
	else
		s->bad++;
	hist_record(&s->latency, latency_ns);
}

uint64_t stats_errors(const struct stats *s)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < ERR_KINDS; i++)
		n += s->errors[i];
	return n;
}
