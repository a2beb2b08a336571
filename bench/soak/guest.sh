# bench/soak/run's guest half, installed as /scenarios/bench-soak.sh
# (busybox sh, "set -e", tests/vm/lib.sh loaded), on the debug kernel.
# For soak_min minutes: mixed traffic (keep-alive and a connection per
# request on a small cached file, a 60 KB cached file, a 2 MB streamed
# file, /fib small and large, directory listings), a live tunable change
# every few seconds (1 s apart; each round takes 5-9 s on the
# debug kernel under TCG) (sysfs, and khttpd-admin set every fourth time), and rmmod +
# insmod under that traffic every soak_reload minutes.  Every minute one
# line:
#   SOAK min=M slab_kb= sunreclaim_kb= memavail_kb= khttpd_slab_kb=
#        conns= fib_cache= file_cache= budget= req= r5xx= reloads= sets=
# At the end (traffic stopped, module unloaded): kmemleak scanned twice and
# the kernel log searched; one line
#   SOAK-END kmemleak=N reports=N reloads=N sets=N set_errors=N
# The scenario fails on any report (the init's own check runs after it).
MIN=${soak_min:-60}
RELOAD=${soak_reload:-5}
D=/var/www/khttpd
mkdir -p $D
mount -t tmpfs -o mode=0755 tmpfs $D
mkdir -p $D/list
printf 'small\n' >$D/small.txt
head -c 61440 /dev/urandom >$D/cached.bin
head -c 2097152 /dev/urandom >$D/big.bin
i=0
while [ $i -lt 300 ]; do : >"$D/list/name-$i.txt"; i=$((i + 1)); done
sum_big=$(sha256sum <$D/big.bin | cut -d' ' -f1)
sum_cached=$(sha256sum <$D/cached.bin | cut -d' ' -f1)

ARGS="listing=1 max_n=2000000 keepalive_timeout_ms=5000"

# khttpd's own slab caches (khttpd_conn, khttpd_log_entry), in KiB
khttpd_slab() {
	awk '$1 ~ /^khttpd/ { kb += $3 * $4 / 1024 } END { printf "%d\n", kb }' \
		/proc/slabinfo
}

meminfo() {
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

# pval KEY: /proc/khttpd's KEY, or 0 while the module is out
pval() {
	awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' \
		/proc/khttpd 2>/dev/null || echo 0
}

sample() {
	echo "-- SOAK min=$1 slab_kb=$(meminfo Slab) sunreclaim_kb=$(meminfo SUnreclaim)" \
		"memavail_kb=$(meminfo MemAvailable) khttpd_slab_kb=$(khttpd_slab)" \
		"conns=$(pval connections_now) fib_cache=$(pval fib_cache_bytes)" \
		"file_cache=$(pval static_cache_bytes) budget=$(pval budget_bytes)" \
		"req=$(pval requests_get) r5xx=$(pval responses_5xx)" \
		"reloads=$reloads sets=$sets"
}

# client loops, each until /tmp/soak.stop exists; each counts its good
# and bad answers in /tmp/soak.NAME (bad includes the reloads' refusals)
loop() {
	name=$1
	shift
	good=0 bad=0
	while [ ! -e /tmp/soak.stop ]; do
		if "$@" >/dev/null 2>&1; then good=$((good + 1)); else bad=$((bad + 1)); sleep 1; fi
		echo "$good $bad" >/tmp/soak.$name
	done
}

get_sum() {	# PATH SHA256
	[ "$(curl -sS --max-time 60 $URL$1 | sha256sum | cut -d' ' -f1)" = "$2" ]
}
get_ok() {	# PATH
	curl -sS -f --max-time 120 -o /dev/null $URL$1
}
ht() {	# htstress ARGS, for a few seconds
	htstress -q -T 10 "$@" $URL/small.txt | grep -q 'errors=0'
}
fib_small() {
	get_ok /fib/$(( $(date +%s) % 5000 + 1000 ))
}
fib_large() {	# a different large N each time: the cache fills and evicts
	get_ok /fib/$(( 200000 + $(date +%s) % 500 * 1000 ))
}

# tunable changes: each a NAME VALUE from a cycle
SETS="fib_cache_bytes 0
file_cache_bytes 1048576
keepalive_timeout_ms 200
io_cpu_share 50
fib_cache_bytes 67108864
response_memory_bytes 4194304
file_cache_bytes 0
listing 0
keepalive_timeout_ms 5000
response_memory_bytes 134217728
io_cpu_share 100
file_cache_bytes 33554432
listing 1
fib_queue_max 2
fib_queue_max 64
max_connections 8
max_connections 65536"
nsets=$(echo "$SETS" | wc -l)

load $ARGS
reloads=0 sets=0 set_errors=0
sample 0
loop ka ht -k -c 4 -d 5 &
loop close ht -c 4 -d 5 &
loop cached get_sum /cached.bin "$sum_cached" &
loop big get_sum /big.bin "$sum_big" &
loop fibs fib_small &
loop fibl fib_large &
loop list get_ok /list/ &

start=$(date +%s)
next_min=1 next_reload=$RELOAD
while :; do
	now=$(( $(date +%s) - start ))
	[ $now -lt $((MIN * 60)) ] || break
	# a live tunable change
	line=$(echo "$SETS" | sed -n "$((sets % nsets + 1))p")
	k=${line% *} v=${line#* }
	if [ $((sets % 4)) = 3 ]; then
		khttpd-admin set "$k=$v" >/dev/null 2>&1 || set_errors=$((set_errors + 1))
	else
		(echo "$v" >$PARAMS/$k) 2>/dev/null || set_errors=$((set_errors + 1))
	fi
	sets=$((sets + 1))
	if [ $now -ge $((next_min * 60)) ]; then
		sample $next_min
		next_min=$((next_min + 1))
	fi
	if [ $now -ge $((next_reload * 60)) ]; then
		t0=$(date +%s)
		rmmod khttpd || fail "rmmod under load"
		load $ARGS
		reloads=$((reloads + 1))
		echo "-- reload $reloads under load: $(( $(date +%s) - t0 ))s"
		next_reload=$((next_reload + RELOAD))
	fi
	sleep 1
done
sample $next_min
touch /tmp/soak.stop
wait
for f in ka close cached big fibs fibl list; do
	echo "-- SOAK-CLIENT $f $(cat /tmp/soak.$f 2>/dev/null || echo '0 0')"
done
# settled: every connection closes within keepalive_timeout_ms
echo 5000 >$PARAMS/keepalive_timeout_ms
i=0
while [ "$(proc connections_now)" != 0 ] && [ $i -lt 120 ]; do sleep 1; i=$((i + 1)); done
sample end
echo "-- SOAK-AFTER conns=$(proc connections_now) budget=$(proc budget_bytes) fib_memory=$(proc fib_memory_used)"
rmmod khttpd
sample unloaded
leaks=0
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	leaks=$(grep -c '^unreferenced object' /sys/kernel/debug/kmemleak || true)
	cat /sys/kernel/debug/kmemleak | head -n 60
fi
reports=$(dmesg | grep -c -E 'BUG:|WARNING:|Oops|KASAN|UBSAN|possible circular locking|inconsistent lock state|sleeping function called|refcount_t:|list_(add|del) corruption|blocked for more than' || true)
dmesg | grep -E -A20 'BUG:|WARNING:|KASAN|UBSAN|possible circular locking|inconsistent lock state' | head -n 80 || true
echo "-- SOAK-END kmemleak=$leaks reports=$reports reloads=$reloads sets=$sets set_errors=$set_errors"
[ "$leaks" = 0 ] && [ "$reports" = 0 ] || fail "kernel reports during the soak"
