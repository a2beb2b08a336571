// SPDX-License-Identifier: GPL-2.0
/*
 * The access log: a ring of records per CPU, and /dev/khttpd-log, the
 * character device one reader (khttpd-logd) takes them from.
 *
 * Request path (khttpd_log_submit(), in a connection's io_work): copy the
 * record into the ring of the CPU it runs on under that ring's spinlock,
 * which only this CPU's producers and the reader take, each for one
 * memcpy of at most LOG_BATCH records; a full ring drops the record and
 * counts it (log_dropped in /proc/khttpd).  Serving never waits for the
 * reader.  The reader is woken only when it asked to be (log_want_wake,
 * set before it sleeps or polls, cleared by the one producer that wakes
 * it), so a busy server does not take the wait queue's lock per request;
 * the idea of trace_pipe's and /dev/kmsg's blocking reads, without their
 * global lock.
 *
 * Records of different CPUs may come out of order by up to a ring's depth;
 * each carries its completion time.
 *
 * Lifetime: the rings are allocated the first time the log tunable is set
 * to 1 (at load or live) and freed at unload; the device holds a module
 * reference while it is open (fops owner), so rmmod fails with EBUSY
 * while a reader has it open, and the rings outlive every reader.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "log.h"
#include "core/params.h"
#include "core/stats.h"
#include "core/fault.h"

/* records each CPU's ring holds (each 584 bytes: 292 KiB per CPU) */
#define LOG_RING_RECS	512
/* records the reader copies out under one ring lock */
#define LOG_BATCH	16

static_assert(sizeof(struct khttpd_log_record) == 584);

/*
 * One CPU's ring.  head and tail only grow (and wrap as unsigned ints);
 * head - tail records are waiting.  Both are written under @lock and read
 * without it only as a hint (log_pending()).
 */
struct log_ring {
	spinlock_t lock;	/* head, tail, recs: this CPU's producers, reader */
	unsigned int head;
	unsigned int tail;
	struct khttpd_log_record *recs;
};

/* NULL until log is first set to 1; published with smp_store_release() */
static struct log_ring __percpu *log_rings;
static struct kmem_cache *log_cache;
static DECLARE_WAIT_QUEUE_HEAD(log_wait);
/* the reader found nothing and waits: the next producer wakes it */
static int log_want_wake;
/* bit 0: the device is open */
static unsigned long log_open;

/* ---- tunable (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int log_enabled = KHTTPD_TUNABLE_DEFAULT(log);

static void log_rings_free(struct log_ring __percpu *rings)
{
	int cpu;

	if (!rings)
		return;
	for_each_possible_cpu(cpu)
		kvfree(per_cpu_ptr(rings, cpu)->recs);
	free_percpu(rings);
}

/* Context: khttpd_params_lock() held (apply, or module init). */
static int log_rings_alloc(void)
{
	struct log_ring __percpu *rings;
	int cpu;

	khttpd_params_assert_held();
	if (log_rings)
		return 0;
	rings = alloc_percpu(struct log_ring);
	if (!rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct log_ring *r = per_cpu_ptr(rings, cpu);

		spin_lock_init(&r->lock);
		r->recs = khttpd_alloc(kvmalloc_array(LOG_RING_RECS, sizeof(*r->recs),
						      GFP_KERNEL));
		if (!r->recs)
			goto fail;
	}
	/* a producer that sees the pointer sees the rings initialised */
	smp_store_release(&log_rings, rings);
	return 0;

fail:
	log_rings_free(rings);
	return -ENOMEM;
}

static int log_apply(unsigned int value)
{
	return value ? log_rings_alloc() : 0;
}

static struct khttpd_uint_param log_param =
	KHTTPD_UINT_PARAM(log, log_enabled, log_apply);
module_param_cb(log, &khttpd_uint_param_ops, &log_param, 0644);
__MODULE_PARM_TYPE(log, "uint");
MODULE_PARM_DESC(log, KHTTPD_TUNABLE_MEANING(log));

/**
 * khttpd_log_on() - should finished requests be logged?
 *
 * Return: true while the log tunable is 1.
 */
bool khttpd_log_on(void)
{
	return READ_ONCE(log_enabled);
}

/**
 * khttpd_log_alloc() - a zeroed entry, to fill and khttpd_log_submit().
 *
 * Context: process context, may sleep.
 * Return: the entry, or NULL (counted as dropped) without memory.
 */
struct khttpd_log_entry *khttpd_log_alloc(void)
{
	struct khttpd_log_entry *e;

	e = khttpd_alloc(kmem_cache_zalloc(log_cache, GFP_KERNEL | __GFP_NORETRY |
					   __GFP_NOWARN));
	if (!e)
		khttpd_stat_inc(KS_LOG_DROPPED);
	return e;
}

/**
 * khttpd_log_free() - drop an entry not submitted.
 * @e: from khttpd_log_alloc(), or NULL
 */
void khttpd_log_free(struct khttpd_log_entry *e)
{
	if (e)
		kmem_cache_free(log_cache, e);
}

/**
 * khttpd_log_submit() - put a finished request's record into the ring.
 * @e: from khttpd_log_alloc(); freed here
 *
 * Never waits: a full ring (or the log turned off meanwhile) drops it.
 * Context: process context.
 */
void khttpd_log_submit(struct khttpd_log_entry *e)
{
	/* pairs with log_rings_alloc(): the rings are initialised */
	struct log_ring __percpu *rings = smp_load_acquire(&log_rings);
	struct log_ring *r;
	bool stored = false;

	if (!rings || !READ_ONCE(log_enabled))
		goto out;
	e->rec.size = sizeof(e->rec);
	e->rec.version = KHTTPD_LOG_VERSION;
	/* any CPU's ring is correct under its lock; this one is uncontended */
	r = raw_cpu_ptr(rings);
	spin_lock(&r->lock);
	if (r->head - r->tail < LOG_RING_RECS) {
		r->recs[r->head % LOG_RING_RECS] = e->rec;
		WRITE_ONCE(r->head, r->head + 1);
		stored = true;
	}
	spin_unlock(&r->lock);
out:
	kmem_cache_free(log_cache, e);
	if (!stored) {
		khttpd_stat_inc(KS_LOG_DROPPED);
		return;
	}
	khttpd_stat_inc(KS_LOG_RECORDS);
	/* the record before the flag; pairs with log_ask_wake() */
	smp_mb();
	if (READ_ONCE(log_want_wake) && xchg(&log_want_wake, 0))
		wake_up_interruptible(&log_wait);
}

/* Are records waiting?  A hint, read without the rings' locks. */
static bool log_pending(void)
{
	/* pairs with log_rings_alloc(): the rings are initialised */
	struct log_ring __percpu *rings = smp_load_acquire(&log_rings);
	int cpu;

	if (!rings)
		return false;
	for_each_possible_cpu(cpu) {
		struct log_ring *r = per_cpu_ptr(rings, cpu);

		if (READ_ONCE(r->head) != READ_ONCE(r->tail))
			return true;
	}
	return false;
}

/*
 * Ask the next producer for a wake-up, then look again: a record stored
 * before the flag was seen is found here, one stored after it wakes us.
 */
static bool log_ask_wake(void)
{
	WRITE_ONCE(log_want_wake, 1);
	/* the flag before the rings; pairs with khttpd_log_submit() */
	smp_mb();
	return log_pending();
}

/* ---- /dev/khttpd-log ---- */

/* what one open file holds: the bounce buffer and where to start next */
struct log_reader {
	struct khttpd_log_record batch[LOG_BATCH];
	int next_cpu;
};

static int log_dev_open(struct inode *inode, struct file *file)
{
	struct log_reader *rd;

	if (test_and_set_bit_lock(0, &log_open))
		return -EBUSY;
	rd = khttpd_alloc(kzalloc(sizeof(*rd), GFP_KERNEL));
	if (!rd) {
		clear_bit_unlock(0, &log_open);
		return -ENOMEM;
	}
	file->private_data = rd;
	return stream_open(inode, file);
}

static int log_dev_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	clear_bit_unlock(0, &log_open);
	return 0;
}

/* Take up to @max records of CPU @cpu's ring into @rd->batch. */
static unsigned int log_take(struct log_reader *rd, int cpu, unsigned int max)
{
	struct log_ring *r = per_cpu_ptr(log_rings, cpu);
	unsigned int n, i;

	spin_lock(&r->lock);
	n = min3(r->head - r->tail, max, (unsigned int)LOG_BATCH);
	for (i = 0; i < n; i++)
		rd->batch[i] = r->recs[(r->tail + i) % LOG_RING_RECS];
	WRITE_ONCE(r->tail, r->tail + n);
	spin_unlock(&r->lock);
	return n;
}

/* Copy whole records to @buf, at most @count bytes; 0 if none waits. */
static ssize_t log_copy_out(struct log_reader *rd, char __user *buf,
			    size_t count)
{
	const size_t sz = sizeof(struct khttpd_log_record);
	unsigned int want = min_t(size_t, count / sz, INT_MAX);
	unsigned int tried = 0, done = 0;
	int cpu = rd->next_cpu;

	/* pairs with log_rings_alloc(): the rings are initialised */
	if (!smp_load_acquire(&log_rings))
		return 0;
	/* every possible CPU once, starting after the last one read */
	while (done < want && tried < nr_cpu_ids) {
		unsigned int n;

		if (cpu >= nr_cpu_ids)
			cpu = 0;
		if (!cpu_possible(cpu)) {
			cpu++;
			tried++;
			continue;
		}
		n = log_take(rd, cpu, want - done);
		if (n && copy_to_user(buf + done * sz, rd->batch, n * sz))
			return -EFAULT;
		done += n;
		if (n < LOG_BATCH) {	/* ring empty, or @buf full */
			cpu++;
			tried++;
		}
		cond_resched();
	}
	rd->next_cpu = cpu;
	return done * sz;
}

/*
 * read(): whole records only (@count below one record is EINVAL); blocks
 * until one waits, unless O_NONBLOCK (EAGAIN); a signal ends the wait.
 */
static ssize_t log_dev_read(struct file *file, char __user *buf, size_t count,
			    loff_t *ppos)
{
	struct log_reader *rd = file->private_data;
	ssize_t ret;

	if (count < sizeof(struct khttpd_log_record))
		return -EINVAL;
	for (;;) {
		ret = log_copy_out(rd, buf, count);
		if (ret)
			return ret;
		if (file->f_flags & O_NONBLOCK) {
			/* never 0, which readers take for the end of file */
			if (!log_ask_wake())
				return -EAGAIN;
			continue;
		}
		ret = wait_event_interruptible(log_wait, log_ask_wake());
		if (ret)
			return ret;
	}
}

static __poll_t log_dev_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &log_wait, wait);
	return log_ask_wake() ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations log_fops = {
	.owner = THIS_MODULE,
	.open = log_dev_open,
	.release = log_dev_release,
	.read = log_dev_read,
	.poll = log_dev_poll,
	.llseek = no_llseek,
};

static struct miscdevice log_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "khttpd-log",
	.fops = &log_fops,
	.mode = 0400,
};

/**
 * khttpd_log_init() - the record cache, the rings if log=1 was given at
 * load, and /dev/khttpd-log.
 *
 * Return: 0 or a negative errno.
 */
int khttpd_log_init(void)
{
	int err;

	log_cache = KMEM_CACHE(khttpd_log_entry, 0);
	if (!log_cache)
		return -ENOMEM;
	khttpd_params_lock();
	err = READ_ONCE(log_enabled) ? log_rings_alloc() : 0;
	khttpd_params_unlock();
	if (err)
		goto err_cache;
	err = misc_register(&log_dev);
	if (err)
		goto err_rings;
	return 0;

err_rings:
	log_rings_free(log_rings);
	log_rings = NULL;
err_cache:
	kmem_cache_destroy(log_cache);
	return err;
}

/**
 * khttpd_log_exit() - remove the device and free the rings.
 *
 * Context: no reader has the device open (it holds a module reference),
 * and no connection is left to submit a record.
 */
void khttpd_log_exit(void)
{
	misc_deregister(&log_dev);
	log_rings_free(log_rings);
	log_rings = NULL;
	kmem_cache_destroy(log_cache);
}
