// SPDX-License-Identifier: GPL-2.0
/*
 * Where a connection's io_work runs, and at which priority.
 *
 * io_work runs on WQ_HIGHPRI kworkers (nice -20; khttpd_conn_init() in
 * conn.c says why), which the scheduler runs ahead of every nice-0 task of
 * their CPU.  Under a flood that leaves the machine's other tasks (sshd,
 * the application beside khttpd, the administrator's shell) only what the
 * kworkers do not want.  io_cpu_share bounds that: per CPU, the run time
 * of high-priority io_work is summed over periods of CPU_PERIOD; once it
 * passes io_cpu_share percent of the period, the CPU yields until the
 * period ends.  While it yields, io_work queued for it goes to
 * khttpd_yield, a per-CPU workqueue at normal priority (nice 0), where CFS
 * shares the CPU between that work and the user tasks; high-priority
 * io_work already queued there passes itself on to khttpd_yield instead
 * of running.  0 or 100 turns the bound off: everything at high priority.
 *
 * So a connection has two work items: io_work, on its high-priority
 * workqueue (khttpd, or khttpd_unbound under placement=unbound), and
 * yield_work, on khttpd_yield.  A workqueue keeps one work item from
 * running twice at once only within that workqueue, so both items take
 * the RUN_ACTIVE bit of c->run around khttpd_conn_io(): an item that
 * finds it taken sets RUN_AGAIN and leaves, and the holder runs once more
 * before it lets go.  Each item still runs at most once at a time, so
 * cancelling both (conn.c's release_work) leaves nothing running.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched/clock.h>
#include <linux/smp.h>
#include <linux/workqueue.h>

#include "balance.h"
#include "conn_priv.h"
#include "core/params.h"
#include "core/stats.h"

/* ---- tunable (uapi/khttpd.h), read with READ_ONCE() ---- */

static unsigned int cpu_share = KHTTPD_TUNABLE_DEFAULT(io_cpu_share);

static struct khttpd_uint_param io_cpu_share_param =
	KHTTPD_UINT_PARAM(io_cpu_share, cpu_share, NULL);
module_param_cb(io_cpu_share, &khttpd_uint_param_ops, &io_cpu_share_param,
		0644);
__MODULE_PARM_TYPE(io_cpu_share, "uint");
MODULE_PARM_DESC(io_cpu_share, KHTTPD_TUNABLE_MEANING(io_cpu_share));

/*
 * The accounting period: short, since a nice-0 task that wakes while the
 * kworkers use their share waits for up to that share of a period.
 */
#define CPU_PERIOD	msecs_to_jiffies(10)

/* bits in khttpd_conn.run */
enum {
	RUN_ACTIVE,	/* an item is inside khttpd_conn_io() */
	RUN_AGAIN,	/* an item was queued to run it (again) */
};

/*
 * One CPU's account.  start and used_ns are changed only on their CPU,
 * with preemption off; yield_until is read by whoever queues work for it.
 */
struct cpu_account {
	unsigned long start;		/* jiffies: the period began */
	u64 used_ns;			/* high-priority io_work run in it */
	unsigned long yield_until;	/* jiffies: yields until then */
};

static DEFINE_PER_CPU(struct cpu_account, cpu_account);
static struct workqueue_struct *khttpd_yield_wq;

/* The share in percent while it bounds anything, else 0. */
static unsigned int cpu_share_limit(void)
{
	unsigned int share = READ_ONCE(cpu_share);

	return share < 100 ? share : 0;
}

/* @cpu (WORK_CPU_UNBOUND: this one) has used its share of this period. */
static bool cpu_yielding(int cpu)
{
	if (!cpu_share_limit())
		return false;
	if (cpu == WORK_CPU_UNBOUND)
		cpu = raw_smp_processor_id();
	return time_before(jiffies,
			   READ_ONCE(per_cpu_ptr(&cpu_account, cpu)->yield_until));
}

/* High-priority io_work ran @ns on this CPU: yield if past the share. */
static void cpu_charge(u64 ns)
{
	unsigned int share = cpu_share_limit();
	unsigned long now = jiffies;
	struct cpu_account *a;

	if (!share)
		return;
	a = get_cpu_ptr(&cpu_account);
	if (time_after_eq(now, a->start + CPU_PERIOD)) {
		a->start = now;
		a->used_ns = 0;
	}
	a->used_ns += ns;
	if (a->used_ns * 100 > (u64)share * jiffies_to_nsecs(CPU_PERIOD) &&
	    time_before(a->yield_until, a->start + CPU_PERIOD)) {
		WRITE_ONCE(a->yield_until, a->start + CPU_PERIOD);
		khttpd_stat_inc(KS_IO_YIELDS);
	}
	put_cpu_ptr(&cpu_account);
}

/* Run khttpd_conn_io() unless the other work item is in it (see above). */
static void conn_run(struct khttpd_conn *c)
{
	/* RUN_AGAIN after what queued this run, */
	smp_mb__before_atomic();
	set_bit(RUN_AGAIN, &c->run);
	/* and before the test of RUN_ACTIVE, paired with the unlock below */
	smp_mb__after_atomic();
	while (test_bit(RUN_AGAIN, &c->run) &&
	       !test_and_set_bit_lock(RUN_ACTIVE, &c->run)) {
		if (test_and_clear_bit(RUN_AGAIN, &c->run))
			khttpd_conn_io(c);
		clear_bit_unlock(RUN_ACTIVE, &c->run);
		/* a RUN_AGAIN set while we held it is seen, or its setter runs */
		smp_mb__after_atomic();
	}
}

/* io_work: high priority, charged to the CPU's share */
static void conn_io_work(struct work_struct *work)
{
	struct khttpd_conn *c = container_of(work, struct khttpd_conn, io_work);
	int cpu = raw_smp_processor_id();
	u64 start, ns;

	if (cpu_yielding(cpu)) {
		/* queued before this CPU used its share: go behind its tasks */
		queue_work_on(cpu, khttpd_yield_wq, &c->yield_work);
		return;
	}
	start = local_clock();
	conn_run(c);
	ns = local_clock() - start;
	khttpd_balance_account(ns);
	cpu_charge(ns);
}

/* yield_work: normal priority, shared with the CPU's tasks */
static void conn_yield_work(struct work_struct *work)
{
	struct khttpd_conn *c =
		container_of(work, struct khttpd_conn, yield_work);
	u64 start = local_clock();

	khttpd_stat_inc(KS_IO_YIELD_RUNS);
	conn_run(c);
	khttpd_balance_account(local_clock() - start);
}

/**
 * khttpd_conn_queue() - have @c's io_work run (again).
 * @c: connection, alive and not yet closed
 *
 * On the CPU its placement gives, at high priority unless that CPU has
 * used its io_cpu_share of the period.
 *
 * Context: any, including softirq.
 */
void khttpd_conn_queue(struct khttpd_conn *c)
{
	int cpu = READ_ONCE(c->cpu);

	if (c->balance) {
		cpu = khttpd_balance_cpu(cpu);
		WRITE_ONCE(c->cpu, cpu);
	}
	if (cpu_yielding(cpu))
		queue_work_on(cpu, khttpd_yield_wq, &c->yield_work);
	else
		queue_work_on(cpu, c->wq, &c->io_work);
}

/**
 * khttpd_conn_works_init() - set up @c's two work items.
 * @c: a new connection
 */
void khttpd_conn_works_init(struct khttpd_conn *c)
{
	c->run = 0;
	INIT_WORK(&c->io_work, conn_io_work);
	INIT_WORK(&c->yield_work, conn_yield_work);
}

/**
 * khttpd_conn_cpu_set_workers() - max_active of khttpd_yield.
 * @workers: per CPU, as for the high-priority workqueues
 */
void khttpd_conn_cpu_set_workers(unsigned int workers)
{
	workqueue_set_max_active(khttpd_yield_wq, workers);
}

/**
 * khttpd_conn_cpu_init() - create khttpd_yield, start every CPU's account.
 * @workers: its max_active per CPU
 *
 * Return: 0 or -ENOMEM.
 */
int khttpd_conn_cpu_init(unsigned int workers)
{
	unsigned long now = jiffies;
	int cpu;

	/* a jiffies value far back would read as the future */
	for_each_possible_cpu(cpu) {
		struct cpu_account *a = per_cpu_ptr(&cpu_account, cpu);

		a->start = now - CPU_PERIOD;
		a->used_ns = 0;
		a->yield_until = now;
	}
	khttpd_yield_wq = alloc_workqueue("khttpd_yield", WQ_SYSFS, workers);
	return khttpd_yield_wq ? 0 : -ENOMEM;
}

/**
 * khttpd_conn_cpu_exit() - destroy khttpd_yield; no connection is left.
 */
void khttpd_conn_cpu_exit(void)
{
	destroy_workqueue(khttpd_yield_wq);
}
