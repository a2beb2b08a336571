/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Worker threads: each owns an epoll instance, its share of the
 * connections and its own stats; the only state shared between threads
 * is struct run (read-only settings, the request ticket counter and the
 * stop flag, both atomic).
 */
#ifndef HTSTRESS_WORKER_H
#define HTSTRESS_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "request.h"
#include "stats.h"

struct run {
	/* set up by main before the threads start, then read-only */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	const struct request *req;
	bool keepalive;
	uint64_t limit;			/* requests to issue; 0: none */
	uint64_t end_ns;		/* stop at this time; 0: no deadline */
	uint64_t timeout_ns;		/* per request */
	/* shared by the workers, each on its own cache line so that taking
	 * a ticket does not evict the settings above from other CPUs
	 */
	_Alignas(64) _Atomic uint64_t issued;	/* may pass limit */
	_Alignas(64) atomic_bool stop;		/* set on SIGINT/SIGTERM */
};

struct conn;

struct worker {
	struct run *run;
	pthread_t thread;
	int epfd;
	unsigned int nconns;
	unsigned int active;		/* connections not finished */
	struct conn **conns;
	char *rbuf;
	uint64_t end_ns;		/* when this worker stopped */
	struct stats stats;
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t now_ns(void);

/**
 * worker_init() - allocate @w's connections and epoll instance.
 * @w: worker, zeroed by the caller
 * @run: shared run state
 * @nconns: connections this worker drives
 *
 * Return: 0, or -1 with errno set.
 */
int worker_init(struct worker *w, struct run *run, unsigned int nconns);

/* Thread body: runs until the worker's requests are done or the run ends. */
void *worker_main(void *arg);

void worker_destroy(struct worker *w);

#endif /* HTSTRESS_WORKER_H */
