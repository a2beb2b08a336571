// SPDX-License-Identifier: GPL-2.0
/*
 * The static file cache.
 *
 * Small files (up to KHTTPD_STATIC_CACHE_MAX_FILE) are kept as references
 * to their page-cache pages, keyed by their path below the docroot.  The
 * pages are the file's own: nothing is copied into a private buffer, and a
 * hit hands the same pages to TCP (or, for a body that fits beside the head
 * in the connection's output buffer, copies it there so head and body leave
 * in one segment).  What the cache saves per request is opening and closing
 * the file and finding its pages; every request still looks the path up and
 * reads its attributes, and an entry is used only while the file's inode,
 * size, mtime and ctime are those it was filled with.
 *
 * Concurrency: lookups are read-mostly, under RCU, and take a reference
 * with refcount_inc_not_zero(); they mark a hit with a plain flag, so a hit
 * writes no shared list.  Adding, replacing and evicting hold
 * static_cache_lock.  Eviction is second chance (CLOCK): the oldest entry
 * goes unless it was hit since the clock last passed it.
 *
 * Memory: each entry is charged its struct and key plus a whole page per
 * pinned page; the total stays within the file_cache_bytes tunable.
 * Pinned pages cannot be reclaimed, which is the point, and the bound.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/overflow.h>
#include <linux/pipe_fs_i.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/splice.h>
#include <linux/stringhash.h>

#include "core/budget.h"
#include "core/params.h"
#include "static_cache.h"
#include "core/fault.h"

/* ---- tunable (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned long static_cache_limit =
	KHTTPD_TUNABLE_DEFAULT(file_cache_bytes);

static struct khttpd_bytes_param file_cache_bytes_param =
	KHTTPD_BYTES_PARAM(file_cache_bytes, static_cache_limit,
			   khttpd_static_cache_trim);
module_param_cb(file_cache_bytes, &khttpd_bytes_param_ops,
		&file_cache_bytes_param, 0644);
__MODULE_PARM_TYPE(file_cache_bytes, "ulong");
MODULE_PARM_DESC(file_cache_bytes, KHTTPD_TUNABLE_MEANING(file_cache_bytes));

/**
 * khttpd_static_cache_limit() - the file_cache_bytes tunable.
 */
size_t khttpd_static_cache_limit(void)
{
	return READ_ONCE(static_cache_limit);
}

#define STATIC_CACHE_BITS	11
/* One segment per page, and one more when the first is partial. */
#define KHTTPD_STATIC_MAX_SEGS	(KHTTPD_STATIC_CACHE_MAX_FILE / PAGE_SIZE + 1)

struct khttpd_static_seg {
	struct page *page;	/* a page-cache page (or the zero page), pinned */
	u32 off;		/* within the page */
	u32 len;
};

/*
 * A cached body.  Created by khttpd_static_cache_fill() with one reference
 * for the caller; the cache holds another while the entry is linked, and
 * each response streaming it holds one.  Lookups run under RCU and take a
 * reference only if the count is not zero; the last reference releases the
 * pages at once and frees the entry after a grace period (lookups may still
 * be reading key and hash).  Linking, unlinking and the LRU are under the
 * cache's spinlock.  Everything else is immutable once filled.
 */
struct khttpd_static_entry {
	struct hlist_node hnode;	/* static_cache_ht */
	struct list_head lru;		/* static_cache_lru */
	struct rcu_head rcu;
	refcount_t ref;
	bool linked;			/* in the hash and LRU */
	bool referenced;		/* hit since the eviction clock passed */
	u32 hash;
	u32 key_len;
	struct khttpd_static_validators v;
	size_t charge;			/* bytes counted against file_cache_bytes */
	u64 len;			/* body bytes in segs */
	unsigned int nr_segs;
	struct khttpd_static_seg segs[KHTTPD_STATIC_MAX_SEGS];
	char key[];			/* path below the docroot, NUL-terminated */
};

/* Linked entries; RCU for readers, static_cache_lock for writers. */
static DEFINE_HASHTABLE(static_cache_ht, STATIC_CACHE_BITS);
/* Linked entries, newest first; under static_cache_lock. */
static LIST_HEAD(static_cache_lru);
static DEFINE_SPINLOCK(static_cache_lock);
/* Sum of linked entries' charge; written under the lock, read anywhere. */
static size_t static_cache_used;

static bool validators_equal(const struct khttpd_static_validators *a,
			     const struct khttpd_static_validators *b)
{
	return a->ino == b->ino && a->dev == b->dev && a->size == b->size &&
	       timespec64_equal(&a->mtime, &b->mtime) &&
	       timespec64_equal(&a->ctime, &b->ctime);
}

static u32 key_hash(const char *key, u32 len)
{
	return full_name_hash(NULL, key, len);
}

static bool key_equal(const struct khttpd_static_entry *e, u32 hash,
		      const char *key, u32 len)
{
	return e->hash == hash && e->key_len == len &&
	       !memcmp(e->key, key, len);
}

/**
 * khttpd_static_entry_put() - drop a reference to a cached body.
 * @e: the entry
 *
 * The last reference unpins the pages now and frees the entry after an RCU
 * grace period.  Context: any that may free pages (not hard IRQ).
 */
void khttpd_static_entry_put(struct khttpd_static_entry *e)
{
	unsigned int i;

	if (!refcount_dec_and_test(&e->ref))
		return;
	for (i = 0; i < e->nr_segs; i++)
		put_page(e->segs[i].page);
	kfree_rcu(e, rcu);
}

/* Context: static_cache_lock held.  The cache's reference passes to the caller. */
static void cache_unlink(struct khttpd_static_entry *e)
{
	hash_del_rcu(&e->hnode);
	list_del(&e->lru);
	e->linked = false;
	WRITE_ONCE(static_cache_used, static_cache_used - e->charge);
}

/*
 * Context: static_cache_lock held.  Unlinks entries, oldest first, until at
 * most @limit bytes are used; @victims receives them (through ->lru) for
 * khttpd_static_entry_put() once the lock is dropped.
 */
static void cache_evict(size_t limit, struct list_head *victims)
{
	struct khttpd_static_entry *e;

	while (static_cache_used > limit && !list_empty(&static_cache_lru)) {
		e = list_last_entry(&static_cache_lru,
				    struct khttpd_static_entry, lru);
		if (limit && READ_ONCE(e->referenced)) {
			WRITE_ONCE(e->referenced, false);
			list_move(&e->lru, &static_cache_lru);
			continue;
		}
		cache_unlink(e);
		list_add(&e->lru, victims);
	}
}

static void put_victims(struct list_head *victims)
{
	struct khttpd_static_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, victims, lru) {
		list_del(&e->lru);
		khttpd_static_entry_put(e);
	}
}

/**
 * khttpd_static_cache_get() - the cached body of one version of a file.
 * @key: path below the docroot
 * @key_len: its length
 * @v: the file's validators now
 *
 * An entry for @key whose validators differ is an older version: it is
 * dropped from the cache, and the caller fills a new one.
 *
 * Return: a referenced entry (drop with khttpd_static_entry_put()), or NULL.
 */
struct khttpd_static_entry *
khttpd_static_cache_get(const char *key, u32 key_len,
			const struct khttpd_static_validators *v)
{
	u32 hash = key_hash(key, key_len);
	struct khttpd_static_entry *e;

	rcu_read_lock();
	hash_for_each_possible_rcu(static_cache_ht, e, hnode, hash) {
		if (!key_equal(e, hash, key, key_len))
			continue;
		if (!validators_equal(&e->v, v)) {
			bool drop = false;

			spin_lock(&static_cache_lock);
			if (e->linked) {
				cache_unlink(e);
				drop = true;
			}
			spin_unlock(&static_cache_lock);
			if (drop)
				khttpd_static_entry_put(e);
			break;
		}
		if (!refcount_inc_not_zero(&e->ref))
			continue;
		if (!READ_ONCE(e->referenced))
			WRITE_ONCE(e->referenced, true);
		rcu_read_unlock();
		return e;
	}
	rcu_read_unlock();
	return NULL;
}

/*
 * splice actor: take a reference to every page the file's splice_read put
 * in the pipe, one segment per page, then release the pipe's buffers.
 */
static int fill_actor(struct pipe_inode_info *pipe, struct splice_desc *sd)
{
	struct khttpd_static_entry *e = sd->u.data;
	unsigned int mask = pipe->ring_size - 1;
	int taken = 0, err;

	while (!pipe_empty(pipe->head, pipe->tail)) {
		struct pipe_buffer *buf = &pipe->bufs[pipe->tail & mask];
		size_t off = buf->offset, left = buf->len;

		err = pipe_buf_confirm(pipe, buf);
		if (err)
			return taken ? taken : err;
		/* a whole buffer or none of it: the rest is released for us */
		if (e->nr_segs + DIV_ROUND_UP((off & ~PAGE_MASK) + left,
					      PAGE_SIZE) > KHTTPD_STATIC_MAX_SEGS)
			return taken ? taken : -EFBIG;
		while (left) {
			struct page *page = nth_page(buf->page,
						     off >> PAGE_SHIFT);
			u32 po = off & ~PAGE_MASK;
			u32 n = min_t(size_t, left, PAGE_SIZE - po);

			get_page(page);
			e->segs[e->nr_segs].page = page;
			e->segs[e->nr_segs].off = po;
			e->segs[e->nr_segs].len = n;
			e->nr_segs++;
			e->len += n;
			off += n;
			left -= n;
			taken += n;
		}
		pipe_buf_release(pipe, buf);
		pipe->tail++;
	}
	return taken;
}

/**
 * khttpd_static_cache_fill() - read a small file's pages into a new entry.
 * @file: the file, open for reading
 * @key: its path below the docroot
 * @key_len: length of @key
 * @v: its validators, read before it was opened
 *
 * The pages come from the file's splice_read, which is how sendfile(2)
 * gets them: page-cache pages for ordinary file systems, whatever the file
 * system provides otherwise (tmpfs holes are the zero page).
 *
 * Context: process; may sleep on disk reads.
 * Return: an entry with one reference for the caller, not yet in the cache
 * (see khttpd_static_cache_add()); or an ERR_PTR: -EFBIG if the file is
 * too large, -EAGAIN if it did not read back at @v's size (it changed), or
 * the read's error.
 */
struct khttpd_static_entry *
khttpd_static_cache_fill(struct file *file, const char *key, u32 key_len,
			 const struct khttpd_static_validators *v)
{
	struct khttpd_static_entry *e;
	ssize_t ret = 0;

	if (v->size < 0 || v->size > KHTTPD_STATIC_CACHE_MAX_FILE)
		return ERR_PTR(-EFBIG);
	e = khttpd_alloc(kzalloc(struct_size(e, key, key_len + 1), KHTTPD_GFP_CLIENT));
	if (!e)
		return ERR_PTR(-ENOMEM);
	refcount_set(&e->ref, 1);
	e->hash = key_hash(key, key_len);
	e->key_len = key_len;
	memcpy(e->key, key, key_len);
	e->key[key_len] = '\0';
	e->v = *v;
	if (v->size) {
		struct splice_desc sd = {
			.total_len = v->size,
			.pos = 0,
			.u.data = e,
		};

		ret = splice_direct_to_actor(file, &sd, fill_actor);
	}
	if (e->len != v->size) {
		khttpd_static_entry_put(e);
		return ERR_PTR(ret < 0 ? ret : -EAGAIN);
	}
	e->charge = struct_size(e, key, key_len + 1) +
		    (size_t)e->nr_segs * PAGE_SIZE;
	return e;
}

/**
 * khttpd_static_cache_add() - offer a filled entry to the cache.
 * @e: entry from khttpd_static_cache_fill(); the caller keeps its reference
 *
 * An entry with the same key is replaced; older entries are evicted to make
 * room.  An entry larger than file_cache_bytes is not cached.
 */
void khttpd_static_cache_add(struct khttpd_static_entry *e)
{
	size_t limit = READ_ONCE(static_cache_limit);
	struct khttpd_static_entry *old;
	LIST_HEAD(victims);

	if (e->charge > limit)
		return;
	spin_lock(&static_cache_lock);
	hash_for_each_possible(static_cache_ht, old, hnode, e->hash) {
		if (key_equal(old, e->hash, e->key, e->key_len)) {
			cache_unlink(old);
			list_add(&old->lru, &victims);
			break;
		}
	}
	cache_evict(limit - e->charge, &victims);
	refcount_inc(&e->ref);
	e->linked = true;
	hash_add_rcu(static_cache_ht, &e->hnode, e->hash);
	list_add(&e->lru, &static_cache_lru);
	WRITE_ONCE(static_cache_used, static_cache_used + e->charge);
	spin_unlock(&static_cache_lock);
	put_victims(&victims);
}

/**
 * khttpd_static_entry_copy() - copy body bytes out of an entry.
 * @e: the entry
 * @off: first body byte
 * @dst: destination
 * @len: bytes; @off + @len must not pass the body's end
 */
void khttpd_static_entry_copy(const struct khttpd_static_entry *e, u64 off,
			      char *dst, size_t len)
{
	unsigned int i;
	u64 pos = 0;

	for (i = 0; i < e->nr_segs && len; i++) {
		const struct khttpd_static_seg *s = &e->segs[i];
		size_t n;

		if (off < pos + s->len) {
			n = min_t(u64, len, pos + s->len - off);
			memcpy_from_page(dst, s->page, s->off + (off - pos), n);
			dst += n;
			off += n;
			len -= n;
		}
		pos += s->len;
	}
}

/**
 * khttpd_static_entry_send() - hand body bytes to a socket, zero-copy.
 * @e: the entry
 * @sock: connected TCP socket
 * @off: first body byte to send
 * @len: bytes to send; the response ends with the last of them
 *
 * Return: bytes taken by the socket (at least 1), -EAGAIN if it is full,
 * or another negative errno.
 */
int khttpd_static_entry_send(const struct khttpd_static_entry *e,
			     struct socket *sock, u64 off, u64 len)
{
	u64 end = off + len, pos = 0;
	unsigned int i;
	int sent = 0;

	for (i = 0; i < e->nr_segs && off < end; i++) {
		const struct khttpd_static_seg *s = &e->segs[i];
		int flags = MSG_DONTWAIT | MSG_NOSIGNAL, ret;
		size_t n;

		if (off < pos + s->len) {
			n = min_t(u64, end, pos + s->len) - off;
			if (off + n < end)
				flags |= MSG_MORE | MSG_SENDPAGE_NOTLAST;
			ret = kernel_sendpage(sock, s->page,
					      s->off + (off - pos), n, flags);
			if (ret <= 0)
				return sent ? sent : ret;
			sent += ret;
			off += ret;
			if (ret < n)
				break;
		}
		pos += s->len;
	}
	return sent;
}

/**
 * khttpd_static_cache_bytes() - memory the cache holds now.
 *
 * Return: the charge of the linked entries, in bytes.
 */
size_t khttpd_static_cache_bytes(void)
{
	return READ_ONCE(static_cache_used);
}

static void cache_shrink(size_t limit)
{
	LIST_HEAD(victims);

	spin_lock(&static_cache_lock);
	cache_evict(limit, &victims);
	spin_unlock(&static_cache_lock);
	put_victims(&victims);
}

/**
 * khttpd_static_cache_trim() - apply a lowered file_cache_bytes.
 */
void khttpd_static_cache_trim(void)
{
	cache_shrink(READ_ONCE(static_cache_limit));
}

/**
 * khttpd_static_cache_flush() - drop every entry (docroot change, exit).
 *
 * Entries still streamed by a connection live until it lets go of them.
 */
void khttpd_static_cache_flush(void)
{
	cache_shrink(0);
}
