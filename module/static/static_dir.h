/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generated HTML for static directories (the listing shown when a directory
 * has no index.html), and the escaping it and redirects need.
 */
#ifndef KHTTPD_STATIC_DIR_H
#define KHTTPD_STATIC_DIR_H

#include <linux/types.h>

struct path;

size_t khttpd_url_encode(char *dst, const char *src, size_t len,
			 bool keep_pchar);
char *khttpd_static_listing(const struct path *root, const struct path *dir,
			    const char *rel, const char *url_path,
			    size_t *len);

#endif /* KHTTPD_STATIC_DIR_H */
