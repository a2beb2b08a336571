// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of htstress's pure logic: the response parser fed at every
 * split point, byte by byte and in random pieces; the histogram's error
 * bound; URL parsing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "histogram.h"
#include "response.h"
#include "url.h"

static int failures;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			failures++;					\
			fprintf(stderr, "%s:%d: %s: ", __FILE__,	\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
		}							\
	} while (0)

struct resp_case {
	const char *bytes;
	bool head;		/* response to a HEAD request */
	int status;
	bool reusable;
};

/* A keep-alive stream: every way a response can end, back to back. */
static const struct resp_case stream_cases[] = {
	{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, 200, true },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	  "5;ext=\"x\"\r\nhello\r\n1F \r\n0123456789abcdef0123456789abcde\r\n"
	  "0\r\nX-Trailer: y\r\n\r\n", false, 200, true },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", true, 200, true },
	{ "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
	  "Link: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
	  false, 201, true },
	{ "HTTP/1.1 204 No Content\r\n\r\n", false, 204, true },
	{ "HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n", false,
	  304, true },
	{ "HTTP/1.1 404 Not Found\nContent-Length: 3\n\nnop", false, 404, true },
	{ "HTTP/1.1 200 OK\r\ncontent-LENGTH:   4  \r\n"
	  "Connection: Keep-Alive, Upgrade\r\n\r\nabcd", false, 200, true },
	{ "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
	  false, 200, true },
	{ "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\ny", false, 200, false },
	{ "HTTP/1.1 503 Busy\r\nConnection: foo, close\r\nContent-Length: 0\r\n\r\n",
	  false, 503, false },
	{ "HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabc", false, 200, true },
	{ "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", false, 200, true },
	{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n"
	  "Content-Length: 999\r\n\r\n3\r\nabc\r\n0\r\n\r\n", false, 200, true },
	{ NULL, false, 0, false },	/* placeholder: long header, built below */
	/* last: the body runs to the close */
	{ "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody until close", false, 200,
	  false },
};

#define NCASES (sizeof(stream_cases) / sizeof(stream_cases[0]))

static struct resp_case cases[NCASES];
static char *stream;
static size_t stream_len;

static void build_stream(void)
{
	static char long_case[4096];
	size_t i, off = 0;

	/* A header far longer than the parser keeps, and not one it needs. */
	off = (size_t)sprintf(long_case, "HTTP/1.1 202 Accepted\r\nX-Long: ");
	memset(long_case + off, 'v', 3000);
	off += 3000;
	sprintf(long_case + off, "\r\nContent-Length: 1\r\n\r\nz");

	memcpy(cases, stream_cases, sizeof(cases));
	for (i = 0; i < NCASES; i++)
		if (!cases[i].bytes)
			cases[i] = (struct resp_case){ long_case, false, 202,
						       true };
	stream_len = 0;
	for (i = 0; i < NCASES; i++)
		stream_len += strlen(cases[i].bytes);
	stream = malloc(stream_len);
	for (i = 0, off = 0; i < NCASES; i++) {
		memcpy(stream + off, cases[i].bytes, strlen(cases[i].bytes));
		off += strlen(cases[i].bytes);
	}
}

/*
 * Feed the stream in the pieces @cut gives (each > 0), then EOF; check
 * every response's status and reusability.  Return: true if all matched.
 */
static bool drive(size_t (*cut)(size_t pos, void *ctx), void *ctx)
{
	struct resp_parser p;
	size_t idx = 0, pos = 0;

	resp_init(&p, cases[0].head);
	while (pos < stream_len) {
		size_t piece = cut(pos, ctx), off = 0;

		if (piece > stream_len - pos)
			piece = stream_len - pos;
		while (off < piece) {
			size_t used;
			int r = resp_feed(&p, stream + pos + off, piece - off,
					  &used);

			off += used;
			if (r == RESP_ERROR || idx >= NCASES)
				return false;
			if (r == RESP_AGAIN)
				continue;
			if (p.status != cases[idx].status ||
			    resp_reusable(&p) != cases[idx].reusable)
				return false;
			if (++idx < NCASES)
				resp_init(&p, cases[idx].head);
		}
		pos += piece;
	}
	if (idx != NCASES - 1 || resp_eof(&p) != RESP_DONE ||
	    p.status != cases[idx].status || resp_reusable(&p))
		return false;
	return true;
}

static size_t cut_at(size_t pos, void *ctx)
{
	size_t at = *(size_t *)ctx;

	return pos < at ? at - pos : stream_len;
}

static size_t cut_one(size_t pos, void *ctx)
{
	(void)pos;
	(void)ctx;
	return 1;
}

static size_t cut_random(size_t pos, void *ctx)
{
	unsigned int *seed = ctx;

	(void)pos;
	*seed = *seed * 1103515245u + 12345u;
	return 1 + (*seed >> 16) % 23;
}

static void test_stream(void)
{
	unsigned int seed = 1, i;
	size_t at;

	build_stream();
	CHECK(drive(cut_at, &stream_len), "whole stream");
	for (at = 1; at < stream_len; at++)
		CHECK(drive(cut_at, &at), "split at %zu", at);
	CHECK(drive(cut_one, NULL), "byte by byte");
	for (i = 0; i < 2000; i++)
		CHECK(drive(cut_random, &seed), "random pieces, round %u", i);
	free(stream);
}

/* Feed @s whole and byte by byte; expect RESP_ERROR, or EOF to fail. */
static void expect_bad(const char *s)
{
	size_t len = strlen(s), i, used;
	struct resp_parser p;
	int r = RESP_AGAIN;

	resp_init(&p, false);
	r = resp_feed(&p, s, len, &used);
	CHECK(r == RESP_ERROR || (r == RESP_AGAIN && resp_eof(&p) == RESP_ERROR),
	      "whole: %.40s", s);
	resp_init(&p, false);
	for (i = 0, r = RESP_AGAIN; i < len && r == RESP_AGAIN; i++)
		r = resp_feed(&p, s + i, 1, &used);
	CHECK(r == RESP_ERROR || (r == RESP_AGAIN && resp_eof(&p) == RESP_ERROR),
	      "bytewise: %.40s", s);
}

static void test_malformed(void)
{
	char *big;

	expect_bad("HTTP/2 200 OK\r\n\r\n");
	expect_bad("HTTX/1.1 200 OK\r\n\r\n");
	expect_bad("HTTP/1.1 20 OK\r\n\r\n");
	expect_bad("HTTP/1.1 099 Odd\r\n\r\n");
	expect_bad("HTTP/1.1 200OK\r\n\r\n");
	expect_bad("\r\nHTTP/1.1 200 OK\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nName : v\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\n: v\r\n\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
		   "ffffffffffffffffff\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n");
	/* truncated: EOF before the end */
	expect_bad("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
	expect_bad("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
	expect_bad("HTTP/1.1 200 OK\r\nContent-Le");
	expect_bad("");

	/* a head that never ends */
	big = malloc(RESP_HEAD_MAX + 64);
	strcpy(big, "HTTP/1.1 200 OK\r\n");
	for (size_t off = strlen(big); off + 8 < RESP_HEAD_MAX + 32; off += 6)
		memcpy(big + off, "A: b\r\n", 7);
	expect_bad(big);
	/* a line that never ends */
	memset(big, 'x', RESP_HEAD_MAX);
	big[RESP_HEAD_MAX] = '\0';
	memcpy(big, "HTTP/1.1 200 OK\r\nX: ", 20);
	expect_bad(big);
	free(big);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void test_histogram(void)
{
	static struct histogram h, part[2];
	static const double pcts[] = { 1, 10, 50, 90, 99, 99.9, 100 };
	enum { N = 200000 };
	uint64_t *v = malloc(N * sizeof(*v)), seed = 42;
	unsigned int i;

	hist_init(&h);
	hist_init(&part[0]);
	hist_init(&part[1]);
	CHECK(hist_percentile(&h, 50) == 0, "empty");
	for (i = 0; i < N; i++) {
		/* log-uniform from 1 ns to ~1000 s */
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		v[i] = 1ull << ((seed >> 33) % 40);
		v[i] += (seed >> 20) % v[i];
		hist_record(&part[i & 1], v[i]);
	}
	hist_merge(&h, &part[0]);
	hist_merge(&h, &part[1]);
	qsort(v, N, sizeof(*v), cmp_u64);
	CHECK(h.count == N, "count");
	CHECK(h.min == v[0] && h.max == v[N - 1], "min/max exact");
	for (i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		uint64_t rank = (uint64_t)(pcts[i] / 100 * N + 0.999999);
		uint64_t exact = v[rank - 1], got = hist_percentile(&h, pcts[i]);
		double err = exact ? ((double)got - (double)exact) / (double)exact
				   : 0;

		CHECK(err < 0.01 && err > -0.01,
		      "p%g: exact %llu got %llu", pcts[i],
		      (unsigned long long)exact, (unsigned long long)got);
	}
	/* small values are exact, huge ones do not overflow */
	hist_init(&h);
	hist_record(&h, 7);
	CHECK(hist_percentile(&h, 50) == 7, "exact small");
	hist_record(&h, UINT64_MAX);
	CHECK(hist_percentile(&h, 100) == UINT64_MAX, "max clamps");
	free(v);
}

static void test_url(void)
{
	struct url u;

	CHECK(!url_parse(&u, "http://127.0.0.1:8080/a?b=1#frag"), "v4");
	CHECK(!strcmp(u.host, "127.0.0.1") && u.port == 8080 &&
	      !strcmp(u.path, "/a?b=1") &&
	      !strcmp(u.authority, "127.0.0.1:8080"), "v4 fields %s %s",
	      u.host, u.path);
	url_free(&u);
	CHECK(!url_parse(&u, "HTTP://[::1]:81/x"), "v6");
	CHECK(!strcmp(u.host, "::1") && u.port == 81 &&
	      !strcmp(u.authority, "[::1]:81") && !strcmp(u.path, "/x"),
	      "v6 fields");
	url_free(&u);
	CHECK(!url_parse(&u, "localhost"), "bare host");
	CHECK(!strcmp(u.host, "localhost") && u.port == 80 &&
	      !strcmp(u.path, "/"), "bare host fields");
	url_free(&u);
	CHECK(!url_parse(&u, "http://h?x=1"), "query only");
	CHECK(!strcmp(u.path, "/?x=1"), "query path %s", u.path);
	url_free(&u);
	CHECK(!url_parse(&u, "http://h:/"), "empty port");
	CHECK(u.port == 80 && !strcmp(u.authority, "h"), "empty port fields");
	url_free(&u);
	CHECK(url_parse(&u, "https://h/"), "https refused");
	url_free(&u);
	CHECK(url_parse(&u, "http://h:0/"), "port 0");
	url_free(&u);
	CHECK(url_parse(&u, "http://h:99999/"), "port range");
	url_free(&u);
	CHECK(url_parse(&u, "http://::1/"), "v6 without brackets");
	url_free(&u);
	CHECK(url_parse(&u, "http:///x"), "no host");
	url_free(&u);
	CHECK(url_parse(&u, "http://h/a b"), "space in path");
	url_free(&u);
}

int main(void)
{
	test_stream();
	test_malformed();
	test_histogram();
	test_url();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("htstress unit tests passed\n");
	return 0;
}
