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
 * least BALANCE_BUSY) and another CPU was clearly less busy (by at least
 * BALANCE_MARGIN); then go to the least busy one, or to the one the
 * connection used last if it still qualifies.  With a client saturating
 * one of two CPUs that sends every request to the other; with clients on
 * every CPU it keeps each request on the CPU that received it.
 *
 * Busy time is the nohz idle and iowait accounting (what /proc/stat
 * shows), sampled at most once per BALANCE_WINDOW by whichever caller finds
 * the sample stale.  The figures are hints, read without a lock: a racing
 * reader only picks a CPU from one window earlier.  Without nohz
 * accounting every CPU reads as idle and the choice is always local.
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
#define BALANCE_MARGIN	15	/* % less busy than local to be worth a move */

struct balance_cpu {
	u64 idle_us;		/* idle + iowait at the last sample */
	int busy;		/* % busy over the last window */
};

static DEFINE_PER_CPU(struct balance_cpu, balance_cpu);
static unsigned long balance_next;	/* jiffies: the next sample is due */
static unsigned long balance_sampling;	/* bit 0: a sample is being taken */
static u64 balance_wall_us;		/* when the last sample was taken */
static int balance_min_cpu;		/* least busy online CPU, or -1 */

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
	int cpu, min_cpu = -1, min_busy = 101;
	u64 now, wall;

	if (test_and_set_bit_lock(0, &balance_sampling))
		return;
	now = ktime_to_us(ktime_get());
	wall = now - balance_wall_us;
	balance_wall_us = now;
	for_each_possible_cpu(cpu) {
		struct balance_cpu *b = per_cpu_ptr(&balance_cpu, cpu);
		u64 idle = balance_idle_us(cpu), d;
		int busy;

		if (idle == (u64)-1) {
			min_cpu = -1;
			break;
		}
		d = idle - b->idle_us;
		b->idle_us = idle;
		busy = !wall || d >= wall ? 0 :
			100 - (int)div64_u64(d * 100, wall);
		WRITE_ONCE(b->busy, busy);
		if (cpu_online(cpu) && busy < min_busy) {
			min_busy = busy;
			min_cpu = cpu;
		}
	}
	WRITE_ONCE(balance_min_cpu, min_cpu);
	WRITE_ONCE(balance_next, jiffies + BALANCE_WINDOW);
	clear_bit_unlock(0, &balance_sampling);
}

/* @cpu is online and at least BALANCE_MARGIN less busy than @busy_here */
static bool balance_better(int cpu, int busy_here)
{
	int busy;

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu))
		return false;
	busy = READ_ONCE(per_cpu_ptr(&balance_cpu, cpu)->busy);
	return busy_here - busy >= BALANCE_MARGIN;
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
	int here = raw_smp_processor_id();
	int busy_here, cpu;

	if (time_after_eq(jiffies, READ_ONCE(balance_next)))
		balance_sample();
	busy_here = READ_ONCE(per_cpu_ptr(&balance_cpu, here)->busy);
	if (busy_here < BALANCE_BUSY)
		return here;
	if (last != here && balance_better(last, busy_here))
		return last;
	cpu = READ_ONCE(balance_min_cpu);
	return balance_better(cpu, busy_here) ? cpu : here;
}

/**
 * khttpd_balance_init() - take the first sample.
 */
void khttpd_balance_init(void)
{
	balance_sample();
}
