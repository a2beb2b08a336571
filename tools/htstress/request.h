/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The request bytes, built once before the run and shared read-only by all
 * workers: @depth copies back to back, so a pipelined batch of k requests
 * is the first k * @len bytes.
 */
#ifndef HTSTRESS_REQUEST_H
#define HTSTRESS_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "url.h"

struct request {
	char *batch;
	size_t len;		/* bytes of one request */
	unsigned int depth;
	bool head;		/* HEAD: responses carry no body */
};

/**
 * request_build() - format the request for @o and @u into @r.
 * @r: result; free with request_free()
 * @o: options (method, extra headers, keep-alive, pipeline depth)
 * @u: target
 *
 * Return: 0, or -1 when out of memory.
 */
int request_build(struct request *r, const struct options *o,
		  const struct url *u);

void request_free(struct request *r);

#endif /* HTSTRESS_REQUEST_H */
