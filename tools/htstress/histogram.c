// SPDX-License-Identifier: GPL-2.0
#include "histogram.h"

#include <string.h>

static unsigned int bucket_of(uint64_t v)
{
	unsigned int shift;

	if (v < (1u << HIST_BITS))
		return (unsigned int)v;
	/* shift drops all but the top HIST_BITS bits: v >> shift is in
	 * [HIST_HALF, 2 * HIST_HALF), and buckets of one shift are contiguous.
	 */
	shift = (unsigned int)(63 - __builtin_clzll(v)) - (HIST_BITS - 1);
	return shift * HIST_HALF + (unsigned int)(v >> shift);
}

static uint64_t bucket_mid(unsigned int b)
{
	unsigned int shift;
	uint64_t low;

	if (b < (1u << HIST_BITS))
		return b;
	shift = b / HIST_HALF - 1;
	low = (uint64_t)(b - shift * HIST_HALF) << shift;
	return low + ((1ull << shift) - 1) / 2;
}

void hist_init(struct histogram *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

void hist_record(struct histogram *h, uint64_t v)
{
	h->buckets[bucket_of(v)]++;
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

void hist_merge(struct histogram *dst, const struct histogram *src)
{
	unsigned int i;

	if (!src->count)
		return;
	for (i = 0; i < HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t hist_percentile(const struct histogram *h, double pct)
{
	uint64_t rank, seen = 0, v;
	unsigned int i;

	if (!h->count)
		return 0;
	rank = (uint64_t)(pct / 100.0 * (double)h->count + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank >= h->count)
		return h->max;
	if (rank == 1)
		return h->min;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			break;
	}
	v = bucket_mid(i);
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}
