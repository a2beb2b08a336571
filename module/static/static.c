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
 * space.  A page that is not cached is read from disk in the worker, which
 * then sleeps; the workqueue runs the other connections on another kworker.
 *
 * Lifetimes.  The docroot (struct static_root) is published with RCU and
 * read under SRCU for the whole resolution of a request; a change waits for
 * those readers before path_put().  A streamed body (struct static_body)
 * belongs to the connection from khttpd_conn_out_stream() until release(),
 * which drops the file or cache entry it holds; the connection calls it
 * when the body is sent or the connection closes, and module exit closes
 * every connection before it empties the cache and drops the docroot.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/net.h>
#include <linux/path.h>
#include <linux/pipe_fs_i.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/splice.h>
#include <linux/srcu.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <net/sock.h>

#include "net/conn.h"
#include "http/http.h"
#include "lib/http/http_parser.h"
#include "mime.h"
#include "core/params.h"
#include "static.h"
#include "static_cache.h"
#include "lib/static/static_cond.h"
#include "static_dir.h"
#include "core/stats.h"

/* uid and gid files are read with: nobody, nogroup */
#define KHTTPD_STATIC_ID	65534
/* most body bytes one send() call offers TCP */
#define KHTTPD_STATIC_SEND_MAX	(256 * 1024)

/* The resolved docroot; freed by the change that replaces it. */
struct static_root {
	struct path path;
};

static struct static_root __rcu *static_root;	/* NULL: static files off */
static DEFINE_MUTEX(static_root_mutex);		/* serialises changes */
static struct srcu_struct static_srcu;		/* readers of static_root */
static const struct cred *static_cred;		/* nobody; init to exit */

/* A streamed file body: exactly one of entry and file is set. */
struct static_body {
	struct khttpd_static_entry *entry;	/* one reference */
	struct file *file;			/* one reference */
	u64 start;				/* file offset of body byte 0 */
};

/* A generated body (a listing), kvmalloc()ed. */
struct static_text {
	char *buf;
	size_t len;
};

/* One request being resolved, under SRCU and the static credential. */
struct static_req {
	struct khttpd_conn *c;
	struct khttpd_reply *r;
	const struct kh_http_request *req;
	const struct path *root;
};

/* ---- bodies ---- */

struct send_ctx {
	struct socket *sock;
	loff_t end;		/* file offset after the body's last byte */
	bool full;		/* the socket took less than it was offered */
};

/*
 * splice actor: offer each page in the pipe to TCP; a page sent whole is
 * released, the rest of the pipe is released by splice_direct_to_actor()
 * when this returns less than the pipe held.
 */
static int file_send_actor(struct pipe_inode_info *pipe,
			   struct splice_desc *sd)
{
	struct send_ctx *ctx = sd->u.data;
	unsigned int mask = pipe->ring_size - 1;
	loff_t pos = sd->pos;
	int sent = 0, ret;

	while (!pipe_empty(pipe->head, pipe->tail)) {
		struct pipe_buffer *buf = &pipe->bufs[pipe->tail & mask];
		int flags = MSG_DONTWAIT | MSG_NOSIGNAL;

		ret = pipe_buf_confirm(pipe, buf);
		if (ret)
			return sent ? sent : ret;
		if (pos + buf->len < ctx->end)
			flags |= MSG_MORE;
		if (pipe->tail + 1 != pipe->head)
			flags |= MSG_SENDPAGE_NOTLAST;
		ret = kernel_sendpage(ctx->sock, buf->page, buf->offset,
				      buf->len, flags);
		if (ret <= 0) {
			ctx->full = ret == -EAGAIN;
			return sent ? sent : ret;
		}
		sent += ret;
		pos += ret;
		if (ret < buf->len) {
			ctx->full = true;
			break;
		}
		pipe_buf_release(pipe, buf);
		pipe->tail++;
	}
	return sent;
}

static int file_body_send(void *priv, struct socket *sock, u64 off, u64 len)
{
	struct static_body *b = priv;
	struct send_ctx ctx = {
		.sock = sock,
		.end = b->start + off + len,
	};
	struct splice_desc sd = {
		.pos = b->start + off,
		.u.data = &ctx,
	};
	int room = sk_stream_wspace(sock->sk);
	ssize_t ret;

	/* read about what TCP has room for: pages it refuses are read again */
	sd.total_len = min_t(u64, len, clamp_t(int, room, PAGE_SIZE,
					       KHTTPD_STATIC_SEND_MAX));

	ret = splice_direct_to_actor(b->file, &sd, file_send_actor);
	if (ret == 0)	/* the file ended before Content-Length did */
		return ctx.full ? -EAGAIN : -EIO;
	return ret;
}

static int entry_body_send(void *priv, struct socket *sock, u64 off, u64 len)
{
	struct static_body *b = priv;

	return khttpd_static_entry_send(b->entry, sock, b->start + off, len);
}

static void body_release(void *priv)
{
	struct static_body *b = priv;

	if (b->entry)
		khttpd_static_entry_put(b->entry);
	if (b->file)
		fput(b->file);
	kfree(b);
}

static const struct khttpd_body_ops static_file_ops = {
	.send = file_body_send,
	.release = body_release,
};

static const struct khttpd_body_ops static_entry_ops = {
	.send = entry_body_send,
	.release = body_release,
};

static size_t text_body_fill(void *priv, u64 off, char *buf, size_t len)
{
	struct static_text *t = priv;

	memcpy(buf, t->buf + off, len);
	return len;
}

static void text_body_release(void *priv)
{
	struct static_text *t = priv;

	kvfree(t->buf);
	kfree(t);
}

static const struct khttpd_body_ops static_text_ops = {
	.fill = text_body_fill,
	.release = text_body_release,
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
 * Head and file body, from the cache entry @e or the open @file (the other
 * NULL); takes over the caller's reference to it.  A cached body that fits
 * beside the head is copied there, so both leave in one segment.
 */
static void send_file_body(struct static_req *sr, const char *ctype,
			   const char *extra, u64 blen, u64 first,
			   struct khttpd_static_entry *e, struct file *file)
{
	struct static_body *b;
	size_t avail, n;
	char *buf;

	buf = put_head(sr, ctype, blen, extra, &n, &avail);
	if (!buf)
		goto fail;
	if (e && blen <= avail - n) {
		khttpd_static_entry_copy(e, first, buf + n, blen);
		khttpd_conn_out_commit(sr->c, n + blen, sr->r);
		khttpd_static_entry_put(e);
		return;
	}
	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		goto fail;
	b->entry = e;
	b->file = file;
	b->start = first;
	khttpd_conn_out_commit(sr->c, n, sr->r);
	khttpd_conn_out_stream(sr->c, e ? &static_entry_ops : &static_file_ops,
			       b, blen);
	return;

fail:
	if (e)
		khttpd_static_entry_put(e);
	if (file)
		fput(file);
	khttpd_http_error(sr->c, 500);
}

/* Head and a generated body; takes over @text (kvmalloc()ed). */
static void send_text(struct static_req *sr, const char *ctype, char *text,
		      size_t len)
{
	struct static_text *t;
	size_t avail, n;
	char *buf;

	buf = put_head(sr, ctype, len, NULL, &n, &avail);
	if (!buf)
		goto fail;
	if (sr->r->head_only || len <= avail - n) {
		if (!sr->r->head_only) {
			memcpy(buf + n, text, len);
			n += len;
		}
		khttpd_conn_out_commit(sr->c, n, sr->r);
		kvfree(text);
		return;
	}
	t = kmalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		goto fail;
	t->buf = text;
	t->len = len;
	khttpd_conn_out_commit(sr->c, n, sr->r);
	khttpd_conn_out_stream(sr->c, &static_text_ops, t, len);
	return;

fail:
	kvfree(text);
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

	loc = kmalloc(n + 3 * req->path_len + 2 + req->query.len + 3,
		      GFP_KERNEL);
	if (!loc) {
		reply_status(sr, 503);
		return;
	}
	memcpy(loc, hdr, n);
	n += khttpd_url_encode(loc + n, req->path, req->path_len, true);
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

static struct file *static_open(const struct static_req *sr,
				const struct path *path)
{
	if (!path_is_under(path, sr->root))
		return ERR_PTR(-EXDEV);
	/* a regular file: O_NONBLOCK only in case a file system minds */
	return dentry_open(path, O_RDONLY | O_LARGEFILE | O_NONBLOCK,
			   current_cred());
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

/* A regular file at @path, @key its path below the docroot. */
static void serve_file(struct static_req *sr, const struct path *path,
		       const struct kstat *st, const char *key)
{
	const struct khttpd_static_validators v = {
		.ino = st->ino,
		.size = st->size,
		.mtime = st->mtime,
		.ctime = st->ctime,
		.dev = st->dev,
	};
	const struct kh_http_request *req = sr->req;
	enum khttpd_range range = KHTTPD_RANGE_NONE;
	u64 size = st->size, first = 0, last = 0, blen;
	struct khttpd_static_entry *e = NULL;
	char etag[64], lastmod[32], extra[256];
	bool cacheable, cache_on;
	struct file *file = NULL;
	u32 key_len = strlen(key);
	const char *ctype;
	int n;

	if (!(st->mode & KHTTPD_OTH_READ) || path_permission(path, MAY_READ)) {
		reply_status(sr, 403);
		return;
	}
	scnprintf(etag, sizeof(etag), "\"%llx-%llx-%llx\"", v.ino, size,
		  (u64)timespec64_to_ns(&v.mtime));
	khttpd_http_date(lastmod, sizeof(lastmod), v.mtime.tv_sec);
	ctype = khttpd_mime_type(key, key_len);
	n = scnprintf(extra, sizeof(extra),
		      "Accept-Ranges: bytes\r\nETag: %s\r\nLast-Modified: %s\r\n",
		      etag, lastmod);

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
	cache_on = cacheable && READ_ONCE(khttpd_params.file_cache_bytes);
	if (cache_on)
		e = khttpd_static_cache_get(key, key_len, &v);
	if (cacheable)
		khttpd_stat_inc(e ? KS_STATIC_CACHE_HITS :
				    KS_STATIC_CACHE_MISSES);
	if (!e) {
		file = static_open(sr, path);
		if (IS_ERR(file)) {
			reply_status(sr, errno_status(PTR_ERR(file)));
			return;
		}
	}
	if (!e && cache_on) {
		e = khttpd_static_cache_fill(file, key, key_len, &v);
		if (IS_ERR(e)) {
			e = NULL;	/* changed meanwhile: stream it */
		} else {
			khttpd_static_cache_add(e);
			fput(file);
			file = NULL;
		}
	}
	send_file_body(sr, ctype, extra, blen, first, e, file);
}

static void serve_listing(struct static_req *sr, const struct path *dir,
			  const struct kstat *st, const char *rel)
{
	size_t len;
	char *html;

	if ((st->mode & (KHTTPD_OTH_READ | KHTTPD_OTH_SEARCH)) !=
	    (KHTTPD_OTH_READ | KHTTPD_OTH_SEARCH) ||
	    path_permission(dir, MAY_READ | MAY_EXEC)) {
		reply_status(sr, 403);
		return;
	}
	html = khttpd_static_listing(sr->root, dir, rel, sr->req->path, &len);
	if (IS_ERR(html)) {
		reply_status(sr, errno_status(PTR_ERR(html)));
		return;
	}
	sr->r->status = 200;
	send_text(sr, "text/html; charset=utf-8", html, len);
}

/* A directory requested with its slash: index.html, else a listing. */
static void serve_dir(struct static_req *sr, const struct path *dir,
		      const struct kstat *st, const char *rel)
{
	static const char index[] = "index.html";
	size_t rlen = strlen(rel);
	struct kstat ist;
	struct path p;
	char *name;
	int err;

	name = kmalloc(rlen + sizeof(index), GFP_KERNEL);
	if (!name) {
		reply_status(sr, 503);
		return;
	}
	memcpy(name, rel, rlen);
	memcpy(name + rlen, index, sizeof(index));
	err = khttpd_static_lookup(sr->root, name, &p);
	if (!err) {
		err = vfs_getattr(&p, &ist, STATX_BASIC_STATS,
				  AT_STATX_SYNC_AS_STAT);
		if (!err && S_ISREG(ist.mode))
			serve_file(sr, &p, &ist, name);
		else if (!err)
			err = -ENOENT;	/* not a file: as if there were none */
		path_put(&p);
	}
	kfree(name);
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

	err = khttpd_static_lookup(sr->root, *rel ? rel : ".", &path);
	if (err) {
		reply_status(sr, errno_status(err));
		return;
	}
	err = vfs_getattr(&path, &st, STATX_BASIC_STATS,
			  AT_STATX_SYNC_AS_STAT);
	if (err)
		reply_status(sr, errno_status(err));
	else if (S_ISREG(st.mode))
		serve_file(sr, &path, &st, rel);
	else if (!S_ISDIR(st.mode))
		reply_status(sr, 403);	/* device, FIFO, socket */
	else if (!sr->req->path_has_trailing_slash)
		redirect_slash(sr);
	else
		serve_dir(sr, &path, &st, rel);
	path_put(&path);
}

/**
 * khttpd_static_respond() - answer GET or HEAD for a path below the docroot.
 * @c: connection, in its io_work
 * @r: reply settings from the router (route KR_STATIC)
 * @req: the request
 *
 * With static files off (docroot empty or unusable) the answer is 404.
 */
void khttpd_static_respond(struct khttpd_conn *c, struct khttpd_reply *r,
			   const struct kh_http_request *req)
{
	struct static_req sr = { .c = c, .r = r, .req = req };
	const struct static_root *root;
	const struct cred *old;
	int idx;

	idx = srcu_read_lock(&static_srcu);
	root = srcu_dereference(static_root, &static_srcu);
	if (root) {
		sr.root = &root->path;
		old = override_creds(static_cred);
		serve_path(&sr, req->path + 1);
		revert_creds(old);
	}
	srcu_read_unlock(&static_srcu, idx);
	if (!root) {
		r->route = KR_OTHER;
		reply_status(&sr, 404);
	}
}

/**
 * khttpd_static_index() - answer "/" with the docroot's index.html.
 * @c: connection, in its io_work
 * @r: reply settings from the router; route becomes KR_STATIC if served
 * @req: the request, for "/"
 *
 * Return: true if answered; false if static files are off or the docroot
 * has no regular file index.html, and the caller answers instead.
 */
bool khttpd_static_index(struct khttpd_conn *c, struct khttpd_reply *r,
			 const struct kh_http_request *req)
{
	struct static_req sr = { .c = c, .r = r, .req = req };
	const struct static_root *root;
	const struct cred *old;
	bool served = false;
	struct kstat st;
	struct path p;
	int idx;

	idx = srcu_read_lock(&static_srcu);
	root = srcu_dereference(static_root, &static_srcu);
	if (root) {
		sr.root = &root->path;
		old = override_creds(static_cred);
		if (!khttpd_static_lookup(sr.root, "index.html", &p)) {
			if (!vfs_getattr(&p, &st, STATX_BASIC_STATS,
					 AT_STATX_SYNC_AS_STAT) &&
			    S_ISREG(st.mode)) {
				r->route = KR_STATIC;
				serve_file(&sr, &p, &st, "index.html");
				served = true;
			}
			path_put(&p);
		}
		revert_creds(old);
	}
	srcu_read_unlock(&static_srcu, idx);
	return served;
}

/* ---- docroot ---- */

/* Others (our credential) must be able to search the docroot itself. */
static int root_searchable(const struct path *path)
{
	const struct cred *old = override_creds(static_cred);
	int err = path_permission(path, MAY_EXEC);

	revert_creds(old);
	return err;
}

/**
 * khttpd_static_set_docroot() - serve files from @dir from now on.
 * @dir: absolute path of a directory, or "" to turn static files off
 *
 * @dir is resolved now, with the caller's credentials, root and mount
 * namespace, and stays that directory (like a process's working directory)
 * until the next change, even if it is renamed or something is mounted
 * over its path.  The cache is emptied.
 *
 * Context: process, khttpd_params_lock() held or before the server runs.
 * Return: 0; -ENOENT, -ENOTDIR, -EACCES (others may not search it), or
 * another lookup error, and nothing changes.
 */
int khttpd_static_set_docroot(const char *dir)
{
	struct static_root *new = NULL, *old;
	int err;

	if (*dir) {
		new = kmalloc(sizeof(*new), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
				&new->path);
		if (err)
			goto err_free;
		err = root_searchable(&new->path);
		if (err)
			goto err_put;
	}
	mutex_lock(&static_root_mutex);
	old = rcu_replace_pointer(static_root, new,
				  lockdep_is_held(&static_root_mutex));
	mutex_unlock(&static_root_mutex);
	if (old) {
		synchronize_srcu(&static_srcu);
		path_put(&old->path);
		kfree(old);
	}
	khttpd_static_cache_flush();
	return 0;

err_put:
	path_put(&new->path);
err_free:
	kfree(new);
	return err;
}

/**
 * khttpd_static_start() - use the docroot given at load time.
 * @dir: the docroot tunable's value
 *
 * Unlike a later write, a docroot that cannot be used here does not fail
 * the load: static files stay off, with a warning, until docroot is set.
 *
 * Context: module init, khttpd_params_lock() held.
 */
void khttpd_static_start(const char *dir)
{
	int err = khttpd_static_set_docroot(dir);

	if (err)
		pr_warn("docroot %s: %pe; static files are off until docroot is set\n",
			dir, ERR_PTR(err));
}

/**
 * khttpd_static_init() - prepare the credential and SRCU for static files.
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_static_init(void)
{
	kuid_t uid = make_kuid(&init_user_ns, KHTTPD_STATIC_ID);
	kgid_t gid = make_kgid(&init_user_ns, KHTTPD_STATIC_ID);
	struct cred *cred;
	int err;

	cred = prepare_kernel_cred(NULL);
	if (!cred)
		return -ENOMEM;
	cred->uid = uid;
	cred->euid = uid;
	cred->suid = uid;
	cred->fsuid = uid;
	cred->gid = gid;
	cred->egid = gid;
	cred->sgid = gid;
	cred->fsgid = gid;
	cap_clear(cred->cap_inheritable);
	cap_clear(cred->cap_permitted);
	cap_clear(cred->cap_effective);
	cap_clear(cred->cap_bset);
	cap_clear(cred->cap_ambient);
	err = init_srcu_struct(&static_srcu);
	if (err)
		goto err_cred;
	static_cred = cred;
	return 0;

err_cred:
	put_cred(cred);
	return err;
}

/**
 * khttpd_static_exit() - drop the docroot, the cache and the credential.
 *
 * Context: every connection is closed already (no body holds an entry).
 */
void khttpd_static_exit(void)
{
	khttpd_static_set_docroot("");
	cleanup_srcu_struct(&static_srcu);
	put_cred(static_cred);
}
