// SPDX-License-Identifier: GPL-2.0
/*
 * Static files from the document root, the way TUX served them: file pages
 * go from the page cache to the socket without a copy, small hot files come
 * from a cache (static_cache.c), and nothing outside the docroot is served.
 *
 * Resolution.  The parser hands over a decoded, normalised path (no "..",
 * no NUL, no encoded '/').  It is looked up relative to the docroot's
 * struct path with LOOKUP_BENEATH (static_lookup.c): symlinks are followed,
 * but a step that would leave the docroot (an absolute symlink, a ".."
 * above it, a magic link) fails with EXDEV, answered 403.  A file is also
 * checked with path_is_under() when it is opened.
 *
 * Credentials.  io_work runs in a kworker with the kernel's credentials
 * (init_cred: uid 0, every capability).  All file system access here runs
 * instead under a credential made at load: uid 65534 and gid 65534 (nobody,
 * nogroup), no supplementary groups, no capabilities.  The kernel's own
 * permission checks then apply as for an unprivileged local user: every
 * directory on the way must be searchable by others and a file readable.
 * On top, khttpd serves only regular files with S_IROTH and lists only
 * directories with S_IROTH and S_IXOTH.  Devices, FIFOs and sockets get 403
 * before anything opens them, so no open can block.
 *
 * Bodies.  A file too large for the cache is streamed by the connection
 * through khttpd_body_ops.send: the file's splice_read fills the kworker's
 * splice pipe with references to page-cache pages (exactly as sendfile(2)
 * does) and each page goes to TCP with kernel_sendpage(), non-blocking; a
 * full socket ends the call with -EAGAIN and io_work resumes on write
 * space (static_body.c).
 *
 * Nothing here waits for the disk in io_work (static_offload.c): a path
 * not in the dentry cache, a file to read into the cache, a listing or
 * pages not in the page cache are handed to a worker on khttpd_blocking,
 * and the request is answered (or the body sent on) when it is done.
 *
 * Lifetimes.  The docroot (static_root.c) is published with RCU and
 * read under SRCU for the whole resolution of a request; a change waits for
 * those readers before path_put().  A streamed body (struct static_body)
 * belongs to the connection from khttpd_conn_out_stream() until release(),
 * which drops the file or cache entry it holds; the connection calls it
 * when the body is sent or the connection closes, and module exit closes
 * every connection before it empties the cache and drops the docroot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/namei.h>
#include <linux/net.h>
#include <linux/path.h>
#include <linux/pipe_fs_i.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/splice.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <net/sock.h>

#include "core/budget.h"
#include "net/conn.h"
#include "http/http.h"
#include "lib/http/http_parser.h"
#include "lib/http/http_path.h"
#include "mime.h"
#include "core/params.h"
#include "static.h"
#include "static_cache.h"
#include "lib/static/static_cond.h"
#include "static_dir.h"
#include "static_dotfiles.h"
#include "static_etag.h"
#include "static_body.h"
#include "static_offload.h"
#include "static_root.h"
#include "static_priv.h"
#include "static_precomp.h"
#include "static_vhost.h"
#include "core/stats.h"
#include "core/fault.h"

/* One request being resolved, under SRCU and the static credential. */
struct static_req {
	struct khttpd_conn *c;
	struct khttpd_reply *r;
	const struct kh_http_request *req;
	const struct path *root;
	struct khttpd_static_job *job;	/* a replay: what a worker resolved */
	const char *site;		/* vhosts: the site's folder, or NULL */
	bool miss;			/* a step would wait for I/O: hand off */
};

/* ---- responses ---- */

static void reply_status(struct static_req *sr, int status)
{
	struct khttpd_reply r = *sr->r;
	char body[48];
	int n;

	r.status = status;
	n = khttpd_http_status_body(body, sizeof(body), status);
	khttpd_http_reply(sr->c, &r, "text/plain", NULL, body, n);
}

/*
 * Write a head into the output buffer: return the buffer, with the head's
 * length in *@n and the room the buffer had in *@avail, or NULL if it does
 * not fit (the caller answers 500).
 */
static char *put_head(struct static_req *sr, const char *ctype, u64 clen,
		      const char *extra, size_t *n, size_t *avail)
{
	char *buf = khttpd_conn_out_space(sr->c, avail);

	*n = buf ? khttpd_http_head(buf, *avail, sr->r, ctype, clen, extra) : 0;
	return *n ? buf : NULL;
}

/* A head without a body: HEAD, 304, an empty file. */
static void send_head(struct static_req *sr, const char *ctype, u64 clen,
		      const char *extra)
{
	size_t avail, n;

	if (!put_head(sr, ctype, clen, extra, &n, &avail)) {
		khttpd_http_error(sr->c, 500);
		return;
	}
	khttpd_conn_out_commit(sr->c, n, sr->r);
}

/*
 * Head and body; takes over @src.  A body in memory that fits beside the
 * head is copied there, so both leave in one segment; anything else is
 * streamed by the connection (static_body.c).
 */
static void send_body(struct static_req *sr, const char *ctype,
		      const char *extra, u64 len, struct khttpd_static_src *src)
{
	const struct khttpd_body_ops *ops;
	size_t avail, n;
	void *body;
	char *buf;

	buf = put_head(sr, ctype, len, extra, &n, &avail);
	if (!buf)
		goto fail;
	if (sr->r->head_only ||
	    (len <= avail - n && khttpd_static_src_copy(src, buf + n, len))) {
		if (!sr->r->head_only)
			n += len;
		khttpd_conn_out_commit(sr->c, n, sr->r);
		khttpd_static_src_drop(src);
		return;
	}
	body = khttpd_static_body_new(src, len, &ops);
	if (!body)
		goto fail;
	khttpd_conn_out_commit(sr->c, n, sr->r);
	khttpd_conn_out_stream(sr->c, ops, body, len);
	return;

fail:
	khttpd_static_src_drop(src);
	khttpd_http_error(sr->c, 500);
}

/* 301 to the directory's slash form, keeping the query. */
static void redirect_slash(struct static_req *sr)
{
	static const char hdr[] = "Location: ";
	const struct kh_http_request *req = sr->req;
	static const char body[] = "301 Moved Permanently\n";
	struct khttpd_reply r = *sr->r;
	size_t n = sizeof(hdr) - 1;
	char *loc;

	loc = khttpd_alloc(kmalloc(n + 3 * req->path_len + 2 + req->query.len + 3,
				   KHTTPD_GFP_CLIENT));
	if (!loc) {
		reply_status(sr, 503);
		return;
	}
	memcpy(loc, hdr, n);
	n += kh_http_url_encode(loc + n, req->path, req->path_len, true);
	loc[n++] = '/';
	if (req->query.len) {
		loc[n++] = '?';
		memcpy(loc + n, req->query.p, req->query.len);
		n += req->query.len;
	}
	memcpy(loc + n, "\r\n", 3);
	r.status = 301;
	khttpd_http_reply(sr->c, &r, "text/plain", loc, body,
			  sizeof(body) - 1);
	kfree(loc);
}

/* ---- resolution ---- */

static int errno_status(int err)
{
	switch (err) {
	case -ENOENT:
	case -ENOTDIR:
	case -ENAMETOOLONG:
		return 404;
	case -EACCES:
	case -EPERM:
	case -EXDEV:		/* LOOKUP_BENEATH: it leads outside */
	case -ELOOP:
		return 403;
	case -ENOMEM:
	case -EAGAIN:
		return 503;
	default:
		return 500;
	}
}

/*
 * May others read the file, and may we?  @nowait (MAY_NOT_BLOCK) makes an
 * ACL that is not in memory -ECHILD instead of a read.
 */
int khttpd_static_file_readable(const struct path *path,
				const struct kstat *st, int nowait)
{
	if (!(st->mode & KHTTPD_OTH_READ))
		return -EACCES;
	return khttpd_static_permission(path, MAY_READ | nowait);
}

/* May others list the directory, and may we?  @nowait as above. */
int khttpd_static_dir_listable(const struct path *dir,
			       const struct kstat *st, int nowait)
{
	if ((st->mode & (KHTTPD_OTH_READ | KHTTPD_OTH_SEARCH)) !=
	    (KHTTPD_OTH_READ | KHTTPD_OTH_SEARCH))
		return -EACCES;
	return khttpd_static_permission(dir, MAY_READ | MAY_EXEC | nowait);
}

void khttpd_static_validators_of(const struct kstat *st,
				 struct khttpd_static_validators *v)
{
	v->ino = st->ino;
	v->size = st->size;
	v->mtime = st->mtime;
	v->ctime = st->ctime;
	v->dev = st->dev;
}

/*
 * A permission check in io_work: a first try may not wait for the disk
 * (-ECHILD: hand off); a replay runs after the worker's check read the ACL.
 */
static int may(struct static_req *sr, int err)
{
	if (err == -ECHILD)
		sr->miss = true;
	return err;
}

#define NOWAIT(sr)	((sr)->job ? 0 : MAY_NOT_BLOCK)

/*
 * Look @name up below the docroot and read its attributes: on a replay
 * from what the worker found, otherwise from the caches only, where a miss
 * sets sr->miss (and the caller returns without answering).
 */
static int resolve(struct static_req *sr, const char *name, struct path *p,
		   struct kstat *st)
{
	const struct khttpd_static_found *f;
	int err;

	f = khttpd_static_job_found(sr->job, name);
	if (f) {
		if (!f->err) {
			*p = f->path;
			path_get(p);
			*st = f->st;
		}
		return f->err;
	}
	err = khttpd_static_lookup_cached(sr->root, name, p);
	if (err == -EAGAIN || err == -ECHILD) {
		sr->miss = true;
		return -EAGAIN;
	}
	if (err)
		return err;
	/* attributes of an inode in memory: no file system we know reads */
	err = vfs_getattr(p, st, STATX_BASIC_STATS, AT_STATX_SYNC_AS_STAT);
	if (err)
		path_put(p);
	return err;
}

static bool not_modified(const struct kh_http_request *req,
			 const struct khttpd_static_validators *v,
			 const char *etag)
{
	time64_t since;

	if (req->if_none_match.p)
		return khttpd_etag_match(req->if_none_match.p,
					 req->if_none_match.len, etag);
	if (req->if_modified_since.p &&
	    !khttpd_http_date_parse(req->if_modified_since.p,
				    req->if_modified_since.len, &since))
		return v->mtime.tv_sec <= since;
	return false;
}

/* The entry a worker filled for @key, taken over; NULL if none. */
static struct khttpd_static_entry *job_entry(struct static_req *sr,
					     const char *key)
{
	struct khttpd_static_job *job = sr->job;
	struct khttpd_static_entry *e = NULL;

	if (job && job->entry && !strcmp(job->entry_key, key)) {
		e = job->entry;
		job->entry = NULL;
	}
	return e;
}

/*
 * The precompressed sibling of @key to send instead (static_precomp.c),
 * and whether it has any: looked up and checked like @key itself.
 */
struct static_variant {
	unsigned int avail;		/* codings with a usable sibling */
	enum khttpd_coding coding;	/* the one chosen, or identity */
	char *name[KHTTPD_SIBLINGS];
	struct path path[KHTTPD_SIBLINGS];
	struct kstat st[KHTTPD_SIBLINGS];
};

/*
 * Send the file at @path, @key its path below the docroot (the cache's
 * key), @ctype its type (the original's, for a sibling).  @var: NULL with
 * siblings off, else what pick_variant() found.
 */
static void send_file(struct static_req *sr, const struct path *path,
		      const struct kstat *st, const char *key,
		      const char *ctype, const struct static_variant *var)
{
	const struct kh_http_request *req = sr->req;
	enum khttpd_range range = KHTTPD_RANGE_NONE;
	u64 size = st->size, first = 0, last = 0, blen;
	struct khttpd_static_src src = { };
	char etag[64], lastmod[32], extra[256];
	struct khttpd_static_validators v;
	bool cacheable, cache_on;
	char *site_key = NULL;
	u32 key_len;
	int n;

	khttpd_static_validators_of(st, &v);
	khttpd_static_etag(etag, sizeof(etag), &v);
	khttpd_http_date(lastmod, sizeof(lastmod), v.mtime.tv_sec);
	n = scnprintf(extra, sizeof(extra),
		      "Accept-Ranges: bytes\r\nETag: %s\r\nLast-Modified: %s\r\n",
		      etag, lastmod);
	/* every response for a file with siblings varies (RFC 9110 §12.5.5) */
	if (var && var->avail)
		n += scnprintf(extra + n, sizeof(extra) - n,
			       "Vary: Accept-Encoding\r\n");
	if (var && var->coding != KHTTPD_CODING_IDENTITY)
		n += scnprintf(extra + n, sizeof(extra) - n,
			       "Content-Encoding: %s\r\n",
			       khttpd_static_coding_token(var->coding));

	if (not_modified(req, &v, etag)) {
		sr->r->status = 304;
		send_head(sr, ctype, size, extra);
		return;
	}
	/*
	 * Range is defined for GET only (RFC 9110 §14.2), and ignored when an
	 * If-Range names another version than this one (§13.1.5).
	 */
	if (req->range.p && req->method == HTTP_M_GET &&
	    (!req->if_range.p ||
	     khttpd_if_range_match(req->if_range.p, req->if_range.len, etag,
				   v.mtime.tv_sec, ktime_get_real_seconds())))
		range = khttpd_range_parse(req->range.p, req->range.len, size,
					   &first, &last);
	if (range == KHTTPD_RANGE_UNSATISFIABLE) {
		static const char body[] = "416 Range Not Satisfiable\n";

		scnprintf(extra + n, sizeof(extra) - n,
			  "Content-Range: bytes */%llu\r\n", size);
		sr->r->status = 416;
		khttpd_http_reply(sr->c, sr->r, "text/plain", extra, body,
				  sizeof(body) - 1);
		return;
	}
	sr->r->status = 200;
	blen = size;
	if (range == KHTTPD_RANGE_OK) {
		sr->r->status = 206;
		blen = last - first + 1;
		scnprintf(extra + n, sizeof(extra) - n,
			  "Content-Range: bytes %llu-%llu/%llu\r\n",
			  first, last, size);
	}
	if (sr->r->head_only || !blen) {
		send_head(sr, ctype, blen, extra);
		return;
	}

	cacheable = size <= KHTTPD_STATIC_CACHE_MAX_FILE;
	cache_on = cacheable && khttpd_static_cache_limit();
	if (cache_on && sr->site) {	/* the site is part of the key */
		site_key = khttpd_static_site_key(sr->site, key);
		if (!site_key) {
			reply_status(sr, 503);
			return;
		}
		key = site_key;
	}
	key_len = strlen(key);
	if (cache_on)
		src.entry = khttpd_static_cache_get(key, key_len, &v);
	if (!src.entry && cache_on && !sr->job) {
		/* reading the pages may wait for the disk: a worker fills it */
		sr->miss = true;
		goto out;
	}
	/* counted once, when answered: what the worker filled was a miss */
	if (cacheable)
		khttpd_stat_inc(src.entry && !(sr->job && sr->job->entry_key) ?
				KS_STATIC_CACHE_HITS : KS_STATIC_CACHE_MISSES);
	if (!src.entry && cache_on)
		src.entry = job_entry(sr, key);
	if (!src.entry && cache_on && sr->job && sr->job->fill_err &&
	    !strcmp(sr->job->entry_key, key)) {
		reply_status(sr, errno_status(sr->job->fill_err));
		return;
	}
	if (!src.entry) {	/* streamed: static_body.c reads without waiting */
		src.file = khttpd_static_open(sr->root, path);
		if (IS_ERR(src.file)) {
			reply_status(sr, errno_status(PTR_ERR(src.file)));
			goto out;
		}
	}
	src.start = first;
	src.v = v;
	send_body(sr, ctype, extra, blen, &src);
out:
	kfree(site_key);
}

static void variant_put(struct static_variant *var)
{
	int i;

	for (i = 0; i < KHTTPD_SIBLINGS; i++) {
		if (var->avail & 1U << khttpd_static_sibling_coding(i))
			path_put(&var->path[i]);
		kfree(var->name[i]);
	}
}

static void pick_variant(struct static_req *sr, const struct kstat *st,
			 const char *key, struct static_variant *var)
{
	const struct kh_http_str *ae = &sr->req->accept_encoding;
	struct khttpd_accept a;
	int i, err;

	memset(var, 0, sizeof(*var));
	for (i = 0; i < KHTTPD_SIBLINGS && !sr->miss; i++) {
		enum khttpd_coding c = khttpd_static_sibling_coding(i);

		var->name[i] = khttpd_static_sibling_name(key, c);
		if (!var->name[i])
			continue;
		err = resolve(sr, var->name[i], &var->path[i], &var->st[i]);
		if (err)
			continue;
		if (khttpd_static_sibling_usable(st, 0, &var->st[i]) &&
		    !may(sr, khttpd_static_file_readable(&var->path[i],
							 &var->st[i],
							 NOWAIT(sr))))
			var->avail |= 1U << c;
		else
			path_put(&var->path[i]);
	}
	khttpd_accept_parse(ae->p, ae->len, &a);
	var->coding = khttpd_accept_pick(&a, var->avail);
}

/*
 * A regular file at @path, @key its path below the docroot: the file, or
 * the precompressed sibling the request prefers (static_precomp.c).
 */
static void serve_file(struct static_req *sr, const struct path *path,
		       const struct kstat *st, const char *key)
{
	const char *ctype = khttpd_mime_type(key, strlen(key));
	struct static_variant var;
	int i;

	if (may(sr, khttpd_static_file_readable(path, st, NOWAIT(sr)))) {
		if (!sr->miss)
			reply_status(sr, 403);
		return;
	}
	if (!khttpd_static_precompressed_on()) {
		send_file(sr, path, st, key, ctype, NULL);
		return;
	}
	pick_variant(sr, st, key, &var);
	if (!sr->miss) {
		for (i = 0; i < KHTTPD_SIBLINGS; i++)
			if (var.coding == khttpd_static_sibling_coding(i))
				break;
		if (i < KHTTPD_SIBLINGS)
			send_file(sr, &var.path[i], &var.st[i], var.name[i],
				  ctype, &var);
		else
			send_file(sr, path, st, key, ctype, &var);
	}
	variant_put(&var);
}

/*
 * A listing (static_dir.c): 403 while listings are off; a cached page, or
 * a worker builds one.  HEAD builds nothing: without a page, its head has
 * no Content-Length.  A page is charged to the connection while it is sent.
 */
static void serve_listing(struct static_req *sr, const struct path *dir,
			  const struct kstat *st, const char *rel)
{
	static const char ctype[] = "text/html; charset=utf-8";
	struct khttpd_static_src src = { };
	struct khttpd_static_job *job = sr->job;
	struct khttpd_listing *page;

	if (!khttpd_static_listing_on() ||
	    may(sr, khttpd_static_dir_listable(dir, st, NOWAIT(sr)))) {
		if (!sr->miss)
			reply_status(sr, 403);
		return;
	}
	page = job && job->listing ? job->listing : khttpd_listing_cached(rel, st);
	if (job && page == job->listing)
		job->listing = NULL;
	sr->r->status = 200;
	if (!page && sr->r->head_only) {
		send_head(sr, ctype, KHTTPD_CLEN_UNKNOWN, NULL);
	} else if (!page && !job) {	/* up to 10,000 lookups: a worker */
		sr->miss = true;
	} else if (!page) {
		reply_status(sr, errno_status(job->html_err ?: -EAGAIN));
	} else if (khttpd_static_src_listing(&src, page,
					     khttpd_conn_budget(sr->c))) {
		reply_status(sr, 503);
	} else {
		send_body(sr, ctype, NULL, page->len, &src);
	}
}

/* A directory requested with its slash: index.html, else a listing. */
static void serve_dir(struct static_req *sr, const struct path *dir,
		      const struct kstat *st, const char *rel)
{
	struct kstat ist;
	struct path p;
	char *name;
	int err;

	name = khttpd_alloc(kasprintf(KHTTPD_GFP_CLIENT, "%sindex.html", rel));
	if (!name) {
		reply_status(sr, 503);
		return;
	}
	err = resolve(sr, name, &p, &ist);
	if (!err) {
		if (S_ISREG(ist.mode))
			serve_file(sr, &p, &ist, name);
		else
			err = -ENOENT;	/* not a file: as if there were none */
		path_put(&p);
	}
	kfree(name);
	if (sr->miss)
		return;
	if (err == -ENOENT)
		serve_listing(sr, dir, st, rel);
	else if (err)	/* an index.html that leads outside, or unreachable */
		reply_status(sr, errno_status(err));
}

static void serve_path(struct static_req *sr, const char *rel)
{
	struct kstat st;
	struct path path;
	int err;

	if (!khttpd_static_path_allowed(rel)) {
		reply_status(sr, 404);	/* a dotfile: as if absent */
		return;
	}
	err = resolve(sr, *rel ? rel : ".", &path, &st);
	if (sr->miss)
		return;
	if (err) {
		reply_status(sr, errno_status(err));
		return;
	}
	if (S_ISREG(st.mode))
		serve_file(sr, &path, &st, rel);
	else if (!S_ISDIR(st.mode))
		reply_status(sr, 403);	/* device, FIFO, socket */
	else if (!sr->req->path_has_trailing_slash)
		redirect_slash(sr);
	else
		serve_dir(sr, &path, &st, rel);
	path_put(&path);
}

/* "/": the docroot's index.html if it is a regular file */
static bool serve_index(struct static_req *sr)
{
	struct kstat st;
	struct path p;

	if (resolve(sr, "index.html", &p, &st))
		return sr->miss;
	if (S_ISREG(st.mode)) {
		sr->r->route = KR_STATIC;
		serve_file(sr, &p, &st, "index.html");
	}
	path_put(&p);
	return S_ISREG(st.mode);
}

/*
 * Answer from memory, or hand off what would wait for the disk: a first try
 * (@job NULL) queues a job and the connection waits for it; its replay
 * (@job set) answers from the job's results, and 503 if it still misses.
 * Return: true if answered or handed off; false for "/" without an index.
 */
static bool static_serve(struct khttpd_conn *c, struct khttpd_reply *r,
			 const struct kh_http_request *req,
			 struct khttpd_static_job *job, bool index)
{
	struct static_req sr = { .c = c, .r = r, .req = req, .job = job };
	const struct path *docroot;
	char site[KHTTPD_SITE_MAX];
	struct path site_path;
	const struct cred *old;
	bool served = true;
	int idx, status = 0;

	docroot = khttpd_static_root_get(&idx, &old);
	sr.root = docroot;
	if (docroot && (job ? job->vhost : khttpd_static_vhosts_on())) {
		int err = khttpd_static_site_root(req, job, docroot, site,
						  &site_path);

		if (err == -EAGAIN) {
			sr.miss = true;
		} else if (err) {	/* -EINVAL: not a host name */
			status = err == -EINVAL ? 400 : errno_status(err);
		} else {
			sr.root = &site_path;
			sr.site = site;
		}
	}
	if (status) {
		r->route = KR_STATIC;
		reply_status(&sr, status);
	} else if (docroot && !sr.miss) {
		if (index)
			served = serve_index(&sr);
		else
			serve_path(&sr, req->path + 1);
	}
	if (sr.site)
		path_put(&site_path);
	khttpd_static_root_put(idx, docroot, old);
	if (!docroot) {
		if (index)
			return false;
		r->route = KR_OTHER;
		reply_status(&sr, 404);
	} else if (sr.miss && (job || khttpd_static_offload(c, r, req, index))) {
		reply_status(&sr, 503);
	}
	return served;
}

/**
 * khttpd_static_respond() - answer GET or HEAD for a path below the docroot.
 * @c: connection, in its io_work
 * @r: reply settings from the router (route KR_STATIC)
 * @req: the request
 *
 * With static files off (docroot empty or unusable) the answer is 404.  What
 * is not in memory is looked up or read by a worker (static_offload.c), and
 * the answer comes later.
 */
void khttpd_static_respond(struct khttpd_conn *c, struct khttpd_reply *r,
			   const struct kh_http_request *req)
{
	static_serve(c, r, req, NULL, false);
}

/**
 * khttpd_static_index() - answer "/" with the docroot's index.html.
 * @c: connection, in its io_work
 * @r: reply settings from the router; route becomes KR_STATIC if served
 * @req: the request, for "/"
 *
 * Return: true if answered (or to be answered after a worker looked it
 * up); false if static files are off or the docroot has no regular file
 * index.html, and the caller answers instead.
 */
bool khttpd_static_index(struct khttpd_conn *c, struct khttpd_reply *r,
			 const struct kh_http_request *req)
{
	return static_serve(c, r, req, NULL, true);
}

/**
 * khttpd_static_job_replay() - answer a request a worker has resolved.
 * @c: connection, in its io_work (resume())
 * @job: the job, done
 */
void khttpd_static_job_replay(struct khttpd_conn *c,
			      struct khttpd_static_job *job)
{
	/* the router's own answer for "/" without an index.html (http.c) */
	static const char root_text[] = "khttpd: in-kernel HTTP/1.1 server\n";

	if (!static_serve(c, &job->reply, job->req, job, job->index))
		khttpd_http_reply(c, &job->reply, "text/plain; charset=utf-8",
				  NULL, root_text, sizeof(root_text) - 1);
}

/**
 * khttpd_static_init() - prepare the docroot's credential and SRCU and the
 * khttpd_blocking workqueue for static files.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_static_init(void)
{
	int err;

	err = khttpd_static_root_init();
	if (err)
		return err;
	err = khttpd_static_offload_init();
	if (err)
		goto err_root;
	return 0;

err_root:
	khttpd_static_root_exit();
	return err;
}

/**
 * khttpd_static_exit() - drop the docroot, the cache and the credential.
 *
 * Context: every connection is closed already (no body holds an entry, no
 * job or read waits for one); the work they left is drained first.
 */
void khttpd_static_exit(void)
{
	khttpd_static_offload_exit();
	khttpd_static_listing_exit();
	khttpd_static_root_exit();
}
