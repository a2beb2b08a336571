// SPDX-License-Identifier: GPL-2.0
/*
 * epoll-server: the benchmark's user-space baseline.  It answers every
 * request with khttpd's "GET /" response and does as little else as a
 * server can: one thread per CPU, each with its own SO_REUSEPORT listener
 * and level-triggered epoll loop, a fixed response, a request parser that
 * only looks for the blank line ending the head and for "Connection:
 * close".  It shows the best a user-space server can do on this path.
 *
 *   epoll-server [-p PORT] [-t THREADS]     (default 8083, one per CPU)
 *
 * Static build: gcc -O2 -static -pthread -o epoll-server epoll-server.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BODY		"khttpd: in-kernel HTTP/1.1 server\n"
#define HEAD_MAX	4096	/* a longer request head closes the connection */
#define EVENTS		256

/* One per accepted socket, owned by the thread whose epoll holds it. */
struct conn {
	int fd;
	bool closing;		/* answered a "Connection: close" request */
	size_t in_len;
	char in[HEAD_MAX];
	char *out;		/* unsent responses, when a write came up short */
	size_t out_len;
	size_t out_pos;
	size_t out_cap;
};

/* The response with the Date header of the current second, per thread. */
struct reply {
	time_t sec;
	char keep[256];
	size_t keep_len;
	char close[256];
	size_t close_len;
};

static int port = 8083;

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void reply_update(struct reply *r)
{
	static const char *const wday[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t now = time(NULL);
	char date[40];
	struct tm tm;

	if (now == r->sec)
		return;
	r->sec = now;
	gmtime_r(&now, &tm);
	snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d GMT",
		 wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	r->keep_len = snprintf(r->keep, sizeof(r->keep),
		"HTTP/1.1 200 OK\r\nDate: %s\r\nServer: epoll\r\n"
		"Content-Type: text/plain\r\nContent-Length: %zu\r\n\r\n%s",
		date, sizeof(BODY) - 1, BODY);
	r->close_len = snprintf(r->close, sizeof(r->close),
		"HTTP/1.1 200 OK\r\nDate: %s\r\nServer: epoll\r\n"
		"Content-Type: text/plain\r\nContent-Length: %zu\r\n"
		"Connection: close\r\n\r\n%s",
		date, sizeof(BODY) - 1, BODY);
}

static bool wants_close(const char *head, size_t len)
{
	static const char key[] = "\nconnection:";
	const char *p = head, *end = head + len;

	while ((p = memchr(p, '\n', end - p)) != NULL) {
		if ((size_t)(end - p) > sizeof(key) - 1 &&
		    !strncasecmp(p, key, sizeof(key) - 1)) {
			p += sizeof(key) - 1;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
			return end - p >= 5 && !strncasecmp(p, "close", 5);
		}
		p++;
	}
	return false;
}

static int out_append(struct conn *c, const char *data, size_t len)
{
	if (c->out_len + len > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap * 2 : 4096;
		char *p;

		while (cap < c->out_len + len)
			cap *= 2;
		p = realloc(c->out, cap);
		if (!p)
			return -1;
		c->out = p;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
	return 0;
}

/* Sends what is queued.  Returns 1 when all is sent, 0 if the socket is full. */
static int out_flush(struct conn *c)
{
	while (c->out_pos < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_pos,
				 c->out_len - c->out_pos, MSG_NOSIGNAL);

		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		c->out_pos += n;
	}
	c->out_pos = c->out_len = 0;
	return 1;
}

static void conn_free(int ep, struct conn *c)
{
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	free(c);
}

/*
 * Reads what the socket holds, answers every complete head in it, and sends
 * the answers in one write.  Returns -1 when the connection must go.
 */
static int conn_input(int ep, struct conn *c, struct reply *r)
{
	bool was_blocked = c->out_len > 0;
	ssize_t n;
	int ret;

	for (;;) {
		size_t room = sizeof(c->in) - c->in_len, used = 0;
		char *p, *end;

		n = recv(c->fd, c->in + c->in_len, room, 0);
		if (n == 0)
			return -1;
		if (n < 0) {
			if (errno == EAGAIN)
				break;
			return -1;
		}
		c->in_len += n;
		reply_update(r);
		while (!c->closing &&
		       (end = memmem(c->in + used, c->in_len - used,
				     "\r\n\r\n", 4)) != NULL) {
			p = c->in + used;
			end += 4;
			c->closing = wants_close(p, end - p);
			if (c->closing)
				ret = out_append(c, r->close, r->close_len);
			else
				ret = out_append(c, r->keep, r->keep_len);
			if (ret)
				return -1;
			used = end - c->in;
		}
		if (used) {
			memmove(c->in, c->in + used, c->in_len - used);
			c->in_len -= used;
		}
		if (c->in_len == sizeof(c->in))
			return -1;
		/* a short read drained the socket: skip the recv that says so */
		if (c->closing || (size_t)n < room)
			break;
	}
	ret = out_flush(c);
	if (ret < 0)
		return -1;
	if (ret == 0 && !was_blocked) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT,
					  .data.ptr = c };

		epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
	}
	return ret == 1 && c->closing ? -1 : 0;
}

static int conn_output(int ep, struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
	int ret = out_flush(c);

	if (ret < 0)
		return -1;
	if (ret == 1) {
		if (c->closing)
			return -1;
		epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
	}
	return 0;
}

static int listen_socket(void)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		die("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)))
		die("setsockopt");
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	if (listen(fd, 4096))
		die("listen");
	return fd;
}

static void accept_all(int ep, int lfd)
{
	int one = 1;

	for (;;) {
		struct epoll_event ev = { .events = EPOLLIN };
		struct conn *c;
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);

		if (fd < 0)
			return;	/* EAGAIN, or out of descriptors: retry later */
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		ev.data.ptr = c;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			free(c);
		}
	}
}

static void *loop(void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };
	struct epoll_event events[EVENTS];
	struct reply r = { .sec = -1 };
	int lfd = (int)(long)arg;
	int ep = epoll_create1(0);

	if (ep < 0)
		die("epoll_create1");
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev))
		die("epoll_ctl");
	reply_update(&r);
	for (;;) {
		int i, n = epoll_wait(ep, events, EVENTS, -1);

		for (i = 0; i < n; i++) {
			struct conn *c = events[i].data.ptr;
			int ret = 0;

			if (!c) {
				accept_all(ep, lfd);
				continue;
			}
			if (events[i].events & EPOLLOUT)
				ret = conn_output(ep, c);
			if (!ret && (events[i].events & (EPOLLIN | EPOLLHUP |
							 EPOLLERR)))
				ret = conn_input(ep, c, &r);
			if (ret)
				conn_free(ep, c);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t tid;
	int opt, i, *fds;

	while ((opt = getopt(argc, argv, "p:t:")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 't':
			threads = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-p PORT] [-t THREADS]\n",
				argv[0]);
			return 2;
		}
	}
	if (port <= 0 || port > 65535 || threads < 1 || threads > 1024) {
		fprintf(stderr, "%s: bad port or thread count\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* all listeners exist before the first accept, so none is left out */
	fds = calloc(threads, sizeof(*fds));
	if (!fds)
		die("calloc");
	for (i = 0; i < threads; i++)
		fds[i] = listen_socket();
	for (i = 1; i < threads; i++)
		if (pthread_create(&tid, NULL, loop, (void *)(long)fds[i]))
			die("pthread_create");
	loop((void *)(long)fds[0]);
	return 0;
}
