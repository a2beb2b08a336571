/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which names below the docroot are served: a path component that starts
 * with a dot (.git, .htpasswd, .env) is hidden unless the dotfiles tunable
 * allows it; ".well-known" (RFC 8615) never is.  Plain C, unit-tested.
 */
#ifndef KHTTPD_STATIC_NAME_H
#define KHTTPD_STATIC_NAME_H

#include "../compat.h"

bool khttpd_name_is_hidden(const char *name, size_t len);
bool khttpd_path_is_hidden(const char *path);

#endif /* KHTTPD_STATIC_NAME_H */
