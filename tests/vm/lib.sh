# Helpers for the VM scenarios (busybox sh).  A scenario runs in a subshell
# with "set -e": any failing command, or fail(), ends it with an error.

PORT=8081
URL=http://127.0.0.1:$PORT
PARAMS=/sys/module/khttpd/parameters

# Time bounds are for Debian's stock kernel; a sanitizer kernel (KASAN,
# lockdep, kmemleak) runs several times slower, so bounds scale by SLOW.
SLOW=1
[ -e /sys/kernel/debug/kmemleak ] && SLOW=8

# bound SECONDS: the bound to use on this kernel
bound() {
	echo $(( $1 * SLOW ))
}

fail() {
	echo "FAIL: $*"
	exit 1
}

log() {
	echo "-- $*"
}

# load [param=value...]: insmod, check the parameters took, wait to listen.
load() {
	insmod /khttpd.ko "$@" || fail "insmod $*"
	for kv in "$@"; do
		k=${kv%%=*} v=${kv#*=}
		[ "$(cat "$PARAMS/$k")" = "$v" ] ||
			fail "parameter $k is $(cat "$PARAMS/$k"), wanted $v"
	done
	wait_listen "$(cat $PARAMS/port)"
}

# wait_listen PORT: until a TCP socket listens on PORT (hex in /proc/net).
wait_listen() {
	hex=$(printf ':%04X ' "$1")
	i=0
	while ! grep -q "$hex.* 0A " /proc/net/tcp6 /proc/net/tcp 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "nothing listens on port $1"
		sleep 0.1
	done
}

unload() {
	t0=$(date +%s)
	rmmod khttpd || fail "rmmod failed"
	echo "-- rmmod took $(( $(date +%s) - t0 ))s"
}

# proc KEY: the value of KEY in /proc/khttpd
proc() {
	awk -v k="$1" '$1 == k { print $2; found = 1 } END { exit !found }' \
		/proc/khttpd || fail "no $1 in /proc/khttpd"
}

# now_ms: milliseconds since boot
now_ms() {
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

# expect_eq GOT WANT WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', wanted '$2'"
}

# expect_match TEXT REGEX WHAT
expect_match() {
	printf '%s' "$1" | grep -Eq -- "$2" || fail "$3: '$1' does not match /$2/"
}

# status_of RAW_RESPONSE: the status code of the first response
status_of() {
	printf '%s' "$1" | head -n1 | awk '{ print $2 }'
}

# lockdep_on: lockdep is still checking (true on a kernel without lockdep).
# lockdep turns itself off for the rest of the boot after its own first
# report and after any report that taints with LOCKDEP_NOW_UNRELIABLE: a
# KASAN report (mm/kasan/report.c, end_report()) or an oops.
lockdep_on() {
	[ -r /proc/lockdep_stats ] || return 0
	[ "$(awk '$1 == "debug_locks:" { print $2 }' /proc/lockdep_stats)" = 1 ]
}

# sanitizers_live: each sanitizer of this kernel can still report; says
# which cannot, and fails.  A stock kernel has none and always passes.
sanitizers_live() {
	live=0
	if ! lockdep_on; then
		echo "khttpd-vm: lockdep is off (debug_locks=0${lockdep_off_by:+, since $lockdep_off_by}): lock-order bugs would go unseen"
		live=1
	fi
	if grep -q ' kasan_report$' /proc/kallsyms 2>/dev/null &&
	   ! grep -qw kasan_multi_shot /proc/cmdline; then
		echo "khttpd-vm: KASAN reports only its first bug of a boot: kasan_multi_shot is not on the command line"
		live=1
	fi
	# a write that only a disabled kmemleak refuses (EPERM); stack
	# scanning is on by default, so this changes nothing
	if [ -e /sys/kernel/debug/kmemleak ] &&
	   ! (echo stack=on >/sys/kernel/debug/kmemleak) 2>/dev/null; then
		echo "khttpd-vm: kmemleak is disabled: leaks would go unseen"
		live=1
	fi
	return $live
}

# kernel_log_clean TAINT_BEFORE [SCANS]: no kernel complaint, no new taint
# but O/E.  kmemleak reports an object only at the second scan after its
# allocation (the first records its checksum; mm/kmemleak.c reports only
# objects unchanged since the previous scan), so with one scan a leak is
# reported at the end of the scenario after the one that made it; the last
# scenario of a boot passes SCANS=2 so that nothing goes unreported.
kernel_log_clean() {
	ok=0
	if [ -w /sys/kernel/debug/kmemleak ]; then
		# objects older than kmemleak's 5 s minimum age that nothing
		# points to any more (a scan costs ~20-40 s under TCG)
		i=0
		while [ $i -lt "${2:-1}" ]; do
			echo scan >/sys/kernel/debug/kmemleak
			i=$((i + 1))
		done
		if grep -q . /sys/kernel/debug/kmemleak; then
			echo "khttpd-vm: kmemleak reports (of this scenario or, with one scan, the one before):"
			cat /sys/kernel/debug/kmemleak
			ok=1
		fi
	fi
	if dmesg | grep -E -n -B2 -A25 \
		'BUG:|WARNING:|Oops|general protection fault|refcount_t:|list_add corruption|list_del corruption|soft lockup|hard LOCKUP|sleeping function called from invalid context|KASAN|UBSAN|possible circular locking|inconsistent lock state|unreferenced object|Slab cache still has objects|blocked for more than|Kernel panic|stack-protector'; then
		echo "khttpd-vm: the kernel log above shows a problem"
		ok=1
	fi
	taint=$(cat /proc/sys/kernel/tainted)
	new=$(( taint & ~$1 & ~(4096 | 8192) ))
	if [ "$new" != 0 ]; then
		echo "khttpd-vm: kernel taint changed: $1 -> $taint"
		ok=1
	fi
	return $ok
}
