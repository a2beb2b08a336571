// SPDX-License-Identifier: GPL-2.0
/*
 * Static files without waiting for the disk in io_work.
 *
 * io_work runs on WQ_HIGHPRI workqueues and must not sleep on I/O: one
 * cold read there would hold a high-priority worker and every connection
 * queued behind it.  So io_work answers from what is in memory (the dentry
 * cache, the page cache, the file cache) and hands anything else to
 * khttpd_blocking, an unbound workqueue at normal priority with a bounded
 * number of workers:
 *
 * - a request whose path is not in the dentry cache, whose small file must
 *   be read into the file cache, or that lists a directory: a job here
 *   resolves it (lookups, getattr, the cache fill, the listing), and the
 *   connection waits through the asynchronous response path /fib uses
 *   (khttpd_conn_wait_async()).  When the job is done, resume() replays
 *   the request in io_work from the job's results.
 * - a streamed file body whose next pages are not in the page cache:
 *   static_body.c has a worker read them, then wakes io_work with the
 *   socket's write-space callback, as TCP would.
 *
 * A hot request (cached dentries, a file cache hit, resident pages) takes
 * none of this: no allocation, no queueing.
 *
 * Cancellation: a client that goes away closes its connection, whose
 * cancel() clears job->conn under job->lock; the worker checks it before
 * it calls khttpd_conn_async_done() and between its steps.  Module exit
 * closes every connection first, then khttpd_static_offload_exit() drains
 * the workqueue before the docroot, the cache and the credential go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/pipe_fs_i.h>
#include <linux/slab.h>
#include <linux/splice.h>
#include <linux/string.h>

#include "core/budget.h"
#include "static_offload.h"
#include "static_cache.h"
#include "static_dir.h"
#include "static_vhost.h"
#include "lib/http/http_parser.h"
#include "core/stats.h"
#include "core/fault.h"

/* blocking jobs in flight at once, over all CPUs */
#define KHTTPD_BLOCKING_MAX_ACTIVE	16

struct workqueue_struct *khttpd_blocking_wq;
static bool static_offload_stopping;

static void job_put(struct khttpd_static_job *job)
{
	int i;

	if (!refcount_dec_and_test(&job->ref))
		return;
	for (i = 0; i < ARRAY_SIZE(job->found); i++) {
		if (job->found[i].name && !job->found[i].err)
			path_put(&job->found[i].path);
		kfree(job->found[i].name);
	}
	if (job->entry)
		khttpd_static_entry_put(job->entry);
	khttpd_listing_put(job->listing);
	if (job->site.name && !job->site.err)
		path_put(&job->site.path);
	kfree(job->site.name);
	kfree(job->site_name);
	kfree(job->entry_key_buf);
	kfree(job->rel);
	kfree(job->url_path);
	kfree(job);
}

/**
 * khttpd_static_job_cancelled() - should the worker give up?
 * @job: the job it runs
 *
 * Return: true once the connection let go or the module is unloading.
 */
bool khttpd_static_job_cancelled(const struct khttpd_static_job *job)
{
	return READ_ONCE(job->cancelled) || READ_ONCE(static_offload_stopping);
}

/**
 * khttpd_static_job_found() - what the worker resolved for @name.
 * @job: the job, or NULL (a first try: nothing resolved)
 * @name: a path below the docroot
 *
 * Return: the result, or NULL if the worker did not look @name up.
 */
const struct khttpd_static_found *
khttpd_static_job_found(const struct khttpd_static_job *job, const char *name)
{
	int i;

	for (i = 0; job && i < ARRAY_SIZE(job->found); i++)
		if (job->found[i].name && !strcmp(job->found[i].name, name))
			return &job->found[i];
	return NULL;
}

static void job_work(struct work_struct *work)
{
	struct khttpd_static_job *job =
		container_of(work, struct khttpd_static_job, work);

	if (!khttpd_static_job_cancelled(job))
		khttpd_static_job_run(job);
	spin_lock_bh(&job->lock);
	if (job->conn)
		khttpd_conn_async_done(job->conn);
	spin_unlock_bh(&job->lock);
	job_put(job);
}

/* The connection lets go: after this the worker cannot reach it. */
static void job_detach(struct khttpd_static_job *job)
{
	spin_lock_bh(&job->lock);
	job->conn = NULL;
	WRITE_ONCE(job->cancelled, true);
	spin_unlock_bh(&job->lock);
	job_put(job);
}

static void job_resume(struct khttpd_conn *c, void *arg)
{
	struct khttpd_static_job *job = arg;

	khttpd_static_job_replay(c, job);
	job_detach(job);
}

static void job_cancel(void *arg)
{
	job_detach(arg);
}

static const struct khttpd_async_ops static_job_ops = {
	.resume = job_resume,
	.cancel = job_cancel,
};

/**
 * khttpd_static_offload() - answer @req after a worker resolved it.
 * @c: connection, in its io_work
 * @r: reply settings from the router
 * @req: the request; stays in @c's input buffer until resume()
 * @index: answering "/" with the docroot's index.html
 *
 * Return: 0, the connection now waits; or -ENOMEM and nothing changed.
 */
int khttpd_static_offload(struct khttpd_conn *c, const struct khttpd_reply *r,
			  const struct kh_http_request *req, bool index)
{
	struct khttpd_static_job *job;

	job = khttpd_alloc(kzalloc(sizeof(*job), KHTTPD_GFP_CLIENT));
	if (!job)
		return -ENOMEM;
	job->rel = khttpd_alloc(kstrdup(req->path + 1, KHTTPD_GFP_CLIENT));
	job->url_path = khttpd_alloc(kstrdup(req->path, KHTTPD_GFP_CLIENT));
	if (!job->rel || !job->url_path)
		goto err;
	job->vhost = khttpd_static_vhosts_on();
	if (job->vhost) {
		char name[KHTTPD_SITE_MAX];

		if (khttpd_static_site_name(req->host.p, req->host.len, name))
			goto err;	/* answered 400 before any hand-off */
		job->site_name = khttpd_alloc(kstrdup(name, GFP_KERNEL));
		if (!job->site_name)
			goto err;
	}
	refcount_set(&job->ref, 2);	/* the connection's and the work's */
	spin_lock_init(&job->lock);
	INIT_WORK(&job->work, job_work);
	job->conn = c;
	job->req = req;
	job->reply = *r;
	job->index = index;
	job->slash = req->path_has_trailing_slash;
	job->head_only = r->head_only;
	khttpd_accept_parse(req->accept_encoding.p, req->accept_encoding.len,
			    &job->accept);
	khttpd_conn_wait_async(c, &static_job_ops, job);
	queue_work(khttpd_blocking_wq, &job->work);
	khttpd_stat_inc(KS_STATIC_OFFLOADED);
	return 0;

err:
	kfree(job->site_name);
	kfree(job->rel);
	kfree(job->url_path);
	kfree(job);
	return -ENOMEM;
}

/**
 * khttpd_static_range_cached() - are a file's bytes in the page cache?
 * @file: the file
 * @pos: first byte
 * @end: byte after the last
 *
 * Context: any process context; does not sleep on I/O.
 * Return: true if every page of [@pos, @end) is cached and up to date, so
 * that reading it does not wait for the disk.
 */
bool khttpd_static_range_cached(struct file *file, loff_t pos, loff_t end)
{
	struct address_space *mapping = file->f_mapping;
	pgoff_t index = pos >> PAGE_SHIFT;
	pgoff_t last = (end - 1) >> PAGE_SHIFT;
	struct folio *folio;
	bool ok = true;

	while (ok && pos < end && index <= last) {
		folio = filemap_get_folio(mapping, index);
		if (!folio)
			return false;
		ok = folio_test_uptodate(folio);
		index = folio_next_index(folio);
		folio_put(folio);
	}
	return ok;
}

/* splice actor that only waits for each page to be read, then drops it */
static int read_actor(struct pipe_inode_info *pipe, struct splice_desc *sd)
{
	unsigned int mask = pipe->ring_size - 1;
	int taken = 0, ret;

	while (!pipe_empty(pipe->head, pipe->tail)) {
		struct pipe_buffer *buf = &pipe->bufs[pipe->tail & mask];

		ret = pipe_buf_confirm(pipe, buf);
		if (ret)
			return taken ? taken : ret;
		taken += buf->len;
		pipe_buf_release(pipe, buf);
		pipe->tail++;
	}
	return taken;
}

/**
 * khttpd_static_read_range() - bring a file's bytes into the page cache.
 * @file: the file
 * @pos: first byte
 * @end: byte after the last
 *
 * Reads through the file's splice_read, as sending does, so whatever the
 * file system does there (readahead, tmpfs holes as the zero page) is done
 * once here.
 *
 * Context: process, on khttpd_blocking; waits for the disk.
 * Return: bytes read, or a negative errno.
 */
ssize_t khttpd_static_read_range(struct file *file, loff_t pos, loff_t end)
{
	struct splice_desc sd = {
		.total_len = end - pos,
		.pos = pos,
	};

	might_sleep();
	return splice_direct_to_actor(file, &sd, read_actor);
}

/**
 * khttpd_static_offload_init() - create khttpd_blocking.
 *
 * Unbound and at normal priority: its work waits for disks, and must not
 * take CPU from io_work.  WQ_MEM_RECLAIM is not needed (nothing in reclaim
 * waits for it).  max_active bounds the reads in flight; sysfs shows it.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_static_offload_init(void)
{
	static_offload_stopping = false;
	khttpd_blocking_wq = alloc_workqueue("khttpd_blocking",
					     WQ_UNBOUND | WQ_SYSFS,
					     KHTTPD_BLOCKING_MAX_ACTIVE);
	return khttpd_blocking_wq ? 0 : -ENOMEM;
}

/**
 * khttpd_static_offload_exit() - let queued work end, destroy the queue.
 *
 * Context: every connection is closed (each cancelled its job and released
 * its body); queued work finds itself cancelled and only drops references.
 */
void khttpd_static_offload_exit(void)
{
	WRITE_ONCE(static_offload_stopping, true);
	destroy_workqueue(khttpd_blocking_wq);
}
