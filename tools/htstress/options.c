// SPDX-License-Identifier: GPL-2.0
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_JSON = 256 };

static const struct option long_options[] = {
	{ "requests", required_argument, NULL, 'n' },
	{ "connections", required_argument, NULL, 'c' },
	{ "threads", required_argument, NULL, 't' },
	{ "keepalive", no_argument, NULL, 'k' },
	{ "pipeline", required_argument, NULL, 'p' },
	{ "duration", required_argument, NULL, 'd' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "header", required_argument, NULL, 'H' },
	{ "method", required_argument, NULL, 'm' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "expect-all-good", no_argument, NULL, 'e' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

void options_usage(FILE *f)
{
	fprintf(f,
"Usage: htstress [options] http://HOST[:PORT][/PATH]\n"
"HOST is an IPv4 address, [IPv6] address or a name.\n"
"\n"
"  -n, --requests N      total requests (default 1, or no limit with -d)\n"
"  -c, --connections N   concurrent connections (default 1)\n"
"  -t, --threads N       threads, each with its own epoll loop (default 1)\n"
"  -k, --keepalive       reuse connections (default: one connection per\n"
"                        request, sending \"Connection: close\")\n"
"  -p, --pipeline N      with -k: send N requests back to back, then read\n"
"                        the N responses (default 1)\n"
"  -d, --duration SEC    run for SEC seconds (with -n: whichever ends first)\n"
"  -T, --timeout SEC     a response not complete SEC seconds after its\n"
"                        request was written (or after the previous\n"
"                        response of its pipeline) is a socket error and\n"
"                        its connection is reopened (default %g)\n"
"  -H, --header 'N: V'   extra request header (repeatable)\n"
"  -m, --method M        request method (default GET)\n"
"  -q, --quiet           print only the final \"good= bad= errors=\" line\n"
"      --json            print the summary as one JSON object\n"
"  -e, --expect-all-good exit 3 unless every request got a complete 2xx\n"
"  -h, --help            this help\n"
"\n"
"Exit status: 0 the run completed, 1 usage or setup error,\n"
"3 with -e when not every request got a 2xx response.\n",
		DEFAULT_TIMEOUT);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("htstress: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'htstress --help'.\n", stderr);
	return OPTIONS_USAGE;
}

static bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_uint(const char *s, unsigned int min, unsigned int max,
		       unsigned int *out)
{
	uint64_t v;

	if (!parse_u64(s, min, max, &v))
		return false;
	*out = (unsigned int)v;
	return true;
}

static bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v <= 0 || v > 1e7)
		return false;
	*out = v;
	return true;
}

static bool is_token(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("!#$%&'*+-.^_`|~", c)))
			return false;
	}
	return true;
}

static bool valid_header(const char *h)
{
	const char *colon = strchr(h, ':');

	return colon && is_token(h, (size_t)(colon - h)) &&
	       !strpbrk(h, "\r\n");
}

int options_parse(struct options *o, int argc, char **argv)
{
	bool have_n = false;
	int c;

	memset(o, 0, sizeof(*o));
	o->connections = 1;
	o->threads = 1;
	o->pipeline = 1;
	o->timeout = DEFAULT_TIMEOUT;
	o->method = "GET";

	while ((c = getopt_long(argc, argv, "n:c:t:kp:d:T:H:m:qeh",
				long_options, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (!parse_u64(optarg, 1, UINT64_MAX / 2, &o->requests))
				return usage_error("bad request count '%s'",
						   optarg);
			have_n = true;
			break;
		case 'c':
			if (!parse_uint(optarg, 1, MAX_CONNECTIONS,
					&o->connections))
				return usage_error("bad connection count '%s'",
						   optarg);
			break;
		case 't':
			if (!parse_uint(optarg, 1, MAX_THREADS, &o->threads))
				return usage_error("bad thread count '%s'",
						   optarg);
			break;
		case 'k':
			o->keepalive = true;
			break;
		case 'p':
			if (!parse_uint(optarg, 1, MAX_PIPELINE, &o->pipeline))
				return usage_error("bad pipeline depth '%s'",
						   optarg);
			break;
		case 'd':
			if (!parse_seconds(optarg, &o->duration))
				return usage_error("bad duration '%s'", optarg);
			break;
		case 'T':
			if (!parse_seconds(optarg, &o->timeout))
				return usage_error("bad timeout '%s'", optarg);
			break;
		case 'H': {
			const char **h;

			if (!valid_header(optarg))
				return usage_error(
					"bad header '%s' (want 'Name: value')",
					optarg);
			h = realloc(o->headers,
				    (o->nheaders + 1) * sizeof(*h));
			if (!h)
				return usage_error("%s", "out of memory");
			h[o->nheaders++] = optarg;
			o->headers = h;
			break;
		}
		case 'm':
			if (!is_token(optarg, strlen(optarg)))
				return usage_error("bad method '%s'", optarg);
			o->method = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'e':
			o->expect_all_good = true;
			break;
		case 'h':
			options_usage(stdout);
			return OPTIONS_HELP;
		default:
			fputs("Try 'htstress --help'.\n", stderr);
			return OPTIONS_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("%s", optind < argc ?
				   "exactly one URL expected" : "no URL given");
	o->url = argv[optind];
	if (o->pipeline > 1 && !o->keepalive)
		return usage_error("%s", "-p needs -k (it reuses connections)");
	if (!have_n)
		o->requests = o->duration > 0 ? 0 : 1;
	if (o->threads > o->connections)
		o->threads = o->connections;
	return OPTIONS_RUN;
}

void options_free(struct options *o)
{
	free(o->headers);
	o->headers = NULL;
	o->nheaders = 0;
}
