/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log-linear latency histogram (the HdrHistogram layout): values below
 * 2^HIST_BITS are exact, larger ones keep their top HIST_BITS bits, so a
 * bucket is at most 1/128 of its value wide and its midpoint is within
 * 0.4% of any value in it.  Fixed size, whatever the number of samples.
 * One per worker thread, merged after the run; no locking.
 */
#ifndef HTSTRESS_HISTOGRAM_H
#define HTSTRESS_HISTOGRAM_H

#include <stdint.h>

#define HIST_BITS	8
#define HIST_HALF	(1u << (HIST_BITS - 1))
#define HIST_BUCKETS	((64 - HIST_BITS + 2) * HIST_HALF)

struct histogram {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	uint64_t sum;		/* for the mean; wraps after ~584 years */
	uint64_t buckets[HIST_BUCKETS];
};

void hist_init(struct histogram *h);
void hist_record(struct histogram *h, uint64_t v);
void hist_merge(struct histogram *dst, const struct histogram *src);

/**
 * hist_percentile() - the value at percentile @pct (0 < @pct <= 100).
 * @h: histogram
 * @pct: percentile
 *
 * Return: the midpoint of the bucket holding the sample of that rank,
 * clamped to the exact min and max (which the first and last rank get
 * exactly); 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct histogram *h, double pct);

#endif /* HTSTRESS_HISTOGRAM_H */
