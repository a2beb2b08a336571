/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual hosts: the docroot folder a request's host names (static_host.c).
 * Plain C shared by the module and the user-space tests.
 */
#ifndef KHTTPD_STATIC_HOST_H
#define KHTTPD_STATIC_HOST_H

#include "../compat.h"

/* room for any site name and its NUL: a DNS name is at most 253 bytes */
#define KHTTPD_SITE_MAX		256

int khttpd_vhost_site(const char *host, size_t len, char *out, size_t size);

#endif /* KHTTPD_STATIC_HOST_H */
