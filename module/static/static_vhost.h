/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual hosts (static_vhost.c): with the vhosts tunable, the docroot's
 * folder named by the request's host is that site's root.
 */
#ifndef KHTTPD_STATIC_VHOST_H
#define KHTTPD_STATIC_VHOST_H

#include <linux/path.h>
#include <linux/types.h>

#include "lib/static/static_host.h"

struct khttpd_static_found;
struct khttpd_static_job;
struct kh_http_request;

bool khttpd_static_vhosts_on(void);
int khttpd_static_site_name(const char *host, size_t len, char *name);
int khttpd_static_site_cached(const struct path *docroot, char *name,
			      struct path *site);
void khttpd_static_site_find(const struct path *docroot, const char *name,
			     struct khttpd_static_found *f);
char *khttpd_static_site_key(const char *site, const char *key);
int khttpd_static_site_root(const struct kh_http_request *req,
			    const struct khttpd_static_job *job,
			    const struct path *docroot, char *name,
			    struct path *site);

#endif /* KHTTPD_STATIC_VHOST_H */
