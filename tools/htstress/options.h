/* SPDX-License-Identifier: GPL-2.0 */
/* Command line of htstress: parsed once in main, read-only afterwards. */
#ifndef HTSTRESS_OPTIONS_H
#define HTSTRESS_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define MAX_CONNECTIONS	1000000u
#define MAX_THREADS	256u
#define MAX_PIPELINE	1024u
#define DEFAULT_TIMEOUT	10.0

struct options {
	const char *url;
	uint64_t requests;		/* 0: no limit, -d ends the run */
	double duration;		/* seconds; 0: none */
	double timeout;			/* seconds without progress */
	unsigned int connections;
	unsigned int threads;
	unsigned int pipeline;		/* requests per batch (with -k) */
	bool keepalive;
	bool quiet;
	bool json;
	bool expect_all_good;
	const char *method;
	const char **headers;		/* "Name: value", as given */
	unsigned int nheaders;
};

#define OPTIONS_RUN	0
#define OPTIONS_HELP	1
#define OPTIONS_USAGE	(-1)

/**
 * options_parse() - fill @o from the command line.
 * @o: options
 * @argc: argument count
 * @argv: arguments
 *
 * Return: OPTIONS_RUN, OPTIONS_HELP (usage printed on stdout) or
 * OPTIONS_USAGE (the problem printed on stderr).
 */
int options_parse(struct options *o, int argc, char **argv);

void options_usage(FILE *f);

void options_free(struct options *o);

#endif /* HTSTRESS_OPTIONS_H */
