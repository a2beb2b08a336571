/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generated HTML for static directories (the listing shown when a directory
 * has no index.html and the listing tunable is on), and the cache of recent
 * pages.
 */
#ifndef KHTTPD_STATIC_DIR_H
#define KHTTPD_STATIC_DIR_H

#include <linux/refcount.h>
#include <linux/time64.h>
#include <linux/types.h>

struct kstat;
struct path;

/*
 * One built listing page, immutable once built.  Reference counted: the
 * cache holds one, each job or body sending it another; the last put frees
 * it and gives its charge back to the memory budget.
 */
struct khttpd_listing {
	refcount_t ref;
	char *html;			/* kvmalloc()ed, len bytes */
	size_t len;
	size_t charged;			/* to the budget's pool */
	/* what the page was built for, checked by khttpd_listing_cached() */
	char *rel;
	unsigned long built;		/* jiffies */
	unsigned int max_entries;
	unsigned long max_bytes;
	bool dotfiles;			/* the dotfiles tunable */
	dev_t dev;
	u64 ino;
	struct timespec64 mtime;
	struct timespec64 ctime;
};

bool khttpd_static_listing_on(void);
struct khttpd_listing *khttpd_static_listing(const struct path *root,
					     const struct path *dir,
					     const struct kstat *st,
					     const char *rel,
					     const char *url_path);
struct khttpd_listing *khttpd_listing_cached(const char *rel,
					     const struct kstat *st);
void khttpd_listing_put(struct khttpd_listing *page);
void khttpd_static_listing_flush(void);
void khttpd_static_listing_exit(void);

#endif /* KHTTPD_STATIC_DIR_H */
