// SPDX-License-Identifier: GPL-2.0
/*
 * Directory listings.
 *
 * A listing shows what a client could fetch from the directory: regular
 * files others may read and directories others may search, found the way a
 * request for them would be (below the docroot, symlinks followed only if
 * they stay there).  Dotfiles are hidden unless the dotfiles tunable is 1
 * (the rule requests follow, khttpd_static_dotfile_allowed()), "." and ".."
 * always, and names holding a
 * control character are left out (no request can name them).  Each name is
 * HTML-escaped in the text and percent-encoded in its href, so a file called
 * "<script>" or "a:b" is shown and linked as itself.
 *
 * Listings are off unless the listing tunable is 1 (a directory without
 * index.html then gets 403, as nginx's autoindex is off by default).  What
 * one listing may cost is bounded: it stats at most listing_max_entries
 * names, and its page holds at most listing_max_bytes (the names that do
 * not fit are left out, and the page ends with "(listing truncated)").
 *
 * Pages are built on khttpd_blocking (static.c's job), never in io_work,
 * into one buffer sized exactly by a first pass, and cached: a page is
 * reference counted (struct khttpd_listing), and the KHTTPD_LISTING_SLOTS
 * most recent stay in a small cache, keyed by the directory's path below
 * the docroot and validated by its inode, mtime and ctime (a name added,
 * removed or renamed changes them) and by age: a page older than
 * KHTTPD_LISTING_TTL_MS is built again, so the sizes and dates of files
 * that changed in place show within that time.  Many clients of one
 * directory then cost one build.  A cached page is charged to the memory
 * budget (core/budget.h) while it lives; each connection that sends it is
 * charged its length again (static.c), so the budget bounds the pages in
 * flight as if none were shared.
 *
 * Concurrent requests for a directory whose page is not cached build it
 * once: a build takes its directory's bit of listing_building (hashed by
 * path, so two directories may share one and wait for each other) and
 * looks in the cache again before it starts, so the others wait for the
 * first build and then take its page.  At most
 * KHTTPD_LISTING_BUILD_BITS builds run at once; each is bounded by
 * listing_max_entries.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/stringhash.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <linux/wait_bit.h>

#include "core/budget.h"
#include "core/params.h"
#include "core/stats.h"
#include "http/http.h"
#include "lib/http/http_path.h"
#include "static.h"
#include "static_dir.h"
#include "static_dotfiles.h"
#include "core/fault.h"

/* bytes of names collected from one directory */
#define KHTTPD_LISTING_NAMES	(1024 * 1024)
/* pages kept in the cache, and how long one is used */
#define KHTTPD_LISTING_SLOTS	8
#define KHTTPD_LISTING_TTL_MS	2000
/* builds of different directories that may run at once (a power of 2) */
#define KHTTPD_LISTING_BUILD_BITS	16

/* ---- tunables (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int listing_on = KHTTPD_TUNABLE_DEFAULT(listing);
static unsigned int listing_max_entries =
	KHTTPD_TUNABLE_DEFAULT(listing_max_entries);
static unsigned long listing_max_bytes =
	KHTTPD_TUNABLE_DEFAULT(listing_max_bytes);

/* turned off: the cached pages are of no use any more */
static int listing_apply(unsigned int on)
{
	if (!on)
		khttpd_static_listing_flush();
	return 0;
}

static struct khttpd_uint_param listing_param =
	KHTTPD_UINT_PARAM(listing, listing_on, listing_apply);
module_param_cb(listing, &khttpd_uint_param_ops, &listing_param, 0644);
__MODULE_PARM_TYPE(listing, "uint");
MODULE_PARM_DESC(listing, KHTTPD_TUNABLE_MEANING(listing));

static struct khttpd_uint_param listing_max_entries_param =
	KHTTPD_UINT_PARAM(listing_max_entries, listing_max_entries, NULL);
module_param_cb(listing_max_entries, &khttpd_uint_param_ops,
		&listing_max_entries_param, 0644);
__MODULE_PARM_TYPE(listing_max_entries, "uint");
MODULE_PARM_DESC(listing_max_entries,
		 KHTTPD_TUNABLE_MEANING(listing_max_entries));

/* pages built under other bounds fail the cache's check: nothing to trim */
static struct khttpd_bytes_param listing_max_bytes_param =
	KHTTPD_BYTES_PARAM(listing_max_bytes, listing_max_bytes, NULL);
module_param_cb(listing_max_bytes, &khttpd_bytes_param_ops,
		&listing_max_bytes_param, 0644);
__MODULE_PARM_TYPE(listing_max_bytes, "ulong");
MODULE_PARM_DESC(listing_max_bytes, KHTTPD_TUNABLE_MEANING(listing_max_bytes));

/**
 * khttpd_static_listing_on() - are listings shown?
 *
 * Return: true if the listing tunable is 1.
 */
bool khttpd_static_listing_on(void)
{
	return READ_ONCE(listing_on);
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
	o->len += kh_http_url_encode(o->p ? o->p + o->len : NULL, s, n, false);
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
	unsigned int max;		/* listing_max_entries */
	bool full;
	int err;
};

static bool name_listed(const char *name, int len)
{
	int i;

	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return false;
	if (!khttpd_static_dotfile_allowed(name, len))
		return false;
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
	if (ln->count >= ln->max) {
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
		p = khttpd_alloc(kvrealloc(ln->buf, ln->size, size, KHTTPD_GFP_CLIENT));
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

static void listing_head(struct html_out *o, const char *url_path, bool parent)
{
	size_t plen = strlen(url_path);

	out_str(o, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">");
	out_str(o, "<title>Index of ");
	out_html(o, url_path, plen);
	out_str(o, "</title></head>\n<body>\n<h1>Index of ");
	out_html(o, url_path, plen);
	out_str(o, "</h1>\n<table>\n");
	out_str(o, "<tr><th>Name</th><th>Size</th><th>Last modified</th></tr>\n");
	if (parent)
		out_str(o, "<tr><td><a href=\"../\">../</a></td><td>-</td><td></td></tr>\n");
}

static void listing_row(struct html_out *o, const struct listing_entry *e)
{
	const char *slash = e->dir ? "/" : "";
	char num[32];

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
		out_mem(o, num, scnprintf(num, sizeof(num), "%llu", e->size));
	out_str(o, "</td><td>");
	khttpd_http_date(num, sizeof(num), e->mtime);
	out_str(o, num);
	out_str(o, "</td></tr>\n");
}

static void listing_tail(struct html_out *o, bool truncated)
{
	out_str(o, "</table>\n");
	if (truncated)
		out_str(o, "<p>(listing truncated)</p>\n");
	out_str(o, "</body></html>\n");
}

/*
 * How many of the @n entries fit in @max bytes with the head and the
 * tail (the note included, in case).  Sets *@len to the page's length.
 */
static unsigned int listing_fit(const char *url_path, bool parent,
				const struct listing_entry *ents, unsigned int n,
				size_t max, bool *truncated, size_t *len)
{
	struct html_out o = { }, t = { };
	unsigned int i;
	size_t tail;

	listing_tail(&t, true);
	tail = t.len;
	listing_head(&o, url_path, parent);
	for (i = 0; i < n; i++) {
		size_t before = o.len;

		listing_row(&o, &ents[i]);
		if (o.len + tail > max) {
			o.len = before;
			*truncated = true;
			break;
		}
	}
	listing_tail(&o, *truncated);
	*len = o.len;
	return i;
}

static void listing_free(struct khttpd_listing *page)
{
	khttpd_budget_uncharge(NULL, page->charged);
	kvfree(page->html);
	kfree(page->rel);
	kfree(page);
}

/**
 * khttpd_listing_put() - drop a reference to a page.
 * @page: the page, or NULL
 *
 * Context: any; the last reference frees it.
 */
void khttpd_listing_put(struct khttpd_listing *page)
{
	if (page && refcount_dec_and_test(&page->ref))
		listing_free(page);
}

/* ---- the cache of recent pages ---- */

/* each slot holds one reference; listing_cache_lock guards the slots */
static struct khttpd_listing *listing_cache[KHTTPD_LISTING_SLOTS];
static DEFINE_SPINLOCK(listing_cache_lock);

/*
 * May @page answer for the directory @st at @rel now?  Within the TTL, or,
 * for a caller that waited for a build, if built since @since.
 */
static bool listing_fresh(const struct khttpd_listing *page, const char *rel,
			  const struct kstat *st, unsigned long since)
{
	return page->ino == st->ino && page->dev == st->dev &&
	       timespec64_equal(&page->mtime, &st->mtime) &&
	       timespec64_equal(&page->ctime, &st->ctime) &&
	       page->max_entries == READ_ONCE(listing_max_entries) &&
	       page->max_bytes == READ_ONCE(listing_max_bytes) &&
	       page->dotfiles == khttpd_static_dotfiles_on() &&
	       (time_before(jiffies, page->built +
			    msecs_to_jiffies(KHTTPD_LISTING_TTL_MS)) ||
		time_after_eq(page->built, since)) &&
	       !strcmp(page->rel, rel);
}

static struct khttpd_listing *listing_cached(const char *rel,
					     const struct kstat *st,
					     unsigned long since)
{
	struct khttpd_listing *page = NULL;
	int i;

	spin_lock(&listing_cache_lock);
	for (i = 0; i < KHTTPD_LISTING_SLOTS; i++) {
		if (listing_cache[i] &&
		    listing_fresh(listing_cache[i], rel, st, since)) {
			page = listing_cache[i];
			refcount_inc(&page->ref);
			break;
		}
	}
	spin_unlock(&listing_cache_lock);
	return page;
}

/**
 * khttpd_listing_cached() - a cached page that is still valid.
 * @rel: the directory's path below the docroot, as for the build
 * @st: the directory's attributes now
 *
 * Context: any (io_work); never sleeps.
 * Return: the page with a reference for the caller, or NULL.
 */
struct khttpd_listing *khttpd_listing_cached(const char *rel,
					     const struct kstat *st)
{
	/* a page is never built in the future: only the TTL counts */
	return listing_cached(rel, st, jiffies + 1);
}

/* Keep @page: in its directory's slot, else a free one, else the oldest. */
static void listing_cache_add(struct khttpd_listing *page)
{
	struct khttpd_listing *old;
	int i, victim = -1;

	refcount_inc(&page->ref);	/* the cache's */
	spin_lock(&listing_cache_lock);
	for (i = 0; i < KHTTPD_LISTING_SLOTS; i++) {
		struct khttpd_listing *p = listing_cache[i];

		if (!p || !strcmp(p->rel, page->rel)) {
			victim = i;
			if (p)
				break;
		} else if (victim < 0 || (listing_cache[victim] &&
			   time_before(p->built, listing_cache[victim]->built))) {
			victim = i;
		}
	}
	old = listing_cache[victim];
	listing_cache[victim] = page;
	spin_unlock(&listing_cache_lock);
	khttpd_listing_put(old);
}

/**
 * khttpd_static_listing_flush() - drop every cached page.
 *
 * For a tunable that changes what pages show; pages being sent stay with
 * their senders.
 *
 * Context: process or io_work; never sleeps.
 */
void khttpd_static_listing_flush(void)
{
	struct khttpd_listing *pages[KHTTPD_LISTING_SLOTS];
	int i;

	spin_lock(&listing_cache_lock);
	memcpy(pages, listing_cache, sizeof(pages));
	memset(listing_cache, 0, sizeof(listing_cache));
	spin_unlock(&listing_cache_lock);
	for (i = 0; i < KHTTPD_LISTING_SLOTS; i++)
		khttpd_listing_put(pages[i]);
}

/**
 * khttpd_static_listing_exit() - empty the cache (module exit).
 *
 * Context: no connection and no job is left to hold a page.
 */
void khttpd_static_listing_exit(void)
{
	khttpd_static_listing_flush();
}

/*
 * Build the page's HTML from the sorted, stat'ed entries: measure, charge
 * the budget, allocate, write.
 */
static int listing_page_html(struct khttpd_listing *page, const char *url_path,
			     bool parent, const struct listing_entry *ents,
			     unsigned int n, bool truncated)
{
	struct html_out o = { };
	unsigned int i, shown;
	size_t len;
	int err;

	shown = listing_fit(url_path, parent, ents, n,
			    READ_ONCE(listing_max_bytes), &truncated, &len);
	err = khttpd_budget_charge(NULL, len);
	if (err)
		return err;
	o.p = khttpd_alloc(kvmalloc(len, KHTTPD_GFP_CLIENT));
	if (!o.p) {
		khttpd_budget_uncharge(NULL, len);
		return -ENOMEM;
	}
	listing_head(&o, url_path, parent);
	for (i = 0; i < shown; i++)
		listing_row(&o, &ents[i]);
	listing_tail(&o, truncated);
	if (WARN_ON_ONCE(o.len != len)) {
		kvfree(o.p);
		khttpd_budget_uncharge(NULL, len);
		return -EIO;
	}
	page->html = o.p;
	page->len = len;
	page->charged = len;
	return 0;
}

/* Read, stat, sort and write a page; add it to the cache. */
static struct khttpd_listing *listing_build(const struct path *root,
					    const struct path *dir,
					    const struct kstat *st,
					    const char *rel,
					    const char *url_path)
{
	struct listing_names ln = { .max = READ_ONCE(listing_max_entries) };
	unsigned long max_bytes = READ_ONCE(listing_max_bytes);
	bool dotfiles = khttpd_static_dotfiles_on();
	struct khttpd_listing *page = NULL;
	struct listing_entry *ents = NULL;
	char *scratch = NULL, *name;
	unsigned int i, n;
	int err;

	err = listing_read(dir, &ln);
	if (err)
		goto out;
	err = -ENOMEM;
	page = khttpd_alloc(kzalloc(sizeof(*page), KHTTPD_GFP_CLIENT));
	if (!page)
		goto out;
	page->rel = khttpd_alloc(kstrdup(rel, KHTTPD_GFP_CLIENT));
	if (!page->rel)
		goto out;
	if (ln.count) {
		ents = khttpd_alloc(kvmalloc_array(ln.count, sizeof(*ents),
						   KHTTPD_GFP_CLIENT));
		scratch = khttpd_alloc(kmalloc(PATH_MAX, KHTTPD_GFP_CLIENT));
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
	err = listing_page_html(page, url_path, *rel, ents, n, ln.full);
	if (err)
		goto out;

	refcount_set(&page->ref, 1);
	page->built = jiffies;
	page->max_entries = ln.max;
	page->max_bytes = max_bytes;
	page->dotfiles = dotfiles;
	page->dev = st->dev;
	page->ino = st->ino;
	page->mtime = st->mtime;
	page->ctime = st->ctime;
	listing_cache_add(page);
	khttpd_stat_inc(KS_STATIC_LISTINGS_BUILT);
out:
	kfree(scratch);
	kvfree(ents);
	kvfree(ln.buf);
	if (!err)
		return page;
	if (page) {
		kfree(page->rel);
		kfree(page);
	}
	return ERR_PTR(err);
}

/* one bit per directory hash: a build of it is running */
static unsigned long listing_building;
static_assert(KHTTPD_LISTING_BUILD_BITS <= BITS_PER_LONG);

/**
 * khttpd_static_listing() - build the HTML listing of a directory.
 * @root: the docroot
 * @dir: the directory
 * @st: its attributes, which the page keeps to be validated by
 * @rel: its path below @root, ending in '/' ("" for @root itself)
 * @url_path: the decoded request path, for the title
 *
 * A valid page from the cache if there is one; else the page is built,
 * and kept in the cache, by one caller at a time per directory: the
 * others wait for that build and take its page.
 *
 * Context: process, with the credentials static files are served with;
 * waits for the disk (khttpd_blocking).
 * Return: a page holding one reference for the caller, or an ERR_PTR (the
 * errno of opening or reading @dir; -ENOMEM, also when the memory budget
 * refused it).
 */
struct khttpd_listing *khttpd_static_listing(const struct path *root,
					     const struct path *dir,
					     const struct kstat *st,
					     const char *rel,
					     const char *url_path)
{
	unsigned int bit = full_name_hash(NULL, rel, strlen(rel)) &
			   (KHTTPD_LISTING_BUILD_BITS - 1);
	unsigned long since = jiffies;
	struct khttpd_listing *page;

	page = khttpd_listing_cached(rel, st);
	if (page)
		return page;
	/*
	 * One build per directory at a time; the others take its page, even
	 * if waking them in turn took longer than the TTL.
	 */
	wait_on_bit_lock(&listing_building, bit, TASK_UNINTERRUPTIBLE);
	page = listing_cached(rel, st, since);
	if (!page)
		page = listing_build(root, dir, st, rel, url_path);
	clear_and_wake_up_bit(bit, &listing_building);
	return page;
}
