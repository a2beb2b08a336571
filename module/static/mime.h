/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Content-Type of a static file, from its name's extension.
 */
#ifndef KHTTPD_MIME_H
#define KHTTPD_MIME_H

#include <linux/types.h>

const char *khttpd_mime_type(const char *name, size_t len);

#endif /* KHTTPD_MIME_H */
