# khttpd-vm: debug-kernel
# Allocation failures at every site (issue 22, item 1).  fail_function makes
# khttpd_alloc_should_fail() (module/core/fault.h) return true for 5% of
# khttpd's allocations while mixed load runs: keep-alive batches and
# connection-per-request clients, static files cached and streamed, a
# listing, /fib small and large, live parameter changes, unload and reload.
# Every request must complete byte-exact or get a 500/503 or a closed
# connection (a 200 short of its length counts as closed); a parameter
# write may fail only with ENOMEM; no report (the debug tier checks the
# kernel log and kmemleak after the scenario).  Then, with injection off,
# everything is served byte-exact again and the counters add up.
# Needs a kernel with CONFIG_FAIL_FUNCTION: the debug tier's only.
F=/sys/kernel/debug/fail_function
[ -d $F ] || fail "no $F: this scenario needs the debug kernel (CONFIG_FAIL_FUNCTION)"
D=/var/www/khttpd
R=/tmp/afref
T=/tmp/af
PERCENT=5
TIMES=1000000
mkdir -p $D $R $T
mount -t tmpfs -o size=64m tmpfs $D
mkdir $D/dir
head -c 1000 /dev/urandom >$D/a.txt
head -c 60000 /dev/urandom >$D/b.bin
head -c 3000000 /dev/urandom >$D/big.bin
for i in 1 2 3 4 5 6; do echo "entry $i" >$D/dir/f$i.txt; done
chmod -R a+rX $D
FIBS="90 1000 20000 100000"
URLS="/a.txt /b.bin /big.bin /dir/ /fib/90 /fib/1000 /fib/20000 /fib/100000"

# ref URL: where URL's right body is kept
ref() {
	echo "$R/$(echo "$1" | tr '/' '_')"
}

# the right bodies, without faults: the files, the listing, and each /fib
# computed with the fib cache off
load docroot=$D max_n=100000 listing=1
echo 0 >$PARAMS/fib_cache_bytes
for u in $URLS; do
	curl -sfS --max-time $(bound 60) -o "$(ref $u)" "$URL$u" ||
		fail "GET $u without faults"
done
for f in a.txt b.bin big.bin; do
	cmp -s "$(ref /$f)" $D/$f || fail "/$f differs from the file without faults"
done
expect_eq "$(cat "$(ref /fib/90)")" 2880067194370816120 "/fib/90"
grep -q 'f6.txt' "$(ref /dir/)" || fail "the listing lacks f6.txt"
echo 67108864 >$PARAMS/fib_cache_bytes

ok=0 short=0 e500=0 e503=0 closed=0
# tally URL FILE CODE SIZE: judge one answer, or fail
tally() {
	want=$(ref "$1")
	case "$3" in
	200)
		if [ "$4" = "$(wc -c <"$want")" ]; then
			cmp -s "$2" "$want" || fail "$1: a complete 200 with wrong bytes"
			ok=$((ok + 1))
		else
			[ "$4" -lt "$(wc -c <"$want")" ] ||
				fail "$1: 200 with $4 bytes, more than $(wc -c <"$want")"
			short=$((short + 1))
		fi
		;;
	500) e500=$((e500 + 1)) ;;
	503) e503=$((e503 + 1)) ;;
	000) closed=$((closed + 1)) ;;
	*) fail "$1: status $3 under allocation failures" ;;
	esac
}

# batch URL...: the URLs on one keep-alive connection (curl opens another
# when the server closes one); each answer tallied
batch() {
	args=
	i=0
	for u in "$@"; do
		rm -f $T/b.$i
		args="$args -o $T/b.$i $URL$u"
		i=$((i + 1))
	done
	curl -s --max-time $(bound 60) \
		-w '%{http_code} %{size_download}\n' $args >$T/w 2>/dev/null || true
	i=0
	for u in "$@"; do
		set -- $(sed -n "$((i + 1))p" $T/w)
		[ -e $T/b.$i ] || : >$T/b.$i
		tally "$u" $T/b.$i "${1:-000}" "${2:-0}"
		i=$((i + 1))
	done
}

# single URL: one request on its own connection
single() {
	set -- "$1" $(curl -s --max-time $(bound 60) -H 'Connection: close' \
		-o $T/s -w '%{http_code} %{size_download}' "$URL$1" 2>/dev/null)
	[ -e $T/s ] || : >$T/s
	tally "$1" $T/s "${2:-000}" "${3:-0}"
	rm -f $T/s
}

perr=0
# param NAME VALUE: a live change, which may fail only for want of memory
param() {
	if ! echo "$2" 2>$T/perr >"$PARAMS/$1"; then
		grep -q 'Cannot allocate memory' $T/perr ||
			fail "writing $1=$2: $(cat $T/perr)"
		perr=$((perr + 1))
	fi
}

# on (also when the scenario fails) until inject_off: the next scenario of
# the boot must not inherit the faults
inject_on() {
	trap inject_off EXIT
	echo khttpd_alloc_should_fail >$F/inject
	echo $PERCENT >$F/probability
	echo 1 >$F/interval
	echo 0 >$F/verbose
}

inject_off() {
	echo "!khttpd_alloc_should_fail" >$F/inject 2>/dev/null || true
}

log "allocations fail at $PERCENT%, under load"
echo $TIMES >$F/times	# counts down, once for each fault
inject_on
# load beside the first checked requests (stopped after the last if still
# running)
htstress -q -k -c 4 -d $(bound 10) -T $(bound 10) $URL/a.txt >$T/ht1 2>&1 &
ht1=$!
htstress -q -c 2 -d $(bound 10) -T $(bound 10) $URL/b.bin >$T/ht2 2>&1 &
ht2=$!
round=0
while [ $round -lt 5 ]; do
	batch $URLS
	batch /a.txt /b.bin /fib/90 /a.txt /dir/ /b.bin
	for u in /a.txt /big.bin /fib/20000 /dir/; do
		single $u
	done
	case $round in
	1)
		param keepalive_timeout_ms 7000
		param log 1
		param file_cache_bytes 1000000
		;;
	2)
		param log 0
		param file_cache_bytes 33554432
		param docroot $D
		param fib_cache_bytes 0
		;;
	3)
		param fib_cache_bytes 67108864
		param max_n 100000
		;;
	esac
	round=$((round + 1))
done
kill -INT $ht1 $ht2 2>/dev/null || true
wait $ht1 $ht2 || true
log "htstress keep-alive: $(tail -n1 $T/ht1)"
log "htstress per request: $(tail -n1 $T/ht2)"

# Unload with allocations failing, then load again and fail them anew.
# The injection point leaves with the module, so the load itself is not
# failed: failslab on the insmod process (task-filter) fails the kernel's
# own load_module() first, whose trace-event setup WARNs on ENOMEM
# (event_define_fields()), a report that is not khttpd's.
log "unload and reload"
for cycle in 1 2 3; do
	rmmod khttpd || fail "rmmod under allocation failures (cycle $cycle)"
	inject_off
	load docroot=$D max_n=100000 listing=1
	inject_on
	batch $URLS
done

log "allocations fail at $PERCENT% again, briefly"
for u in $URLS; do
	single $u
done
left=$(cat $F/times)
inject_off
trap - EXIT
injected=$((TIMES - left))
log "faults injected: $injected; answers: $ok complete, $short 200 cut short, $e500 500, $e503 503, $closed closed before a status"
log "parameter writes refused with ENOMEM: $perr"
[ "$injected" -gt 0 ] || fail "no fault was injected"
[ $((e500 + e503 + closed + short)) -gt 0 ] || fail "no request saw a fault"
[ "$ok" -gt 0 ] || fail "no request completed while faults were injected"

log "injection off: everything right again"
ok=0
for u in $URLS; do
	single $u
done
batch $URLS
expect_eq "$ok" 16 "complete answers without faults"
t=0
while [ "$(proc connections_now)" != 0 ]; do
	t=$((t + 1))
	[ $t -lt $(bound 50) ] || fail "$(proc connections_now) connections still open"
	sleep 0.1
done
expect_eq "$(proc connections_accepted)" "$(proc connections_closed)" \
	"connections closed, against accepted"
# what the pool holds with no client: the cached listing page, or nothing
b=$(proc budget_bytes)
[ "$b" = 0 ] || [ "$b" = "$(wc -c <"$(ref /dir/)")" ] ||
	fail "memory budget held with no client: $b bytes"
expect_eq "$(proc fib_computations_now)" 0 "computations running with no client"
