// SPDX-License-Identifier: GPL-2.0
/*
 * What one readiness notification costs as the number of watched sockets
 * grows (bench/loadgen, docs/notebook.md part 3): N socket pairs, all N
 * read ends watched, one byte written to a random pair, then one wait that
 * reports it, and the byte read.  The time per round, for
 *   select    the fd_set rebuilt and scanned on every call (N < FD_SETSIZE)
 *   poll      the pollfd array passed and scanned on every call
 *   epoll     level-triggered, registered once (as htstress uses it)
 *   epoll-et  edge-triggered: the reader must drain to EAGAIN, one more
 *             read() per wake-up
 *
 *   readiness MODE N      prints "readiness mode=M n=N rounds=K ns=T"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n, rounds, i, r, ep = -1, maxfd = 0, et;
	int *rd, *wr;
	struct pollfd *pfd = NULL;
	const char *mode;
	double t0, t1;
	char c = 'x';

	if (argc != 3)
		goto usage;
	mode = argv[1];
	n = atoi(argv[2]);
	et = !strcmp(mode, "epoll-et");
	if (n < 1 || (strcmp(mode, "select") && strcmp(mode, "poll") &&
		      strcmp(mode, "epoll") && !et))
		goto usage;
	/* about the same total work at every N, within bounds */
	rounds = 400000 / n;
	rounds = rounds < 300 ? 300 : rounds > 20000 ? 20000 : rounds;
	rd = calloc((size_t)n, sizeof(*rd));
	wr = calloc((size_t)n, sizeof(*wr));
	pfd = calloc((size_t)n, sizeof(*pfd));
	if (!rd || !wr || !pfd)
		return 1;
	if (mode[0] == 'e')
		ep = epoll_create1(0);
	for (i = 0; i < n; i++) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
			perror("socketpair");
			return 1;
		}
		rd[i] = sv[0];
		wr[i] = sv[1];
		fcntl(rd[i], F_SETFL, O_NONBLOCK);
		maxfd = rd[i] > maxfd ? rd[i] : maxfd;
		pfd[i].fd = rd[i];
		pfd[i].events = POLLIN;
		if (ep >= 0) {
			struct epoll_event ev = {
				.events = EPOLLIN | (et ? EPOLLET : 0),
				.data.u32 = (unsigned int)i,
			};

			if (epoll_ctl(ep, EPOLL_CTL_ADD, rd[i], &ev)) {
				perror("epoll_ctl");
				return 1;
			}
		}
	}
	if (!strcmp(mode, "select") && maxfd >= FD_SETSIZE) {
		fprintf(stderr, "readiness: select cannot watch fd %d (FD_SETSIZE %d)\n",
			maxfd, FD_SETSIZE);
		return 3;
	}

	srand(1);
	t0 = now_s();
	for (r = 0; r < rounds; r++) {
		int k = rand() % n, got = -1;

		if (write(wr[k], &c, 1) != 1)
			return 1;
		if (mode[0] == 's') {
			fd_set set;

			FD_ZERO(&set);
			for (i = 0; i < n; i++)
				FD_SET(rd[i], &set);
			if (select(maxfd + 1, &set, NULL, NULL, NULL) < 1)
				return 1;
			for (i = 0; i < n && got < 0; i++)
				if (FD_ISSET(rd[i], &set))
					got = i;
		} else if (mode[0] == 'p') {
			if (poll(pfd, (nfds_t)n, -1) < 1)
				return 1;
			for (i = 0; i < n && got < 0; i++)
				if (pfd[i].revents & POLLIN)
					got = i;
		} else {
			struct epoll_event ev;

			if (epoll_wait(ep, &ev, 1, -1) != 1)
				return 1;
			got = (int)ev.data.u32;
		}
		if (got != k || read(rd[got], &c, 1) != 1)
			return 1;
		/* edge-triggered: no new edge unless drained to EAGAIN */
		if (et && (read(rd[got], &c, 1) != -1 || errno != EAGAIN))
			return 1;
	}
	t1 = now_s();
	printf("readiness mode=%s n=%d rounds=%d ns=%.0f\n", mode, n, rounds,
	       (t1 - t0) * 1e9 / rounds);
	return 0;
usage:
	fprintf(stderr, "usage: readiness select|poll|epoll|epoll-et N\n");
	return 2;
}
