/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Precompressed siblings of static files (static_precomp.c): F.br and F.gz
 * served for F when the precompressed tunable is 1 and Accept-Encoding
 * allows them.
 */
#ifndef KHTTPD_STATIC_PRECOMP_H
#define KHTTPD_STATIC_PRECOMP_H

#include <linux/stat.h>
#include <linux/types.h>

#include "lib/static/static_accept.h"

/* the codings tried, best first (br is the smaller at equal weight) */
#define KHTTPD_SIBLINGS	2

bool khttpd_static_precompressed_on(void);
enum khttpd_coding khttpd_static_sibling_coding(int i);
char *khttpd_static_sibling_name(const char *key, enum khttpd_coding c);
const char *khttpd_static_coding_token(enum khttpd_coding c);
bool khttpd_static_sibling_usable(const struct kstat *file, int err,
				  const struct kstat *sib);

#endif /* KHTTPD_STATIC_PRECOMP_H */
