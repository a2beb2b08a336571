# bench/calls/run's guest half: for this tree's khttpd (/khttpd.ko) and, if
# present, the --ab revision's (/khttpd-old.ko), probe every function of the
# module and some of the kernel's, run N keep-alive requests on C
# connections (client pinned to vCPU 0), and print each probe's hits per
# request as "CALLS new|old NAME HITS".
T=/sys/kernel/tracing
n=${calls_n:-20000} c=${calls_c:-32}
URL=http://127.0.0.1:8081/
# the kernel's side of a request: receive, send, push, wake-up, timers,
# allocation
kernel_fns="tcp_recvmsg tcp_sendmsg tcp_push __tcp_push_pending_frames
sock_def_readable try_to_wake_up queue_work_on mod_timer __kmalloc
kmem_cache_alloc kfree lock_sock_nested __release_sock ktime_get"
echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range
echo "CALLSMETA new htstress -k -n $n -c $c, pinned to vCPU 0"
for b in new old; do
	ko=/khttpd.ko
	[ $b = new ] || ko=/khttpd-old.ko
	[ -f $ko ] || continue
	insmod $ko || fail "insmod $ko"
	i=0
	until curl -sf --max-time 2 $URL >/dev/null; do
		i=$((i + 1)); [ $i -lt 50 ] || fail "$b: not serving"; sleep 0.2
	done
	htstress -q -d 1 -c "$c" -k $URL >/dev/null
	: >$T/kprobe_events
	for f in $kernel_fns; do echo "p:k_$f $f" >>$T/kprobe_events; done
	# every text symbol of the module: a probe per out-of-line function
	for f in $(awk '$4 == "[khttpd]" && ($2 == "t" || $2 == "T") { print $3 }' /proc/kallsyms | sort -u); do
		echo "p:m_$(echo "$f" | tr . _) $f" >>$T/kprobe_events 2>/dev/null || true
	done
	echo 0 >$T/tracing_on
	echo 1 >$T/events/kprobes/enable
	taskset -c 0 htstress -q -e -n "$n" -c "$c" -k $URL >/dev/null ||
		fail "$b: htstress"
	echo 0 >$T/events/kprobes/enable
	awk -v b=$b -v n="$n" '{
		name = $1; kind = "khttpd:"
		if (name ~ /^k_/) { kind = "kernel:"; sub(/^k_/, "", name) } else sub(/^m_/, "", name)
		printf "CALLS %s %s%s %.3f\n", b, kind, name, $2 / n }' $T/kprobe_profile
	: >$T/kprobe_events
	echo 1 >$T/tracing_on
	rmmod khttpd || fail "rmmod"
done
