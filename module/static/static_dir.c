// SPDX-License-Identifier: GPL-2.0
/*
 * Directory listings.
 *
 * A listing shows what a client could fetch from the directory: regular
 * files others may read and directories others may search, found the way a
 * request for them would be (below the docroot, symlinks followed only if
 * they stay there).  Names starting with '.' are hidden, and names holding a
 * control character are left out (no request can name them).  Each name is
 * HTML-escaped in the text and percent-encoded in its href, so a file called
 * "<script>" or "a:b" is shown and linked as itself.
 *
 * The listing is built per request into one buffer sized exactly by a first
 * pass; at most KHTTPD_LISTING_MAX entries are shown.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stat.h>
#include <linux/string.h>

#include "http/http.h"
#include "static.h"
#include "static_dir.h"

#define KHTTPD_LISTING_MAX	10000
/* bytes of names collected from one directory */
#define KHTTPD_LISTING_NAMES	(1024 * 1024)

/* unreserved (RFC 3986 §2.3) */
static bool url_unreserved(u8 c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* the rest of pchar, and '/': what a path may hold unescaped */
static bool url_path_char(u8 c)
{
	return url_unreserved(c) || strchr("!$&'()*+,;=:@/", c);
}

/**
 * khttpd_url_encode() - percent-encode bytes for a URL.
 * @dst: destination, or NULL to measure
 * @src: bytes to encode
 * @len: their number
 * @keep_pchar: keep sub-delims, ':', '@' and '/' (a whole path, e.g. for
 *	Location); otherwise only unreserved characters stay (one name, safe
 *	as a relative reference and inside an HTML attribute)
 *
 * Return: bytes written (or needed), at most 3 * @len.
 */
size_t khttpd_url_encode(char *dst, const char *src, size_t len,
			 bool keep_pchar)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		u8 c = src[i];

		if (c && (url_unreserved(c) || (keep_pchar && url_path_char(c)))) {
			if (dst)
				dst[n] = c;
			n++;
		} else {
			if (dst) {
				dst[n] = '%';
				dst[n + 1] = hex_asc_upper_hi(c);
				dst[n + 2] = hex_asc_upper_lo(c);
			}
			n += 3;
		}
	}
	return n;
}

/* An output buffer, or a counter of the bytes it would need (p NULL). */
struct html_out {
	char *p;
	size_t len;
};

static void out_mem(struct html_out *o, const char *s, size_t n)
{
	if (o->p)
		memcpy(o->p + o->len, s, n);
	o->len += n;
}

static void out_str(struct html_out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_html(struct html_out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			out_str(o, "&amp;");
			break;
		case '<':
			out_str(o, "&lt;");
			break;
		case '>':
			out_str(o, "&gt;");
			break;
		case '"':
			out_str(o, "&quot;");
			break;
		case '\'':
			out_str(o, "&#39;");
			break;
		default:
			out_mem(o, s + i, 1);
		}
	}
}

static void out_url(struct html_out *o, const char *s, size_t n)
{
	o->len += khttpd_url_encode(o->p ? o->p + o->len : NULL, s, n, false);
}

struct listing_entry {
	const char *name;
	u32 len;
	bool dir;
	u64 size;
	time64_t mtime;
};

/* Names collected by iterate_dir(), NUL-separated in one growing buffer. */
struct listing_names {
	struct dir_context ctx;
	char *buf;
	size_t used;
	size_t size;
	unsigned int count;
	bool full;
	int err;
};

static bool name_listed(const char *name, int len)
{
	int i;

	if (name[0] == '.')
		return false;	/* ".", ".." and hidden files */
	for (i = 0; i < len; i++)
		if ((u8)name[i] < 0x20 || name[i] == 0x7f)
			return false;
	return true;
}

static bool listing_actor(struct dir_context *ctx, const char *name, int len,
			  loff_t off, u64 ino, unsigned int type)
{
	struct listing_names *ln = container_of(ctx, struct listing_names, ctx);

	if (!name_listed(name, len))
		return true;
	if (ln->count == KHTTPD_LISTING_MAX) {
		ln->full = true;
		return false;
	}
	if (ln->used + len + 1 > ln->size) {
		size_t size = max_t(size_t, ln->size * 2, 4096);
		char *p;

		if (ln->used + len + 1 > KHTTPD_LISTING_NAMES) {
			ln->full = true;
			return false;
		}
		size = min_t(size_t, size, KHTTPD_LISTING_NAMES);
		p = kvrealloc(ln->buf, ln->size, size, GFP_KERNEL);
		if (!p) {
			ln->err = -ENOMEM;
			return false;
		}
		ln->buf = p;
		ln->size = size;
	}
	memcpy(ln->buf + ln->used, name, len);
	ln->buf[ln->used + len] = '\0';
	ln->used += len + 1;
	ln->count++;
	return true;
}

static int listing_cmp(const void *a, const void *b)
{
	const struct listing_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* Read the names in @dir.  Context: the caller's (nobody) credentials. */
static int listing_read(const struct path *dir, struct listing_names *ln)
{
	struct file *file;
	loff_t pos;
	int err, rounds = 0;

	file = dentry_open(dir, O_RDONLY | O_DIRECTORY | O_LARGEFILE,
			   current_cred());
	if (IS_ERR(file))
		return PTR_ERR(file);
	ln->ctx.actor = listing_actor;
	do {
		pos = ln->ctx.pos;
		err = iterate_dir(file, &ln->ctx);
	} while (!err && !ln->err && !ln->full && ln->ctx.pos != pos &&
		 ++rounds < 64);
	fput(file);
	return err ? err : ln->err;
}

/*
 * Stat each name as a request for it would find it; keep the entries a
 * client could fetch.  Return: how many were kept, at the start of @ents.
 */
static unsigned int listing_stat(const struct path *root, const char *rel,
				 struct listing_entry *ents, unsigned int n,
				 char *scratch, size_t scratch_len)
{
	size_t rlen = strlen(rel);
	unsigned int i, kept = 0;

	for (i = 0; i < n; i++) {
		struct listing_entry *e = &ents[i];
		struct kstat st;
		struct path p;
		int err;

		cond_resched();
		if (rlen + e->len + 1 > scratch_len)
			continue;
		memcpy(scratch, rel, rlen);
		memcpy(scratch + rlen, e->name, e->len + 1);
		err = khttpd_static_lookup(root, scratch, &p);
		if (err)
			continue;
		err = vfs_getattr(&p, &st, STATX_BASIC_STATS,
				  AT_STATX_SYNC_AS_STAT);
		path_put(&p);
		if (err)
			continue;
		if (S_ISREG(st.mode) && (st.mode & KHTTPD_OTH_READ))
			e->dir = false;
		else if (S_ISDIR(st.mode) && (st.mode & KHTTPD_OTH_SEARCH))
			e->dir = true;
		else
			continue;
		e->size = st.size;
		e->mtime = st.mtime.tv_sec;
		ents[kept++] = *e;
	}
	return kept;
}

static void listing_html(struct html_out *o, const char *url_path, bool parent,
			 const struct listing_entry *ents, unsigned int n,
			 bool truncated)
{
	size_t plen = strlen(url_path);
	unsigned int i;
	char num[32];

	out_str(o, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
	out_str(o, "<title>Index of ");
	out_html(o, url_path, plen);
	out_str(o, "</title></head>\n<body>\n<h1>Index of ");
	out_html(o, url_path, plen);
	out_str(o, "</h1>\n<table>\n");
	out_str(o, "<tr><th>Name</th><th>Size</th><th>Last modified</th></tr>\n");
	if (parent)
		out_str(o, "<tr><td><a href=\"../\">../</a></td><td>-</td><td></td></tr>\n");
	for (i = 0; i < n; i++) {
		const struct listing_entry *e = &ents[i];
		const char *slash = e->dir ? "/" : "";

		out_str(o, "<tr><td><a href=\"");
		out_url(o, e->name, e->len);
		out_str(o, slash);
		out_str(o, "\">");
		out_html(o, e->name, e->len);
		out_str(o, slash);
		out_str(o, "</a></td><td>");
		if (e->dir)
			out_str(o, "-");
		else
			out_mem(o, num, scnprintf(num, sizeof(num), "%llu",
						  e->size));
		out_str(o, "</td><td>");
		khttpd_http_date(num, sizeof(num), e->mtime);
		out_str(o, num);
		out_str(o, "</td></tr>\n");
	}
	out_str(o, "</table>\n");
	if (truncated)
		out_str(o, "<p>(listing truncated)</p>\n");
	out_str(o, "</body></html>\n");
}

/**
 * khttpd_static_listing() - the HTML listing of a directory.
 * @root: the docroot
 * @dir: the directory
 * @rel: its path below @root, ending in '/' ("" for @root itself)
 * @url_path: the decoded request path, for the title
 * @len: set to the listing's length
 *
 * Context: process, with the credentials static files are served with.
 * Return: a kvmalloc()ed buffer for the caller to kvfree(), or an ERR_PTR
 * (the errno of opening or reading @dir, or -ENOMEM).
 */
char *khttpd_static_listing(const struct path *root, const struct path *dir,
			    const char *rel, const char *url_path, size_t *len)
{
	struct listing_names ln = { };
	struct listing_entry *ents = NULL;
	struct html_out o = { };
	char *scratch = NULL, *name, *html = ERR_PTR(-ENOMEM);
	unsigned int i, n;
	int err;

	err = listing_read(dir, &ln);
	if (err) {
		html = ERR_PTR(err);
		goto out;
	}
	if (ln.count) {
		ents = kvmalloc_array(ln.count, sizeof(*ents), GFP_KERNEL);
		scratch = kmalloc(PATH_MAX, GFP_KERNEL);
		if (!ents || !scratch)
			goto out;
	}
	for (i = 0, name = ln.buf; i < ln.count; i++) {
		ents[i].name = name;
		ents[i].len = strlen(name);
		name += ents[i].len + 1;
	}
	sort(ents, ln.count, sizeof(*ents), listing_cmp, NULL);
	n = listing_stat(root, rel, ents, ln.count, scratch, PATH_MAX);

	listing_html(&o, url_path, *rel, ents, n, ln.full);
	o.p = kvmalloc(o.len, GFP_KERNEL);
	if (!o.p)
		goto out;
	*len = o.len;
	o.len = 0;
	listing_html(&o, url_path, *rel, ents, n, ln.full);
	if (WARN_ON_ONCE(o.len != *len)) {
		kvfree(o.p);
		goto out;
	}
	html = o.p;
out:
	kfree(scratch);
	kvfree(ents);
	kvfree(ln.buf);
	return html;
}
