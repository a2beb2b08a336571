// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual hosts, as TUX's mass virtual hosting: with the vhosts tunable 1,
 * a request for host H is served from the docroot's folder H (lower-cased,
 * port removed, validated as a DNS name or IP literal by
 * lib/static/static_host.c, never a path), and from the folder "default"
 * when there is no folder H or no host at all.  A host that is neither a
 * DNS name nor an IP literal is answered 400.  The site's folder is then
 * the root of every lookup of the request, so the rules beneath the
 * docroot (no "..", symlinks only within, mounts followed) hold beneath
 * the site: one site cannot reach another's files.  The file cache's key
 * is "site/path"; a listing is cached under its path and checked against
 * the directory's device and inode, which differ per site.
 */
#include <linux/dcache.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

#include "static.h"
#include "static_offload.h"
#include "static_vhost.h"
#include "lib/http/http_parser.h"
#include "core/params.h"
#include "core/fault.h"

/* ---- tunable (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int static_vhosts = KHTTPD_TUNABLE_DEFAULT(vhosts);

static struct khttpd_uint_param vhosts_param =
	KHTTPD_UINT_PARAM(vhosts, static_vhosts, NULL);
module_param_cb(vhosts, &khttpd_uint_param_ops, &vhosts_param, 0644);
__MODULE_PARM_TYPE(vhosts, "uint");
MODULE_PARM_DESC(vhosts, KHTTPD_TUNABLE_MEANING(vhosts));

static const char site_default[] = "default";

/**
 * khttpd_static_vhosts_on() - is the docroot a folder of sites?
 *
 * Return: true while the vhosts tunable is 1.
 */
bool khttpd_static_vhosts_on(void)
{
	return READ_ONCE(static_vhosts);
}

/**
 * khttpd_static_site_name() - the folder a request's host names.
 * @host: the request's host (absolute-form authority or Host), or NULL
 * @len: its length
 * @name: KHTTPD_SITE_MAX bytes: the folder's name, or "default"
 *
 * Return: 0, or -400 for a host that is not a DNS name or IP literal.
 */
int khttpd_static_site_name(const char *host, size_t len, char *name)
{
	int n = khttpd_vhost_site(host, len, name, KHTTPD_SITE_MAX);

	if (n < 0)
		return n;
	if (!n)
		strscpy(name, site_default, KHTTPD_SITE_MAX);
	return 0;
}

/* Is the lookup result a site's folder? */
static int site_check(int err, struct path *p)
{
	if (!err && !d_is_dir(p->dentry)) {
		path_put(p);
		err = -ENOTDIR;
	}
	return err;
}

/**
 * khttpd_static_site_cached() - a site's folder, from the caches only.
 * @docroot: the docroot
 * @name: the folder's name; becomes "default" if there is no such folder
 * @site: set to the folder on success (the caller puts it)
 *
 * Context: io_work; never waits for the disk.
 * Return: 0; -EAGAIN or -ECHILD if a lookup would wait (hand off); or the
 * lookup's error for "default".
 */
int khttpd_static_site_cached(const struct path *docroot, char *name,
			      struct path *site)
{
	int err = site_check(khttpd_static_lookup_cached(docroot, name, site),
			     site);

	if (err != -ENOENT && err != -ENOTDIR)
		return err;
	strscpy(name, site_default, KHTTPD_SITE_MAX);
	return site_check(khttpd_static_lookup_cached(docroot, name, site),
			  site);
}

/**
 * khttpd_static_site_find() - a site's folder, the blocking way.
 * @docroot: the docroot
 * @name: the folder's name (khttpd_static_site_name())
 * @f: set to the folder found (its name "default" if there is no @name),
 *	or to the error
 *
 * Context: a khttpd_blocking worker, under the static files' credential.
 */
void khttpd_static_site_find(const struct path *docroot, const char *name,
			     struct khttpd_static_found *f)
{
	f->name = khttpd_alloc(kstrdup(name, GFP_KERNEL));
	if (!f->name) {
		f->err = -ENOMEM;
		return;
	}
	f->err = site_check(khttpd_static_lookup(docroot, name, &f->path),
			    &f->path);
	if (f->err != -ENOENT && f->err != -ENOTDIR)
		return;
	kfree(f->name);
	f->name = khttpd_alloc(kstrdup(site_default, GFP_KERNEL));
	f->err = f->name ? site_check(khttpd_static_lookup(docroot,
							   site_default,
							   &f->path),
				      &f->path) : -ENOMEM;
}

/**
 * khttpd_static_site_key() - the file cache's key for @key of @site.
 * @site: the site's folder name
 * @key: a path below the site
 *
 * Return: "@site/@key", kmalloc()ed, or NULL without memory.
 */
char *khttpd_static_site_key(const char *site, const char *key)
{
	return khttpd_alloc(kasprintf(GFP_KERNEL, "%s/%s", site, key));
}

/**
 * khttpd_static_site_root() - the root of a request's site.
 * @req: the request
 * @job: its worker's results on a replay, else NULL
 * @docroot: the docroot
 * @name: KHTTPD_SITE_MAX bytes: set to the site's folder name
 * @site: set to the site's folder (held: the caller puts it)
 *
 * Context: io_work; never waits for the disk.
 * Return: 0; -EINVAL if the host is not a DNS name or IP literal (400);
 * -EAGAIN if a lookup would wait (hand off); or a lookup error.
 */
int khttpd_static_site_root(const struct kh_http_request *req,
			    const struct khttpd_static_job *job,
			    const struct path *docroot, char *name,
			    struct path *site)
{
	const struct khttpd_static_found *f = job ? &job->site : NULL;
	int err;

	if (khttpd_static_site_name(req->host.p, req->host.len, name))
		return -EINVAL;
	if (f && f->name) {
		if (f->err)
			return f->err;
		strscpy(name, f->name, KHTTPD_SITE_MAX);
		*site = f->path;
		path_get(site);
		return 0;
	}
	err = khttpd_static_site_cached(docroot, name, site);
	return err == -ECHILD ? -EAGAIN : err;
}
