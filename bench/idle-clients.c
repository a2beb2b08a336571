// SPDX-License-Identifier: GPL-2.0
/*
 * idle-clients: opens COUNT keep-alive connections, makes one "GET /" on
 * each and reads its response, then holds them idle: the state a browser
 * leaves its connections in between page loads.  (httpraw -I opens
 * connections that never send a request, a different state for a server.)
 *
 *   idle-clients -n COUNT [-p PORT] [-t SECONDS]
 *	Sends all requests, then reads all responses (so the server serves
 *	them in parallel), prints "open COUNT" once every connection got its
 *	response, holds them SECONDS (default 600) or until killed, then
 *	prints how many the server closed meanwhile.  Exit 1 on any failure.
 *
 * Static build: gcc -O2 -static -o idle-clients idle-clients.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static const char request[] = "GET / HTTP/1.1\r\nHost: bench\r\n\r\n";

/* The whole response to our request: a head and a Content-Length body. */
static int read_response(int fd)
{
	char buf[2048];
	size_t len = 0;

	for (;;) {
		char *end, *cl;
		ssize_t n = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);

		if (n <= 0)
			return -1;
		len += n;
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
		cl = strcasestr(buf, "\r\ncontent-length:");
		if (end && cl && len >= (size_t)(end + 4 - buf) +
		    strtoul(cl + 17, NULL, 10))
			return strncmp(buf, "HTTP/1.1 200", 12) ? -1 : 0;
		if (len == sizeof(buf) - 1)
			return -1;
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	long count = 0, i, closed = 0;
	int port = 8081, seconds = 600, opt, *fds;
	struct rlimit rl;

	while ((opt = getopt(argc, argv, "n:p:t:")) != -1) {
		switch (opt) {
		case 'n': count = atol(optarg); break;
		case 'p': port = atoi(optarg); break;
		case 't': seconds = atoi(optarg); break;
		default: count = 0; optind = argc; break;
		}
	}
	if (count <= 0) {
		fprintf(stderr, "usage: %s -n COUNT [-p PORT] [-t SECONDS]\n",
			argv[0]);
		return 2;
	}
	rl.rlim_cur = rl.rlim_max = count + 64;
	setrlimit(RLIMIT_NOFILE, &rl);
	fds = calloc(count, sizeof(*fds));
	if (!fds)
		return 1;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* all requests first, then all responses: the server works in parallel */
	for (i = 0; i < count; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (fds[i] < 0 ||
		    connect(fds[i], (struct sockaddr *)&sin, sizeof(sin)) ||
		    send(fds[i], request, sizeof(request) - 1, 0) !=
		    sizeof(request) - 1) {
			fprintf(stderr, "connection %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < count; i++) {
		errno = 0;
		if (read_response(fds[i])) {
			fprintf(stderr, "connection %ld: %s\n", i,
				errno ? strerror(errno) : "bad response");
			return 1;
		}
	}
	printf("open %ld\n", count);
	fflush(stdout);
	sleep(seconds);
	for (i = 0; i < count; i++) {
		struct pollfd pfd = { .fd = fds[i], .events = POLLIN };
		char c;

		if (poll(&pfd, 1, 0) == 1 &&
		    recv(fds[i], &c, 1, MSG_DONTWAIT) <= 0)
			closed++;
	}
	printf("closed_by_server %ld\n", closed);
	return 0;
}
