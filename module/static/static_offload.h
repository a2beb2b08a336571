/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What may wait for the disk runs on khttpd_blocking, not in io_work.
 */
#ifndef KHTTPD_STATIC_OFFLOAD_H
#define KHTTPD_STATIC_OFFLOAD_H

#include <linux/fs.h>
#include <linux/path.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/stat.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "net/conn.h"
#include "http/http.h"
#include "lib/static/static_accept.h"

struct kh_http_request;
struct khttpd_static_entry;
struct khttpd_listing;

extern struct workqueue_struct *khttpd_blocking_wq;

/* One path a worker resolved: name NULL if unused, path valid if !err. */
struct khttpd_static_found {
	char *name;
	int err;
	struct path path;
	struct kstat st;
};

/*
 * A request whose answer needs the disk.  Referenced by the connection
 * (until resume or cancel) and by its work item (until it ends); conn, under
 * lock, is cleared by the connection before it can go away, so the worker
 * never touches a freed connection.  The worker reads only the copies
 * below (rel, url_path, the flags), never the connection's request.
 */
struct khttpd_static_job {
	struct work_struct work;
	refcount_t ref;
	spinlock_t lock;			/* protects conn */
	struct khttpd_conn *conn;		/* NULL once it let go */
	bool cancelled;

	/* set before the work is queued */
	const struct kh_http_request *req;	/* io_work's, for the replay */
	struct khttpd_reply reply;
	bool index;				/* "/": the docroot's index.html */
	bool slash;				/* the path ends in '/' */
	bool head_only;
	char *rel;				/* path below the docroot */
	char *url_path;				/* the decoded request path */
	struct khttpd_accept accept;		/* its Accept-Encoding */
	bool vhost;				/* below its site's folder */
	char *site_name;			/* that folder's name */

	/* written by the worker, read by the replay in io_work */
	/* the file or index.html, a directory's index.html, two siblings */
	struct khttpd_static_found found[4];
	struct khttpd_static_entry *entry;	/* a filled cache entry */
	const char *entry_key;			/* its cache key */
	char *entry_key_buf;			/* the key, if not a name */
	struct khttpd_static_found site;	/* the site's folder */
	int fill_err;				/* or the fill's read error */
	struct khttpd_listing *listing;		/* a reference, or NULL */
	int html_err;
};

int khttpd_static_offload(struct khttpd_conn *c, const struct khttpd_reply *r,
			  const struct kh_http_request *req, bool index);
bool khttpd_static_job_cancelled(const struct khttpd_static_job *job);
const struct khttpd_static_found *
khttpd_static_job_found(const struct khttpd_static_job *job, const char *name);

/* in static.c: the blocking part, and the answer written from its results */
void khttpd_static_job_run(struct khttpd_static_job *job);
void khttpd_static_job_replay(struct khttpd_conn *c,
			      struct khttpd_static_job *job);

bool khttpd_static_range_cached(struct file *file, loff_t pos, loff_t end);
ssize_t khttpd_static_read_range(struct file *file, loff_t pos, loff_t end);

int khttpd_static_offload_init(void);
void khttpd_static_offload_exit(void);

#endif /* KHTTPD_STATIC_OFFLOAD_H */
