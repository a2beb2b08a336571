// SPDX-License-Identifier: GPL-2.0
/*
 * The worker's part of a static request (khttpd_blocking, see
 * static_offload.c): what static.c would have waited for the disk for,
 * done the blocking way under the static files' credential: the lookups
 * (the file, a directory's index.html, a file's precompressed siblings),
 * the cache fill of the file that will be sent, the listing.  The replay
 * in io_work (khttpd_static_job_replay()) answers from these results.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

#include "core/budget.h"
#include "static.h"
#include "static_cache.h"
#include "static_dir.h"
#include "static_offload.h"
#include "static_precomp.h"
#include "static_priv.h"
#include "static_root.h"
#include "static_vhost.h"
#include "core/fault.h"

/* Look @name (kmalloc()ed, or NULL) up into @f, which takes it over. */
static int job_find(struct khttpd_static_found *f, const struct path *root,
		    char *name)
{
	f->name = name;
	if (!name)
		return f->err = -ENOMEM;
	f->err = khttpd_static_lookup(root, name, &f->path);
	if (f->err)
		return f->err;
	f->err = vfs_getattr(&f->path, &f->st, STATX_BASIC_STATS,
			     AT_STATX_SYNC_AS_STAT);
	if (f->err)
		path_put(&f->path);
	return f->err;
}

/* Read a small file into the file cache, for the replay to send. */
static void job_fill(struct khttpd_static_job *job, const struct path *root,
		     struct khttpd_static_found *f)
{
	struct khttpd_static_validators v;
	struct khttpd_static_entry *e;
	struct file *file;
	const char *key;

	if (khttpd_static_file_readable(&f->path, &f->st, 0) || job->head_only ||
	    f->st.size > KHTTPD_STATIC_CACHE_MAX_FILE ||
	    !khttpd_static_cache_limit() ||
	    khttpd_static_job_cancelled(job))
		return;
	file = khttpd_static_open(root, &f->path);
	if (IS_ERR(file))
		return;
	khttpd_static_validators_of(&f->st, &v);
	key = f->name;
	if (job->vhost) {	/* the site is part of the key */
		job->entry_key_buf = khttpd_static_site_key(job->site.name,
							    f->name);
		key = job->entry_key_buf;
	}
	e = key ? khttpd_static_cache_fill(file, key, strlen(key), &v) :
		  ERR_PTR(-ENOMEM);
	fput(file);
	if (IS_ERR(e)) {
		/*
		 * The replay streams it, unless the disk failed the read: the
		 * replay answers 500 rather than send a head and fail again.
		 */
		switch (PTR_ERR(e)) {
		case -EAGAIN:	/* it changed while read */
		case -EFBIG:
		case -ENOMEM:
			break;
		default:
			if (key) {
				job->fill_err = PTR_ERR(e);
				job->entry_key = key;
			}
		}
		return;
	}
	khttpd_static_cache_add(e);
	job->entry = e;
	job->entry_key = key;
}

/*
 * The file @f is to be sent: look its precompressed siblings up (into
 * found[2] and [3]), and fill the cache with the one pick_variant() in
 * static.c will choose from the same results, or with @f.
 */
static void job_file(struct khttpd_static_job *job, const struct path *root,
		     struct khttpd_static_found *f)
{
	struct khttpd_static_found *sib = &job->found[2], *send = f;
	unsigned int avail = 0;
	enum khttpd_coding c;
	int i;

	BUILD_BUG_ON(ARRAY_SIZE(job->found) < 2 + KHTTPD_SIBLINGS);
	if (!khttpd_static_precompressed_on()) {
		job_fill(job, root, f);
		return;
	}
	for (i = 0; i < KHTTPD_SIBLINGS; i++) {
		c = khttpd_static_sibling_coding(i);
		job_find(&sib[i], root, khttpd_static_sibling_name(f->name, c));
		if (khttpd_static_sibling_usable(&f->st, sib[i].err,
						 &sib[i].st) &&
		    !khttpd_static_file_readable(&sib[i].path, &sib[i].st, 0))
			avail |= 1U << c;
	}
	c = khttpd_accept_pick(&job->accept, avail);
	for (i = 0; i < KHTTPD_SIBLINGS; i++)
		if (c == khttpd_static_sibling_coding(i))
			send = &sib[i];
	job_fill(job, root, send);
}

static void job_list(struct khttpd_static_job *job, const struct path *root,
		     struct khttpd_static_found *dir)
{
	struct khttpd_listing *page;

	if (!khttpd_static_listing_on() || job->head_only ||
	    khttpd_static_dir_listable(&dir->path, &dir->st, 0) ||
	    khttpd_static_job_cancelled(job))
		return;
	page = khttpd_static_listing(root, &dir->path, &dir->st, job->rel,
				     job->url_path);
	if (IS_ERR(page))
		job->html_err = PTR_ERR(page);
	else
		job->listing = page;
}

/* What serve_path() or serve_index() will need, done the blocking way. */
static void job_resolve(struct khttpd_static_job *job, const struct path *root)
{
	struct khttpd_static_found *f = &job->found[0], *idx = &job->found[1];
	const gfp_t gfp = KHTTPD_GFP_CLIENT;

	if (job->index) {
		if (!job_find(f, root, khttpd_alloc(kstrdup("index.html", gfp))) &&
		    S_ISREG(f->st.mode))
			job_file(job, root, f);
		return;
	}
	if (job_find(f, root, khttpd_alloc(kstrdup(*job->rel ? job->rel : ".", gfp))))
		return;
	if (S_ISREG(f->st.mode)) {
		job_file(job, root, f);
	} else if (S_ISDIR(f->st.mode) && job->slash &&
		   !khttpd_static_job_cancelled(job)) {
		int err = job_find(idx, root, khttpd_alloc(kasprintf(gfp, "%sindex.html",
								     job->rel)));

		if (!err && S_ISREG(idx->st.mode))
			job_file(job, root, idx);
		else if (!err || err == -ENOENT)
			job_list(job, root, f);
	}
}

/**
 * khttpd_static_job_run() - the blocking part of a request: lookups, the
 * cache fill, the listing, under the static files' credential.
 * @job: the job, on khttpd_blocking
 *
 * Context: process; waits for the disk.
 */
void khttpd_static_job_run(struct khttpd_static_job *job)
{
	const struct path *root;
	const struct cred *old;
	int idx;

	might_sleep();
	root = khttpd_static_root_get(&idx, &old);
	if (root && job->vhost) {	/* everything below the site's folder */
		khttpd_static_site_find(root, job->site_name, &job->site);
		if (!job->site.err)
			job_resolve(job, &job->site.path);
	} else if (root) {
		job_resolve(job, root);
	}
	khttpd_static_root_put(idx, root, old);
}

