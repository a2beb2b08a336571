// SPDX-License-Identifier: GPL-2.0
/*
 * Which CPU runs a connection's io_work under placement=balance.
 *
 * nvmet-tcp queues a connection's work on the CPU whose softirq received
 * its packets.  With a NIC that spreads flows over its queues (RSS) that
 * keeps the work beside its data and the load even.  Over loopback, or a
 * NIC with one queue, the softirq runs where the sender or the one
 * interrupt runs, and local work piles onto that CPU while others idle.
 * Sending the work to another CPU costs a wakeup there and a cold cache;
 * when that CPU is busy too, the kworker only waits for the task running
 * there, and that wait lands in the request's latency (docs/performance.md:
 * 2.2 ms against 10-13 ms p99 with two unpinned client threads).
 *
 * So stay on the local CPU unless it was busy over the last window (at
 * least BALANCE_BUSY) and another CPU had clearly less other work (by at
 * least BALANCE_MARGIN); then go to the one with the least, or to the one
 * the connection used last if it still qualifies.  With a client on one of
 * two CPUs that sends every request to the other; with clients on every
 * CPU it keeps each request on the CPU that received it.  "Other work" is
 * busy time minus khttpd's own io_work time there: counting khttpd's own
 * time would make a CPU busy with khttpd's work send that work back, and
 * the two CPUs would trade it every window.  The local CPU's busy time,
 * though, counts khttpd's work too: a client that leaves half its CPU to
 * khttpd's work there still gains from moving that work away.
 *
 * Busy time is the nohz idle and iowait accounting (what /proc/stat
 * shows), sampled at most once per BALANCE_WINDOW by whichever caller finds
 * the sample stale; io_work adds its own run time to its CPU's counter.
 * The figures are hints, read without a lock: a racing reader only picks a
 * CPU from one window earlier.  Without nohz accounting every CPU reads as
 * idle and the choice is always local.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/tick.h>

#include "balance.h"

#define BALANCE_WINDOW	msecs_to_jiffies(40)
#define BALANCE_BUSY	50	/* % busy: below it, local is always fine */
#define BALANCE_MARGIN	15	/* % less other work than local to be worth a move */

struct balance_cpu {
	u64 own_ns;		/* io_work run time here, since load */
	u64 own_ns_seen;	/* own_ns at the last sample */
	u64 idle_us;		/* idle + iowait at the last sample */
	int busy;		/* % busy, last window */
	int other;		/* % busy with other work, last window */
};

static DEFINE_PER_CPU(struct balance_cpu, balance_cpu);
static unsigned long balance_next;	/* jiffies: the next sample is due */
static unsigned long balance_sampling;	/* bit 0: a sample is being taken */
static u64 balance_wall_us;		/* when the last sample was taken */
static int balance_min_cpu;		/* online CPU with least other work, or -1 */

static u64 balance_idle_us(int cpu)
{
	u64 idle = get_cpu_idle_time_us(cpu, NULL);
	u64 iowait = get_cpu_iowait_time_us(cpu, NULL);

	if (idle == (u64)-1 || iowait == (u64)-1)
		return (u64)-1;
	return idle + iowait;
}

static void balance_sample(void)
{
	int cpu, min_cpu = -1, min_other = 101;
	u64 now, wall;

	if (test_and_set_bit_lock(0, &balance_sampling))
		return;
	now = ktime_to_us(ktime_get());
	wall = now - balance_wall_us;
	balance_wall_us = now;
	for_each_possible_cpu(cpu) {
		struct balance_cpu *b = per_cpu_ptr(&balance_cpu, cpu);
		u64 idle = balance_idle_us(cpu), own = READ_ONCE(b->own_ns);
		u64 busy_us, own_us;
		int other;

		if (idle == (u64)-1) {
			min_cpu = -1;
			break;
		}
		busy_us = wall - min(wall, idle - b->idle_us);
		own_us = div_u64(own - b->own_ns_seen, NSEC_PER_USEC);
		b->idle_us = idle;
		b->own_ns_seen = own;
		other = wall ? (int)div64_u64((busy_us - min(busy_us, own_us)) *
					      100, wall) : 0;
		WRITE_ONCE(b->busy, wall ? (int)div64_u64(busy_us * 100, wall) : 0);
		WRITE_ONCE(b->other, other);
		if (cpu_online(cpu) && other < min_other) {
			min_other = other;
			min_cpu = cpu;
		}
	}
	WRITE_ONCE(balance_min_cpu, min_cpu);
	WRITE_ONCE(balance_next, jiffies + BALANCE_WINDOW);
	clear_bit_unlock(0, &balance_sampling);
}

/* @cpu is online and has at least BALANCE_MARGIN less other work */
static bool balance_better(int cpu, int other_here)
{
	int other;

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu))
		return false;
	other = READ_ONCE(per_cpu_ptr(&balance_cpu, cpu)->other);
	return other_here - other >= BALANCE_MARGIN;
}

/**
 * khttpd_balance_cpu() - the CPU to queue a connection's work on.
 * @last: the CPU chosen for it last time, or WORK_CPU_UNBOUND
 *
 * Context: any, including softirq.
 * Return: an online CPU (at the time of the check).
 */
int khttpd_balance_cpu(int last)
{
	struct balance_cpu *b;
	int here = raw_smp_processor_id();
	int other_here, cpu;

	if (time_after_eq(jiffies, READ_ONCE(balance_next)))
		balance_sample();
	b = per_cpu_ptr(&balance_cpu, here);
	if (READ_ONCE(b->busy) < BALANCE_BUSY)
		return here;
	other_here = READ_ONCE(b->other);
	if (last != here && balance_better(last, other_here))
		return last;
	cpu = READ_ONCE(balance_min_cpu);
	return balance_better(cpu, other_here) ? cpu : here;
}

/**
 * khttpd_balance_account() - count io_work's run time to this CPU.
 * @ns: how long it ran
 *
 * Context: io_work, on the CPU it ran on (a migration only misattributes
 * one run).
 */
void khttpd_balance_account(u64 ns)
{
	this_cpu_add(balance_cpu.own_ns, ns);
}

/**
 * khttpd_balance_init() - take the first sample.
 */
void khttpd_balance_init(void)
{
	balance_sample();
}
