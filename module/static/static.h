/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Static files from the document root (the docroot tunable).
 */
#ifndef KHTTPD_STATIC_H
#define KHTTPD_STATIC_H

#include <linux/types.h>

/*
 * Mode bits for "others", whom static files are served to (checkpatch
 * prefers octal to S_IROTH and S_IXOTH).
 */
#define KHTTPD_OTH_READ		0004
#define KHTTPD_OTH_SEARCH	0001

struct khttpd_conn;
struct khttpd_reply;
struct kh_http_request;
struct path;

void khttpd_static_respond(struct khttpd_conn *c, struct khttpd_reply *r,
			   const struct kh_http_request *req);
bool khttpd_static_index(struct khttpd_conn *c, struct khttpd_reply *r,
			 const struct kh_http_request *req);

int khttpd_static_permission(const struct path *path, int mask);
int khttpd_static_lookup(const struct path *root, const char *rel,
			 struct path *out);
int khttpd_static_lookup_cached(const struct path *root, const char *rel,
				struct path *out);
int khttpd_static_set_docroot(const char *dir);
void khttpd_static_start(void);
int khttpd_static_init(void);
void khttpd_static_exit(void);

#endif /* KHTTPD_STATIC_H */
