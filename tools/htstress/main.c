// SPDX-License-Identifier: GPL-2.0
/*
 * htstress: an epoll-based HTTP/1.1 load generator.
 *
 * main only wires the parts together: options, target, request, workers,
 * summary; set up in order, torn down in reverse.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "options.h"
#include "report.h"
#include "request.h"
#include "url.h"
#include "worker.h"

#define EXIT_RUN_OK	0
#define EXIT_SETUP	1
#define EXIT_NOT_GOOD	3

static struct run *sigint_run;

static void on_sigint(int sig)
{
	(void)sig;
	atomic_store(&sigint_run->stop, true);
}

static void setup_signals(struct run *run)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigint_run = run;
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* One descriptor per connection: lift the soft limit if it is too low. */
static void raise_nofile(unsigned int connections)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)connections + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max < need ? rl.rlim_max : need;
	setrlimit(RLIMIT_NOFILE, &rl);
}

int main(int argc, char **argv)
{
	struct options opt;
	struct url url;
	struct request req;
	struct run run;
	struct worker *workers;
	struct stats total;
	struct summary sum;
	const char *err;
	uint64_t start, end = 0;
	unsigned int i, started = 0;
	int ret = EXIT_SETUP, r;

	r = options_parse(&opt, argc, argv);
	if (r != OPTIONS_RUN) {
		options_free(&opt);
		return r == OPTIONS_HELP ? EXIT_RUN_OK : EXIT_SETUP;
	}
	err = url_parse(&url, opt.url);
	if (err) {
		fprintf(stderr, "htstress: %s: %s\n", opt.url, err);
		goto out_url;
	}
	memset(&run, 0, sizeof(run));
	err = url_resolve(&url, &run.addr, &run.addrlen);
	if (err) {
		fprintf(stderr, "htstress: %s\n", err);
		goto out_url;
	}
	if (request_build(&req, &opt, &url)) {
		fprintf(stderr, "htstress: out of memory\n");
		goto out_url;
	}
	run.req = &req;
	run.keepalive = opt.keepalive;
	run.limit = opt.requests;
	run.timeout_ns = (uint64_t)(opt.timeout * 1e9);
	atomic_init(&run.issued, 0);
	atomic_init(&run.stop, false);

	workers = calloc(opt.threads, sizeof(*workers));
	if (!workers) {
		fprintf(stderr, "htstress: out of memory\n");
		goto out_request;
	}
	for (i = 0; i < opt.threads; i++) {
		unsigned int share = opt.connections / opt.threads +
				     (i < opt.connections % opt.threads);

		if (worker_init(&workers[i], &run, share)) {
			fprintf(stderr, "htstress: worker setup: %s\n",
				strerror(errno));
			goto out_workers;
		}
	}
	raise_nofile(opt.connections);
	setup_signals(&run);
	if (!opt.quiet && !opt.json)
		report_banner(stdout, &opt);

	start = now_ns();
	if (opt.duration > 0)
		run.end_ns = start + (uint64_t)(opt.duration * 1e9);
	for (; started < opt.threads; started++) {
		r = pthread_create(&workers[started].thread, NULL, worker_main,
				   &workers[started]);
		if (r) {
			fprintf(stderr, "htstress: pthread_create: %s\n",
				strerror(r));
			atomic_store(&run.stop, true);
			break;
		}
	}
	stats_init(&total);
	for (i = 0; i < started; i++) {
		pthread_join(workers[i].thread, NULL);
		stats_merge(&total, &workers[i].stats);
		if (workers[i].end_ns > end)
			end = workers[i].end_ns;
	}
	if (started < opt.threads)
		goto out_workers;

	sum.opt = &opt;
	sum.stats = &total;
	sum.elapsed = end > start ? (double)(end - start) / 1e9 : 0;
	sum.interrupted = atomic_load(&run.stop);
	if (opt.json)
		report_json(stdout, &sum);
	else if (opt.quiet)
		report_final_line(stdout, &total);
	else
		report_human(stdout, &sum);

	ret = EXIT_RUN_OK;
	if (opt.expect_all_good &&
	    (total.bad || stats_errors(&total) || !total.good ||
	     sum.interrupted))
		ret = EXIT_NOT_GOOD;
out_workers:
	for (i = 0; i < opt.threads; i++)
		worker_destroy(&workers[i]);
	free(workers);
out_request:
	request_free(&req);
out_url:
	url_free(&url);
	options_free(&opt);
	return ret;
}
