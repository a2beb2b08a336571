// SPDX-License-Identifier: GPL-2.0
#include "report.h"

#include <inttypes.h>

/* Status class names, indexed like stats.by_class; 2xx is "good". */
static const unsigned int bad_classes[] = { 1, 3, 4, 5, 0 };
static const char *const class_name[STATUS_CLASSES] = {
	"other", "1xx", "2xx", "3xx", "4xx", "5xx",
};

struct figures {
	uint64_t requests, errors;
	double rps, mbps;
	/* microseconds, rounded */
	uint64_t min, p50, p90, p99, max, mean;
};

static uint64_t ns_to_us(uint64_t ns)
{
	return (ns + 500) / 1000;
}

static void compute(const struct summary *s, struct figures *f)
{
	const struct stats *st = s->stats;
	const struct histogram *h = &st->latency;

	f->errors = stats_errors(st);
	f->requests = st->good + st->bad + f->errors;
	f->rps = s->elapsed > 0 ? (double)f->requests / s->elapsed : 0;
	f->mbps = s->elapsed > 0 ? (double)st->bytes_in / 1e6 / s->elapsed : 0;
	f->min = ns_to_us(h->count ? h->min : 0);
	f->p50 = ns_to_us(hist_percentile(h, 50));
	f->p90 = ns_to_us(hist_percentile(h, 90));
	f->p99 = ns_to_us(hist_percentile(h, 99));
	f->max = ns_to_us(h->max);
	f->mean = h->count ? ns_to_us(h->sum / h->count) : 0;
}

void report_banner(FILE *f, const struct options *o)
{
	fprintf(f, "htstress: %s %s, %u thread%s, %u connection%s, %s",
		o->method, o->url, o->threads, o->threads == 1 ? "" : "s",
		o->connections, o->connections == 1 ? "" : "s",
		o->keepalive ? "keep-alive" : "connection per request");
	if (o->pipeline > 1)
		fprintf(f, ", pipeline %u", o->pipeline);
	if (o->requests)
		fprintf(f, ", %" PRIu64 " requests", o->requests);
	if (o->duration > 0)
		fprintf(f, ", %g s", o->duration);
	fputs("\n", f);
	fflush(f);
}

void report_human(FILE *f, const struct summary *s)
{
	const struct stats *st = s->stats;
	struct figures fg;
	unsigned int i;

	compute(s, &fg);
	if (s->interrupted)
		fputs("interrupted:  yes\n", f);
	fprintf(f, "requests:     %" PRIu64 "\n", fg.requests);
	fprintf(f, "good:         %" PRIu64 "\n", st->good);
	fprintf(f, "bad:          %" PRIu64 " (", st->bad);
	for (i = 0; i < sizeof(bad_classes) / sizeof(bad_classes[0]); i++)
		fprintf(f, "%s%s %" PRIu64, i ? ", " : "",
			class_name[bad_classes[i]],
			st->by_class[bad_classes[i]]);
	fputs(")\n", f);
	fprintf(f, "errors:       %" PRIu64 " (", fg.errors);
	for (i = 0; i < ERR_KINDS; i++)
		fprintf(f, "%s%s %" PRIu64, i ? ", " : "", err_kind_name[i],
			st->errors[i]);
	fputs(")\n", f);
	fprintf(f, "elapsed:      %.3f s\n", s->elapsed);
	fprintf(f, "rate:         %.1f req/s\n", fg.rps);
	fprintf(f, "received:     %" PRIu64 " bytes, %.2f MB/s\n", st->bytes_in,
		fg.mbps);
	fprintf(f, "sent:         %" PRIu64 " bytes\n", st->bytes_out);
	fprintf(f, "latency (us): min %" PRIu64 ", p50 %" PRIu64 ", p90 %"
		PRIu64 ", p99 %" PRIu64 ", max %" PRIu64 ", mean %" PRIu64 "\n",
		fg.min, fg.p50, fg.p90, fg.p99, fg.max, fg.mean);
	report_final_line(f, st);
}

/* JSON string body: escape what JSON requires, nothing else. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void report_json(FILE *f, const struct summary *s)
{
	const struct options *o = s->opt;
	const struct stats *st = s->stats;
	struct figures fg;
	unsigned int i;

	compute(s, &fg);
	fputs("{\"url\":", f);
	json_string(f, o->url);
	fputs(",\"method\":", f);
	json_string(f, o->method);
	fprintf(f, ",\"threads\":%u,\"connections\":%u,\"keepalive\":%s,"
		"\"pipeline\":%u,\"interrupted\":%s",
		o->threads, o->connections, o->keepalive ? "true" : "false",
		o->pipeline, s->interrupted ? "true" : "false");
	fprintf(f, ",\"requests\":%" PRIu64 ",\"good\":%" PRIu64
		",\"bad\":%" PRIu64 ",\"bad_by_class\":{",
		fg.requests, st->good, st->bad);
	for (i = 0; i < sizeof(bad_classes) / sizeof(bad_classes[0]); i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i ? "," : "",
			class_name[bad_classes[i]],
			st->by_class[bad_classes[i]]);
	fprintf(f, "},\"errors\":%" PRIu64 ",\"errors_by_kind\":{", fg.errors);
	for (i = 0; i < ERR_KINDS; i++)
		fprintf(f, "%s\"%s\":%" PRIu64, i ? "," : "", err_kind_name[i],
			st->errors[i]);
	fprintf(f, "},\"elapsed_s\":%.6f,\"requests_per_s\":%.1f"
		",\"bytes_received\":%" PRIu64 ",\"bytes_sent\":%" PRIu64
		",\"mb_per_s\":%.3f",
		s->elapsed, fg.rps, st->bytes_in, st->bytes_out, fg.mbps);
	fprintf(f, ",\"latency_us\":{\"min\":%" PRIu64 ",\"p50\":%" PRIu64
		",\"p90\":%" PRIu64 ",\"p99\":%" PRIu64 ",\"max\":%" PRIu64
		",\"mean\":%" PRIu64 "}}\n",
		fg.min, fg.p50, fg.p90, fg.p99, fg.max, fg.mean);
}

void report_final_line(FILE *f, const struct stats *s)
{
	fprintf(f, "good=%" PRIu64 " bad=%" PRIu64 " errors=%" PRIu64 "\n",
		s->good, s->bad, stats_errors(s));
}
