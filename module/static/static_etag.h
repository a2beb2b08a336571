/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entity tags of static files (static_etag.c).
 */
#ifndef KHTTPD_STATIC_ETAG_H
#define KHTTPD_STATIC_ETAG_H

#include <linux/types.h>

struct khttpd_static_validators;

size_t khttpd_static_etag(char *buf, size_t len,
			  const struct khttpd_static_validators *v);

#endif /* KHTTPD_STATIC_ETAG_H */
