/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The document root of static files and the credential they are read with.
 */
#ifndef KHTTPD_STATIC_ROOT_H
#define KHTTPD_STATIC_ROOT_H

struct cred;
struct path;

const struct path *khttpd_static_root_get(int *idx, const struct cred **old);
void khttpd_static_root_put(int idx, const struct path *root,
			    const struct cred *old);
int khttpd_static_root_init(void);
void khttpd_static_root_exit(void);

#endif /* KHTTPD_STATIC_ROOT_H */
