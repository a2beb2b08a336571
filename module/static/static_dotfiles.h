/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dotfiles below the docroot: refused with 404 unless the dotfiles tunable
 * allows them; ".well-known" always served (static_dotfiles.c).
 */
#ifndef KHTTPD_STATIC_DOTFILES_H
#define KHTTPD_STATIC_DOTFILES_H

#include <linux/types.h>

bool khttpd_static_dotfiles_on(void);
bool khttpd_static_dotfile_allowed(const char *name, size_t len);
bool khttpd_static_path_allowed(const char *rel);

#endif /* KHTTPD_STATIC_DOTFILES_H */
