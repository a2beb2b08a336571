// SPDX-License-Identifier: GPL-2.0
/*
 * Entity tags of static files.
 *
 * A tag must change whenever the file's content may have, and should tell
 * nobody anything else: the inode number that "%llx-%llx-%llx" of inode,
 * size and mtime used to show is a fact about the server's file system
 * (which inodes exist, in what order they were made, a file's identity
 * across renames).  The tag is now SipHash-2-4 of device, inode, size,
 * mtime and ctime (which moves on every write, even one that puts mtime
 * back) under a key drawn at random when the module loads: as unique as
 * before, opaque without the key, and new after a reload, when clients
 * simply fetch again.
 *
 * It stays a strong validator (RFC 9110 8.8.1): two representations with
 * one tag have the same bytes, as long as the file system moves ctime on
 * every change, which every Linux one does; so If-Range and Range keep
 * using it as before (lib/static/static_cond.c).
 */
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/time64.h>

#include "static_cache.h"
#include "static_etag.h"

static siphash_key_t static_etag_key;

/**
 * khttpd_static_etag() - the ETag of a file, quotes included.
 * @buf: destination
 * @len: its size; 19 bytes hold a tag and its NUL
 * @v: the file's validators
 *
 * Return: the tag's length, as scnprintf() counts it.
 */
size_t khttpd_static_etag(char *buf, size_t len,
			  const struct khttpd_static_validators *v)
{
	const u64 in[5] = {
		v->dev, v->ino, v->size, timespec64_to_ns(&v->mtime),
		timespec64_to_ns(&v->ctime),
	};

	get_random_once(&static_etag_key, sizeof(static_etag_key));
	return scnprintf(buf, len, "\"%016llx\"",
			 siphash(in, sizeof(in), &static_etag_key));
}
