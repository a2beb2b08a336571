// SPDX-License-Identifier: GPL-2.0
/*
 * Bodies of static responses.
 *
 * A body that fits beside its head in the connection's output buffer is
 * copied there (a cached file, a small listing), so both leave in one
 * segment.  A larger one is streamed by the connection through
 * khttpd_body_ops: a cache entry's pinned pages and an open file's pages go
 * to TCP with kernel_sendpage() without a copy, a listing is copied piece
 * by piece.
 *
 * A file's pages come from its splice_read, exactly as sendfile(2) gets
 * them, but only once they are in the page cache: io_work must not wait for
 * the disk.  Before each send the pages about to be sent are checked
 * (khttpd_static_range_cached()); on a miss a worker on khttpd_blocking
 * reads a window of the file and, when it is done, calls the socket's
 * sk_write_space - the connection's callback, which queues io_work as when
 * TCP frees room - and send() meanwhile answers -EAGAIN.  Bytes below
 * body->ready were read by that worker and are sent without a check (a
 * tmpfs hole is never in the page cache; it reads as the zero page).
 *
 * Lifetime: a body belongs to the connection from
 * khttpd_conn_out_stream() until its release(); a read in flight holds a
 * second reference.  release() clears body->sk under body->lock, so a read
 * that ends later wakes nobody, and the socket (released only after the
 * connection released its body) is never touched after it is gone.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/pipe_fs_i.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/splice.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "net/conn.h"
#include "static_body.h"
#include "static_cache.h"
#include "static_dir.h"
#include "core/budget.h"
#include "static_offload.h"
#include "core/stats.h"
#include "core/fault.h"

/* most body bytes one send() call offers TCP */
#define KHTTPD_STATIC_SEND_MAX	(256 * 1024)
/* least a worker reads ahead of the socket when the page cache misses */
#define KHTTPD_STATIC_READ_MIN	(1024 * 1024)

struct static_body {
	struct khttpd_static_src src;
	u64 end;			/* offset after the body's last byte */
	refcount_t ref;			/* the connection's; a read's */
	spinlock_t lock;		/* protects sk and reading */
	struct sock *sk;		/* woken after a read; NULL once released */
	bool reading;			/* work is queued or running */
	int read_err;			/* the work's read failed: the send's */
	loff_t ready;			/* bytes below were read by the work */
	loff_t read_pos, read_end;	/* what the work reads */
	struct work_struct read_work;
};

static void body_put(struct static_body *b)
{
	if (!refcount_dec_and_test(&b->ref))
		return;
	khttpd_static_src_drop(&b->src);
	kfree(b);
}

/* ---- file pages ---- */

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

/* khttpd_blocking: read the window, then wake the connection */
static void file_read_work(struct work_struct *work)
{
	struct static_body *b =
		container_of(work, struct static_body, read_work);
	ssize_t ret = 0;

	if (READ_ONCE(b->sk))
		ret = khttpd_static_read_range(b->src.file, b->read_pos,
					       b->read_end);
	spin_lock_bh(&b->lock);
	/*
	 * A failed read ends the response: the send returns the error and the
	 * connection closes, short of Content-Length, rather than read the
	 * disk again in io_work.  Nothing read (end of file: the file shrank)
	 * lets the send find that the file ended before the body did.
	 */
	if (ret < 0)
		b->read_err = ret;
	b->ready = ret > 0 ? b->read_pos + ret : b->read_end;
	b->reading = false;
	if (b->sk)
		b->sk->sk_write_space(b->sk);
	spin_unlock_bh(&b->lock);
	body_put(b);
}

/*
 * Are the file's bytes [@pos, @end) in memory?  Return 0 if so, or the
 * error of a worker's failed read.  If not, have a worker read them
 * (unless one does already) and return -EAGAIN: the caller is woken when
 * they are.
 */
static int file_pages_ready(struct static_body *b, struct sock *sk,
			    loff_t pos, loff_t end)
{
	bool ready;
	int err;

	spin_lock_bh(&b->lock);
	err = b->reading ? -EAGAIN : b->read_err;
	if (err) {
		spin_unlock_bh(&b->lock);
		return err;
	}
	pos = max(pos, b->ready);
	ready = pos >= end;
	spin_unlock_bh(&b->lock);
	if (ready || khttpd_static_range_cached(b->src.file, pos, end))
		return 0;

	spin_lock_bh(&b->lock);
	b->sk = sk;
	b->reading = true;
	b->read_pos = pos;
	b->read_end = min_t(loff_t, b->end,
			    max_t(loff_t, end, pos + KHTTPD_STATIC_READ_MIN));
	refcount_inc(&b->ref);
	spin_unlock_bh(&b->lock);
	queue_work(khttpd_blocking_wq, &b->read_work);
	khttpd_stat_inc(KS_STATIC_OFFLOADED);
	return -EAGAIN;
}

/*
 * Was the file written since its head was?  Its size or mtime moved (a
 * write updates mtime before it copies).  Not ctime: a rename over the
 * file or an unlink moves it without touching the bytes being sent.  Read
 * without the inode's lock: a torn timestamp only reads as a change.
 */
static bool file_changed(const struct static_body *b)
{
	const struct inode *inode = file_inode(b->src.file);
	struct timespec64 mtime = inode->i_mtime;

	return i_size_read(inode) != b->src.v.size ||
	       !timespec64_equal(&mtime, &b->src.v.mtime);
}

static int file_body_send(void *priv, struct socket *sock, u64 off, u64 len)
{
	struct static_body *b = priv;
	struct send_ctx ctx = {
		.sock = sock,
		.end = b->src.start + off + len,
	};
	struct splice_desc sd = {
		.pos = b->src.start + off,
		.u.data = &ctx,
	};
	int room = sk_stream_wspace(sock->sk);
	ssize_t ret;

	/* read about what TCP has room for: pages it refuses are read again */
	sd.total_len = min_t(u64, len, clamp_t(int, room, PAGE_SIZE,
					       KHTTPD_STATIC_SEND_MAX));
	ret = file_pages_ready(b, sock->sk, sd.pos, sd.pos + sd.total_len);
	if (ret)
		return ret;
	/*
	 * A file written in place while it was sent (not replaced: a rename
	 * over it leaves this open file as it was) would end a body whose
	 * bytes mix two versions under the head of one.  Its last bytes are
	 * not sent then: the connection closes short of Content-Length and
	 * the client knows.  Bytes already queued in the socket when the
	 * write happens are beyond this check (docs/reliability.md).
	 */
	if (sd.pos + sd.total_len >= b->end && file_changed(b))
		return -ESTALE;

	ret = splice_direct_to_actor(b->src.file, &sd, file_send_actor);
	if (ret == 0)	/* the file ended before Content-Length did */
		return ctx.full ? -EAGAIN : -EIO;
	return ret;
}

static int entry_body_send(void *priv, struct socket *sock, u64 off, u64 len)
{
	struct static_body *b = priv;

	return khttpd_static_entry_send(b->src.entry, sock, b->src.start + off,
					len);
}

static size_t text_body_fill(void *priv, u64 off, char *buf, size_t len)
{
	struct static_body *b = priv;

	memcpy(buf, b->src.text + off, len);
	return len;
}

static void body_release(void *priv)
{
	struct static_body *b = priv;

	spin_lock_bh(&b->lock);
	b->sk = NULL;
	spin_unlock_bh(&b->lock);
	body_put(b);
}

static const struct khttpd_body_ops static_file_ops = {
	.send = file_body_send,
	.release = body_release,
};

static const struct khttpd_body_ops static_entry_ops = {
	.send = entry_body_send,
	.release = body_release,
};

static const struct khttpd_body_ops static_text_ops = {
	.fill = text_body_fill,
	.release = body_release,
};

/**
 * khttpd_static_src_copy() - copy a whole body that is in memory.
 * @src: the body
 * @dst: where to
 * @len: the body's length
 *
 * Return: true if copied; false for a file (it is streamed, not copied).
 */
bool khttpd_static_src_copy(const struct khttpd_static_src *src, char *dst,
			    size_t len)
{
	if (src->entry)
		khttpd_static_entry_copy(src->entry, src->start, dst, len);
	else if (src->text)
		memcpy(dst, src->text + src->start, len);
	else
		return false;
	return true;
}

/**
 * khttpd_static_body_new() - a body for the connection to stream.
 * @src: the body; its reference passes to the new body
 * @len: the body's length
 * @ops: set to the operations for khttpd_conn_out_stream()
 *
 * Return: the body, for khttpd_conn_out_stream(); or NULL (no memory), and
 * @src is still the caller's.
 */
void *khttpd_static_body_new(const struct khttpd_static_src *src, u64 len,
			     const struct khttpd_body_ops **ops)
{
	struct static_body *b;

	b = khttpd_alloc(kzalloc(sizeof(*b), KHTTPD_GFP_CLIENT));
	if (!b)
		return NULL;
	b->src = *src;
	b->end = src->start + len;
	refcount_set(&b->ref, 1);
	spin_lock_init(&b->lock);
	INIT_WORK(&b->read_work, file_read_work);
	if (src->entry)
		*ops = &static_entry_ops;
	else if (src->text)
		*ops = &static_text_ops;
	else
		*ops = &static_file_ops;
	return b;
}

/**
 * khttpd_static_src_listing() - make a listing page the body, charged.
 * @src: the body to set, empty
 * @page: the page; its reference passes to @src, or is dropped on error
 * @acct: the sending connection's budget (khttpd_conn_budget())
 *
 * Return: 0, or the error of khttpd_budget_charge() (answer 503).
 */
int khttpd_static_src_listing(struct khttpd_static_src *src,
			      struct khttpd_listing *page,
			      struct khttpd_budget_acct *acct)
{
	int err = khttpd_budget_charge(acct, page->len);

	if (err) {
		khttpd_listing_put(page);
		return err;
	}
	src->listing = page;
	src->text = page->html;
	src->acct = acct;
	src->charged = page->len;
	return 0;
}

/**
 * khttpd_static_src_drop() - drop the reference a body source holds.
 * @src: the body
 */
void khttpd_static_src_drop(const struct khttpd_static_src *src)
{
	if (src->entry)
		khttpd_static_entry_put(src->entry);
	if (src->file)
		fput(src->file);
	if (src->listing) {
		khttpd_budget_uncharge(src->acct, src->charged);
		khttpd_listing_put(src->listing);
	}
}
