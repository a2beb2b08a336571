# io_cpu_share: past its share of a CPU, connection work moves to the
# normal-priority workqueue khttpd_yield (io_yields and io_yield_runs grow)
# and every request is still answered; at 100 (and 0) nothing moves; the
# tunable refuses values over 100; rmmod during a flood at a tiny share
# frees every connection.  How much CPU this leaves to user tasks is
# measured by bench/cpu/run, not asserted here.
load
expect_eq "$(cat $PARAMS/io_cpu_share)" 100 "io_cpu_share default"
[ -d /sys/devices/virtual/workqueue/khttpd_yield ] ||
	fail "no khttpd_yield workqueue"

# flood MODE N: N requests from 32 clients, all answered 200
N=$((4000 / SLOW))	# a sanitizer kernel serves far fewer per second
flood() {
	out=$(htstress -q $1 -c 32 -t 2 -n "$2" $URL/)
	echo "htstress $1 io_cpu_share=$(cat $PARAMS/io_cpu_share): $(echo "$out" | tail -n1)"
	expect_match "$out" "good=$2 bad=0 errors=0" "htstress $1 -n $2"
}

# 1% of a 10 ms period is far less than a flood's work on a CPU
echo 1 >$PARAMS/io_cpu_share
for mode in -k ""; do
	y0=$(proc io_yields) r0=$(proc io_yield_runs)
	flood "$mode" $N
	y=$(( $(proc io_yields) - y0 )) r=$(( $(proc io_yield_runs) - r0 ))
	log "io_cpu_share=1 $mode: io_yields +$y io_yield_runs +$r"
	[ "$y" -gt 0 ] || fail "no CPU yielded at io_cpu_share=1 ($mode)"
	[ "$r" -gt 0 ] || fail "no work ran at normal priority ($mode)"
done

for share in 100 0; do
	echo $share >$PARAMS/io_cpu_share
	y0=$(proc io_yields) r0=$(proc io_yield_runs)
	flood -k $N
	expect_eq "$(( $(proc io_yields) - y0 ))" 0 "io_yields at io_cpu_share=$share"
	expect_eq "$(( $(proc io_yield_runs) - r0 ))" 0 "io_yield_runs at io_cpu_share=$share"
done

if echo 101 >$PARAMS/io_cpu_share 2>/dev/null; then
	fail "io_cpu_share=101 accepted"
fi
expect_eq "$(cat $PARAMS/io_cpu_share)" 0 "io_cpu_share after a refused write"
expect_eq "$(proc connections_now)" 0 "connections left open"

# rmmod while 32 keep-alive clients flood at a tiny share: both work items
# of each connection in play
echo 1 >$PARAMS/io_cpu_share
htstress -q -k -c 32 -t 2 -d 60 -T 5 $URL/ >/tmp/ht.out 2>&1 &
pid=$!
sleep 3
busy=$(proc connections_now)
log "$busy connections open at rmmod, io_yield_runs $(proc io_yield_runs)"
[ "$busy" -ge 16 ] || fail "only $busy clients connected"
unload
kill -INT $pid 2>/dev/null || true
wait $pid || true
[ ! -e /sys/module/khttpd ] || fail "module still loaded"
