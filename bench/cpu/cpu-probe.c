// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-probe: what the machine leaves to ordinary user space, for bench/cpu.
 *
 *   cpu-probe SECONDS
 *
 * Runs two threads at nice 0 for SECONDS and prints one line:
 *   hog_mloops M wake_n N wake_p50_us A wake_p99_us B wake_max_us C
 * hog_mloops: millions of iterations of a CPU-bound loop, the share of CPU
 * a batch task gets (compare with the figure of an idle machine);
 * wake_*: how late an interactive task wakes from a 1 ms sleep (an sshd or
 * shell waiting for input), percentiles over N wake-ups.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile int stop;
static uint64_t loops;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void *hog(void *arg)
{
	uint64_t n = 0;

	(void)arg;
	while (!stop) {
		for (int i = 0; i < 1000; i++)
			__asm__ volatile("" ::: "memory");
		n++;
	}
	loops = n;
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 5;
	size_t cap = (size_t)(secs * 1000) + 16, n = 0;
	uint64_t *late = calloc(cap, sizeof(*late));
	uint64_t end = now_ns() + (uint64_t)(secs * 1e9);
	pthread_t t;

	if (!late || secs <= 0 || pthread_create(&t, NULL, hog, NULL)) {
		fprintf(stderr, "usage: cpu-probe SECONDS\n");
		return 2;
	}
	while (n < cap) {
		struct timespec d = { 0, 1000000 };
		uint64_t t0 = now_ns(), t1;

		if (t0 >= end)
			break;
		clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL);
		t1 = now_ns();
		late[n++] = t1 - t0 > 1000000 ? (t1 - t0 - 1000000) / 1000 : 0;
	}
	stop = 1;
	pthread_join(t, NULL);
	qsort(late, n, sizeof(*late), cmp);
	printf("hog_mloops %.3f wake_n %zu wake_p50_us %llu wake_p99_us %llu wake_max_us %llu\n",
	       loops / 1e3, n, n ? (unsigned long long)late[n / 2] : 0ULL,
	       n ? (unsigned long long)late[n * 99 / 100] : 0ULL,
	       n ? (unsigned long long)late[n - 1] : 0ULL);
	free(late);
	return 0;
}
