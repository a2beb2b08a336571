// SPDX-License-Identifier: GPL-2.0
/*
 * An open-loop HTTP/1.1 client for bench/loadgen: request i is due at
 * start + i / RATE whatever the server does, and its latency runs from that
 * due time to the last byte of its answer.  A stalled server therefore
 * delays every request that fell due during the stall, which is what its
 * users would have seen; a closed-loop client (htstress, wrk) instead stops
 * sending while its connections wait, and records one slow request per
 * connection: coordinated omission.  The latency from the actual send (what
 * a closed-loop client measures) is reported beside it.
 *
 *   openloop -r RATE -d SEC [-c CONNS] [-o LOG] PORT [PATH]
 *
 * 127.0.0.1 only, keep-alive, up to CONNS connections (default 64) opened
 * at the start; a due request waits for a free connection.  The answer must
 * carry Content-Length.  Prints one line:
 *   openloop rate=R sent=N done=N errors=N corrected_us p50=.. p90=.. p99=..
 *   p999=.. max=.. send_us p50=.. p90=.. p99=.. p999=.. max=..
 * -o LOG writes "due_ms corrected_us send_us" per request.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
	int fd;
	int busy;		/* a request is in flight */
	uint64_t due, sent;	/* ns: when it was due, when it was written */
	char buf[4096];
	size_t len;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t pct(const uint64_t *v, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	i = (size_t)(p * (double)n);
	return v[i >= n ? n - 1 : i];
}

static void print_dist(const char *name, uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	printf(" %s p50=%llu p90=%llu p99=%llu p999=%llu max=%llu", name,
	       (unsigned long long)pct(v, n, 0.50) / 1000,
	       (unsigned long long)pct(v, n, 0.90) / 1000,
	       (unsigned long long)pct(v, n, 0.99) / 1000,
	       (unsigned long long)pct(v, n, 0.999) / 1000,
	       (unsigned long long)(n ? v[n - 1] : 0) / 1000);
}

static int open_conn(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* 1: a whole answer is in c->buf (consumed), 0: not yet, -1: malformed */
static int answer_done(struct conn *c)
{
	char *end, *cl;
	size_t head, total;

	c->buf[c->len] = '\0';
	end = strstr(c->buf, "\r\n\r\n");
	if (!end)
		return c->len >= sizeof(c->buf) - 1 ? -1 : 0;
	head = (size_t)(end - c->buf) + 4;
	cl = strcasestr(c->buf, "\r\nContent-Length:");
	if (!cl || cl > end)
		return -1;
	total = head + strtoul(cl + 17, NULL, 10);
	if (total >= sizeof(c->buf))
		return -1;
	if (c->len < total)
		return 0;
	memmove(c->buf, c->buf + total, c->len - total);
	c->len -= total;
	return 1;
}

int main(int argc, char **argv)
{
	double rate = 0, dur = 0;
	int nconn = 64, port, opt, ep, i;
	const char *path = "/", *logname = NULL;
	char req[512];
	size_t reqlen, cap, done = 0, sent = 0, errors = 0;
	uint64_t *corr, *raw, *due_at, start, end, next;
	struct conn *conns;
	FILE *logf = NULL;

	while ((opt = getopt(argc, argv, "r:d:c:o:")) != -1) {
		switch (opt) {
		case 'r': rate = atof(optarg); break;
		case 'd': dur = atof(optarg); break;
		case 'c': nconn = atoi(optarg); break;
		case 'o': logname = optarg; break;
		default: goto usage;
		}
	}
	if (optind >= argc || rate <= 0 || dur <= 0 || nconn < 1)
		goto usage;
	port = atoi(argv[optind]);
	if (optind + 1 < argc)
		path = argv[optind + 1];
	reqlen = (size_t)snprintf(req, sizeof(req),
				  "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
	cap = (size_t)(rate * dur) + 1;
	corr = calloc(cap, sizeof(*corr));
	raw = calloc(cap, sizeof(*raw));
	due_at = calloc(cap, sizeof(*due_at));
	conns = calloc((size_t)nconn, sizeof(*conns));
	ep = epoll_create1(0);
	if (!corr || !raw || !due_at || !conns || ep < 0) {
		perror("openloop: setup");
		return 1;
	}
	for (i = 0; i < nconn; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };

		conns[i].fd = open_conn(port);
		if (conns[i].fd < 0 ||
		    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev)) {
			perror("openloop: connect");
			return 1;
		}
	}

	start = now_ns();
	end = start + (uint64_t)(dur * 1e9);
	/* until every request that fell due got its answer (or 30 s more) */
	while (done + errors < cap && now_ns() < end + 30000000000ull) {
		struct epoll_event evs[64];
		uint64_t t = now_ns();
		int n, timeout_ms;

		/* send every due request a free connection can take */
		for (i = 0; i < nconn && sent < cap; i++) {
			next = start + (uint64_t)((double)sent * 1e9 / rate);
			if (next > t)
				break;
			if (conns[i].busy || conns[i].fd < 0)
				continue;
			if (write(conns[i].fd, req, reqlen) != (ssize_t)reqlen) {
				errors++;
				sent++;
				continue;
			}
			conns[i].busy = 1;
			conns[i].due = next;
			conns[i].sent = now_ns();
			sent++;
			i = -1;		/* the next due one may take any free one */
		}
		next = start + (uint64_t)((double)sent * 1e9 / rate);
		t = now_ns();
		timeout_ms = sent >= cap ? 100 :
			     next > t ? (int)((next - t) / 1000000) : 0;
		n = epoll_wait(ep, evs, 64, timeout_ms);
		for (i = 0; i < n; i++) {
			struct conn *c = &conns[evs[i].data.u32];
			ssize_t r = read(c->fd, c->buf + c->len,
					 sizeof(c->buf) - 1 - c->len);
			int a;

			if (r <= 0) {
				if (r < 0 && errno == EAGAIN)
					continue;
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
				close(c->fd);
				c->fd = -1;
				errors += c->busy;
				c->busy = 0;
				continue;
			}
			c->len += (size_t)r;
			while (c->busy && (a = answer_done(c)) != 0) {
				uint64_t fin = now_ns();

				if (a < 0) {
					errors++;
					c->busy = 0;
					break;
				}
				corr[done] = fin - c->due;
				raw[done] = fin - c->sent;
				due_at[done] = c->due - start;
				done++;
				c->busy = 0;
			}
		}
	}

	if (logname) {
		logf = fopen(logname, "w");
		if (!logf) {
			perror(logname);
			return 1;
		}
		for (size_t k = 0; k < done; k++)
			fprintf(logf, "%.3f %llu %llu\n", due_at[k] / 1e6,
				(unsigned long long)corr[k] / 1000,
				(unsigned long long)raw[k] / 1000);
		fclose(logf);
	}
	printf("openloop rate=%.0f sent=%zu done=%zu errors=%zu", rate, sent,
	       done, errors);
	print_dist("corrected_us", corr, done);
	print_dist("send_us", raw, done);
	printf("\n");
	return 0;
usage:
	fprintf(stderr, "usage: openloop -r RATE -d SEC [-c CONNS] [-o LOG] PORT [PATH]\n");
	return 2;
}
