// SPDX-License-Identifier: GPL-2.0
/*
 * Dotfiles: a path component that starts with a dot (.git/config,
 * .htpasswd, .env) names something its owner rarely means to publish, so
 * it is answered 404, as if absent, unless the dotfiles tunable is 1.
 * ".well-known" (RFC 8615: ACME challenges, security.txt) is always
 * served.  Listings hide what a request could not fetch
 * (khttpd_static_dotfile_allowed()), and a change of the tunable empties
 * their cache.  The rule itself is plain C in lib/static/static_name.c,
 * with unit tests.
 */
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "static_dir.h"
#include "static_dotfiles.h"
#include "lib/static/static_name.h"
#include "core/params.h"

/* ---- tunable (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int static_dotfiles = KHTTPD_TUNABLE_DEFAULT(dotfiles);

/* listings built under the other value show other names */
static int dotfiles_apply(unsigned int on)
{
	khttpd_static_listing_flush();
	return 0;
}

static struct khttpd_uint_param dotfiles_param =
	KHTTPD_UINT_PARAM(dotfiles, static_dotfiles, dotfiles_apply);
module_param_cb(dotfiles, &khttpd_uint_param_ops, &dotfiles_param, 0644);
__MODULE_PARM_TYPE(dotfiles, "uint");
MODULE_PARM_DESC(dotfiles, KHTTPD_TUNABLE_MEANING(dotfiles));

/**
 * khttpd_static_dotfiles_on() - is the dotfiles tunable 1?
 *
 * Return: its value now, which a listing page records.
 */
bool khttpd_static_dotfiles_on(void)
{
	return READ_ONCE(static_dotfiles);
}

/**
 * khttpd_static_dotfile_allowed() - may a directory entry be shown?
 * @name: the entry's name, not NUL-terminated
 * @len: its length
 *
 * For listings: false for a dotfile while the dotfiles tunable is 0.
 *
 * Return: true if a request for it would be served.
 */
bool khttpd_static_dotfile_allowed(const char *name, size_t len)
{
	return READ_ONCE(static_dotfiles) || !khttpd_name_is_hidden(name, len);
}

/**
 * khttpd_static_path_allowed() - may a path below the docroot be served?
 * @rel: the normalised path, relative to the docroot (no leading '/')
 *
 * Return: false if a component is a dotfile and the tunable is 0; the
 * caller answers 404.
 */
bool khttpd_static_path_allowed(const char *rel)
{
	return READ_ONCE(static_dotfiles) || !khttpd_path_is_hidden(rel);
}
