/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The static file cache: small files' bodies as pinned page-cache pages,
 * with the validators that say whether they are still current.
 */
#ifndef KHTTPD_STATIC_CACHE_H
#define KHTTPD_STATIC_CACHE_H

#include <linux/time64.h>
#include <linux/types.h>

struct file;
struct socket;

/* Files up to this size are cached; larger ones are always streamed. */
#define KHTTPD_STATIC_CACHE_MAX_FILE	(64 * 1024)

/* What identifies one version of a file: any change means a new version. */
struct khttpd_static_validators {
	u64 ino;
	loff_t size;
	struct timespec64 mtime;
	struct timespec64 ctime;	/* also moves on writes that restore mtime */
	dev_t dev;
};

struct khttpd_static_entry;

struct khttpd_static_entry *
khttpd_static_cache_get(const char *key, u32 key_len,
			const struct khttpd_static_validators *v);
struct khttpd_static_entry *
khttpd_static_cache_fill(struct file *file, const char *key, u32 key_len,
			 const struct khttpd_static_validators *v);
void khttpd_static_cache_add(struct khttpd_static_entry *e);
void khttpd_static_entry_put(struct khttpd_static_entry *e);
void khttpd_static_entry_copy(const struct khttpd_static_entry *e, u64 off,
			      char *dst, size_t len);
int khttpd_static_entry_send(const struct khttpd_static_entry *e,
			     struct socket *sock, u64 off, u64 len);

size_t khttpd_static_cache_bytes(void);
size_t khttpd_static_cache_limit(void);
void khttpd_static_cache_trim(void);
void khttpd_static_cache_flush(void);

#endif /* KHTTPD_STATIC_CACHE_H */
