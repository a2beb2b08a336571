// SPDX-License-Identifier: GPL-2.0
/*
 * An iterative web server in the serving model of CS:APP's Tiny (chapter
 * 11), written for bench/tiny to measure that model: one process, one
 * blocking accept loop, one connection served to the end before the next
 * is accepted, one request per connection (HTTP/1.0, closed after the
 * answer).  It answers "GET /" with khttpd's root body, anything else 404.
 *
 * Unlike Tiny it bounds the request head (8 KiB) and never touches the file
 * system: the point is the serving model, not the parser.  It keeps Tiny's
 * other faults on purpose, since they are what is measured: no timeout, so
 * a client that connects and sends nothing stops the server for everyone.
 *
 *   tiny-iter [-p PORT]      (default 8084, on 127.0.0.1)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX 8192

static const char body[] = "khttpd: in-kernel HTTP/1.1 server\n";

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read until the blank line that ends the head; -1 on EOF, error or size. */
static int read_head(int fd, char *buf, size_t cap)
{
	size_t len = 0;

	while (len < cap - 1) {
		ssize_t r = read(fd, buf + len, cap - 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return 0;
	}
	return -1;
}

/* One connection: the request line, then one answer, as Tiny's doit(). */
static void serve(int fd)
{
	char head[HEAD_MAX], out[256];
	char method[16], uri[1024];
	int n;

	if (read_head(fd, head, sizeof(head)) < 0)
		return;
	if (sscanf(head, "%15s %1023s", method, uri) != 2) {
		n = snprintf(out, sizeof(out),
			     "HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n"
			     "Connection: close\r\n\r\n");
	} else if (strcmp(method, "GET") || strcmp(uri, "/")) {
		n = snprintf(out, sizeof(out),
			     "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n"
			     "Connection: close\r\n\r\n");
	} else {
		n = snprintf(out, sizeof(out),
			     "HTTP/1.0 200 OK\r\nServer: tiny-iter\r\n"
			     "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
			     "Connection: close\r\n\r\n%s",
			     sizeof(body) - 1, body);
	}
	write_all(fd, out, (size_t)n);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int port = 8084, one = 1, lfd, opt;

	while ((opt = getopt(argc, argv, "p:")) != -1) {
		if (opt != 'p') {
			fprintf(stderr, "usage: tiny-iter [-p PORT]\n");
			return 2;
		}
		port = atoi(optarg);
	}
	signal(SIGPIPE, SIG_IGN);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0) {
		perror("socket");
		return 1;
	}
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(lfd, 1024)) {
		perror("bind/listen");
		return 1;
	}
	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("accept");
			return 1;
		}
		serve(fd);
		close(fd);
	}
}
