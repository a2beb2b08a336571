/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The run summary: a human table, or one JSON object (--json), and the
 * final "good=N bad=N errors=N" line scripts grep for.
 */
#ifndef HTSTRESS_REPORT_H
#define HTSTRESS_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "stats.h"

struct summary {
	const struct options *opt;
	const struct stats *stats;	/* merged over all workers */
	double elapsed;			/* seconds */
	bool interrupted;		/* stopped by SIGINT */
};

void report_banner(FILE *f, const struct options *o);
void report_human(FILE *f, const struct summary *s);
void report_json(FILE *f, const struct summary *s);
void report_final_line(FILE *f, const struct stats *s);

#endif /* HTSTRESS_REPORT_H */
