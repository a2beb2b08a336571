// SPDX-License-Identifier: GPL-2.0
/*
 * httpraw: the VM tests' raw HTTP client, for what curl will not send.
 *
 *   httpraw [-p PORT] [-a ADDR] [-d MS] [-t SECONDS] [-n] [-s BYTES] DATA
 *	Sends DATA (C escapes \r \n \t \0 \xHH \\ understood), one byte every
 *	MS milliseconds with -d, or in pieces of BYTES with -s; then reads
 *	until the server closes or the timeout, and prints what came back.
 *	-n: do not half-close after sending.  -f FILE: send FILE's bytes
 *	as they are instead of DATA.  Exit 0 if the server closed,
 *	2 on timeout, 1 on error.
 *   httpraw -I COUNT -t SECONDS [-p PORT]
 *	Opens COUNT idle connections, prints "open COUNT", holds them for
 *	SECONDS (or until stdin closes with -t 0), prints how many the server
 *	closed meanwhile, exits; sooner if the server closed them all.
 *   httpraw -L COUNT -r BYTES -t SECONDS DATA
 *	Slow readers: COUNT connections with a small receive buffer each
 *	send DATA, read the first BYTES of the answer and then read no more;
 *	prints "status200 N status503 N other N" from those first bytes, then,
 *	after SECONDS (or once the server closed them all), "closed N": how
 *	many the server closed or reset meanwhile.
 *   httpraw -P BYTES -G FILE [-t SECONDS] DATA
 *	A reader that pauses: with a small receive buffer, sends DATA, reads
 *	the answer's head and the first BYTES of its body, prints "paused"
 *	on stderr, waits until FILE exists, then reads until the server
 *	closes.  The body goes to stdout; stderr ends with "status S length
 *	L body B" (L is Content-Length, -1 without one).  Exit 0 if the
 *	server closed, 2 on timeout, 1 on error.
 *   httpraw -R REPEAT [-w MS] DATA
 *	Sends DATA REPEAT times on one connection (a big head, many headers),
 *	pausing MS milliseconds between repetitions with -w.
 */
#define _GNU_SOURCE	/* POLLRDHUP */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *addr = "127.0.0.1";
static int port = 8081;

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t unescape(const char *in, char *out)
{
	size_t n = 0;

	while (*in) {
		if (*in != '\\' || !in[1]) {
			out[n++] = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'r': out[n++] = '\r'; in++; break;
		case 'n': out[n++] = '\n'; in++; break;
		case 't': out[n++] = '\t'; in++; break;
		case '0': out[n++] = '\0'; in++; break;
		case 'x':
			if (hexval(in[1]) >= 0 && hexval(in[2]) >= 0) {
				out[n++] = hexval(in[1]) * 16 + hexval(in[2]);
				in += 3;
				break;
			}
			/* fall through */
		default: out[n++] = *in++; break;
		}
	}
	return n;
}

/* Connect @fd to the server; return it, or -1 (closed). */
static int connect_fd(int fd)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sin.sin_port = htons(port);
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int connect_server(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	return fd < 0 ? -1 : connect_fd(fd);
}

static int send_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = send(fd, p, len, MSG_NOSIGNAL);

		if (w < 0)
			return -1;
		p += w;
		len -= w;
	}
	return 0;
}

/* Print what the server sends until it closes (0) or timeout (2). */
static int drain(int fd, int timeout_s)
{
	char buf[65536];
	time_t end = time(NULL) + timeout_s;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int left = (int)(end - time(NULL));
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, left * 1000) == 0)
			return 2;
		r = recv(fd, buf, sizeof(buf), 0);
		if (r == 0)
			return 0;
		if (r < 0)
			return errno == ECONNRESET ? 0 : 1;
		fwrite(buf, 1, r, stdout);
		fflush(stdout);
	}
}

/*
 * The server closed connection @i (EOF or reset): count it once.  Only a
 * readable socket is asked, and a byte the server sent is consumed.
 */
static int check_closed(const int *fds, char *gone, long i)
{
	ssize_t r;
	char c;

	if (gone[i])
		return 0;
	do
		r = recv(fds[i], &c, 1, MSG_DONTWAIT);
	while (r == 1);
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	gone[i] = 1;
	return 1;
}

/*
 * Wait until @deadline or until every connection is closed.  epoll, so that
 * holding 10,000 quiet connections costs nothing: the benchmarks measure
 * other clients beside them.
 */
static long wait_closed(const int *fds, char *gone, long count,
			time_t deadline)
{
	struct epoll_event ev[64];
	long i, closed = 0;
	int ep = epoll_create1(0);

	if (ep < 0)
		return -1;
	for (i = 0; i < count; i++) {
		struct epoll_event e = { .events = EPOLLIN | EPOLLRDHUP,
					 .data.u64 = (uint64_t)i };

		if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e) < 0) {
			close(ep);
			return -1;
		}
	}
	while (closed < count) {
		long left = (long)(deadline - time(NULL));
		int n, k;

		if (left <= 0)
			break;
		n = epoll_wait(ep, ev, 64, left > 1 ? 1000 : (int)left * 1000);
		for (k = 0; k < n; k++) {
			i = (long)ev[k].data.u64;
			if (check_closed(fds, gone, i)) {
				epoll_ctl(ep, EPOLL_CTL_DEL, fds[i], NULL);
				closed++;
			}
		}
	}
	close(ep);
	return closed;
}

static int idle_mode(long count, int seconds)
{
	struct rlimit rl = { count + 64, count + 64 };
	int *fds = calloc(count, sizeof(int));
	char *gone = calloc(count, 1);
	time_t deadline = time(NULL) + seconds;
	long i, closed = 0;
	char c;

	if (!fds || !gone)
		return 1;
	setrlimit(RLIMIT_NOFILE, &rl);
	for (i = 0; i < count; i++) {
		fds[i] = connect_server();
		if (fds[i] < 0) {
			fprintf(stderr, "connect %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	printf("open %ld\n", count);
	fflush(stdout);
	if (seconds > 0) {
		/* until the deadline, or sooner once the server closed all */
		closed = wait_closed(fds, gone, count, deadline);
		if (closed < 0) {
			perror("epoll");
			return 1;
		}
	} else {
		while (read(0, &c, 1) > 0)
			;
		/* what is readable now is closed (the idle server sends nothing) */
		for (i = 0; i < count; i++) {
			struct pollfd pfd = { .fd = fds[i], .events = POLLIN };

			if (poll(&pfd, 1, 0) == 1)
				closed += check_closed(fds, gone, i);
		}
	}
	printf("closed_by_server %ld\n", closed);
	return 0;
}

/* Read up to @want bytes of @fd's answer, waiting at most @timeout_s. */
static size_t read_some(int fd, char *buf, size_t want, int timeout_s)
{
	time_t end = time(NULL) + timeout_s;
	size_t got = 0;

	while (got < want) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int left = (int)(end - time(NULL));
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, left * 1000) <= 0)
			break;
		r = recv(fd, buf + got, want - got, MSG_DONTWAIT);
		if (r <= 0)
			break;
		got += r;
	}
	return got;
}

static int slow_mode(long count, size_t bytes, int seconds, const char *data,
		     size_t len)
{
	long i, ok = 0, busy = 0, other = 0, closed;
	int *fds = calloc(count, sizeof(*fds));
	char *gone = calloc(count, 1);
	char *buf = malloc(bytes + 1);
	int small = 4096;

	if (!fds || !gone || !buf)
		return 1;
	for (i = 0; i < count; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (fds[i] < 0)
			return 1;
		setsockopt(fds[i], SOL_SOCKET, SO_RCVBUF, &small,
			   sizeof(small));
		fds[i] = connect_fd(fds[i]);
		if (fds[i] < 0 || send_all(fds[i], data, len)) {
			perror("slow reader");
			return 1;
		}
	}
	for (i = 0; i < count; i++) {
		size_t got = read_some(fds[i], buf, bytes, 30);

		buf[got] = 0;
		if (!strncmp(buf, "HTTP/1.1 200", 12))
			ok++;
		else if (!strncmp(buf, "HTTP/1.1 503", 12))
			busy++;
		else
			other++;
	}
	printf("status200 %ld status503 %ld other %ld\n", ok, busy, other);
	fflush(stdout);
	/* poll for a FIN or a reset only: reading would drain the answers */
	closed = 0;
	for (time_t end = time(NULL) + seconds; closed < count &&
	     time(NULL) < end;) {
		struct pollfd *pfd = calloc(count, sizeof(*pfd));

		for (i = 0; i < count; i++) {
			pfd[i].fd = gone[i] ? -1 : fds[i];
			pfd[i].events = POLLRDHUP;
		}
		if (poll(pfd, count, 1000) > 0)
			for (i = 0; i < count; i++)
				if (pfd[i].revents & (POLLRDHUP | POLLHUP |
						      POLLERR)) {
					gone[i] = 1;
					closed++;
				}
		free(pfd);
	}
	printf("closed %ld\n", closed);
	return 0;
}

/* Length of the head in @buf[0..@n) (through its blank line), or 0. */
static size_t head_end(const char *buf, size_t n)
{
	size_t i;

	for (i = 3; i < n; i++)
		if (!memcmp(buf + i - 3, "\r\n\r\n", 4))
			return i + 1;
	return 0;
}

static long content_length(const char *head, size_t n)
{
	static const char name[] = "\ncontent-length:";
	size_t i, k = sizeof(name) - 1;

	for (i = 0; i + k < n; i++)
		if (!strncasecmp(head + i, name, k))
			return strtol(head + i + k, NULL, 10);
	return -1;
}

static int pause_mode(size_t bytes, const char *go, int seconds,
		      const char *data, size_t len)
{
	static char buf[1 << 16];
	size_t n = 0, head = 0;
	long body = 0, length = -1;
	int small = 4096, status = 0, ret;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	time_t end = time(NULL) + seconds;

	if (fd < 0)
		return 1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	fd = connect_fd(fd);
	if (fd < 0 || send_all(fd, data, len)) {
		perror("pausing reader");
		return 1;
	}
	/* the head, whole, into buf */
	while (!head) {
		size_t got = read_some(fd, buf + n, sizeof(buf) - 1 - n, 30);

		if (!got) {
			fprintf(stderr, "no head in %zu bytes\n", n);
			return 1;
		}
		n += got;
		head = head_end(buf, n);
	}
	sscanf(buf, "HTTP/1.1 %d", &status);
	length = content_length(buf, head);
	fwrite(buf + head, 1, n - head, stdout);
	body = n - head;
	/* the first BYTES of the body, then the pause */
	while ((size_t)body < bytes) {
		size_t want = bytes - body < sizeof(buf) ? bytes - body :
			      sizeof(buf);
		size_t got = read_some(fd, buf, want, 30);

		if (!got)
			break;
		fwrite(buf, 1, got, stdout);
		body += got;
	}
	fflush(stdout);
	fprintf(stderr, "paused\n");
	while (access(go, F_OK)) {
		if (time(NULL) >= end)
			return 2;
		usleep(20000);
	}
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int left = (int)(end - time(NULL));
		ssize_t r;

		if (left <= 0 || poll(&pfd, 1, left * 1000) == 0) {
			ret = 2;
			break;
		}
		r = recv(fd, buf, sizeof(buf), 0);
		if (r <= 0) {
			ret = r == 0 || errno == ECONNRESET ? 0 : 1;
			break;
		}
		fwrite(buf, 1, r, stdout);
		body += r;
	}
	fflush(stdout);
	fprintf(stderr, "status %d length %ld body %ld\n", status, length,
		body);
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	int delay_ms = 0, timeout_s = 10, halfclose = 1, pause_ms = 0, opt, fd, ret;
	long idle = 0, repeat = 1, piece = 0, slow = 0, slow_bytes = 1024;
	size_t len, off = 0;
	const char *file = NULL, *go = NULL;
	long pause_bytes = 0;
	char *data;

	while ((opt = getopt(argc, argv, "p:a:d:t:ns:I:R:w:f:L:r:P:G:")) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'a': addr = optarg; break;
		case 'd': delay_ms = atoi(optarg); break;
		case 't': timeout_s = atoi(optarg); break;
		case 'n': halfclose = 0; break;
		case 's': piece = atol(optarg); break;
		case 'I': idle = atol(optarg); break;
		case 'R': repeat = atol(optarg); break;
		case 'w': pause_ms = atoi(optarg); break;
		case 'f': file = optarg; break;
		case 'L': slow = atol(optarg); break;
		case 'r': slow_bytes = atol(optarg); break;
		case 'P': pause_bytes = atol(optarg); break;
		case 'G': go = optarg; break;
		default: return 1;
		}
	}
	if (idle)
		return idle_mode(idle, timeout_s);
	if (file) {
		FILE *f = fopen(file, "rb");

		if (!f) {
			perror(file);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		data = malloc(len + 1);
		if (!data || fread(data, 1, len, f) != len)
			return 1;
		fclose(f);
	} else {
		if (optind >= argc)
			return 1;
		data = malloc(strlen(argv[optind]) + 1);
		len = unescape(argv[optind], data);
	}
	if (pause_bytes && go)
		return pause_mode(pause_bytes, go, timeout_s, data, len);
	if (slow)
		return slow_mode(slow, slow_bytes, timeout_s, data, len);
	fd = connect_server();
	if (fd < 0) {
		perror("connect");
		return 1;
	}
	while (repeat--) {
		if (pause_ms && off)
			usleep(pause_ms * 1000);
		for (off = 0; off < len;) {
			size_t n = delay_ms ? 1 : piece ? (size_t)piece : len;

			if (n > len - off)
				n = len - off;
			if (send_all(fd, data + off, n))
				goto sent;	/* the server may close early */
			off += n;
			if (delay_ms)
				usleep(delay_ms * 1000);
		}
	}
sent:
	if (halfclose)
		shutdown(fd, SHUT_WR);
	ret = drain(fd, timeout_s);
	close(fd);
	return ret;
}
