# /fib/N: exact answers against GMP for a sample, statuses, cache, HEAD; a
# large N in flight does not delay other clients; disconnect and unload
# cancel a computation.
load max_n=1000000
body=$(curl -sS --max-time $(bound 10) $URL/fib/10)
expect_eq "$body" 55 "F(10)"
hdrs=$(curl -sS --max-time $(bound 10) -D - -o /dev/null $URL/fib/10 | tr -d '\r')
expect_match "$hdrs" 'Content-Length: 3' "F(10) length (digits and newline)"
expect_match "$hdrs" 'X-Khttpd-Cache: hit' "second F(10) from the cache"
hdrs=$(curl -sS --max-time $(bound 10) -I $URL/fib/20 | tr -d '\r')
expect_match "$hdrs" 'Content-Length: 5' "HEAD F(20)"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/fib/0007)" 13 "leading zeros"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/fib/%31%30)" 55 "percent-encoded N"
code=$(curl -s -o /tmp/b -w '%{http_code}' --max-time $(bound 10) $URL/fib/1000001)
expect_eq "$code" 422 "N above max_n"
expect_match "$(cat /tmp/b)" 'max_n' "422 explains"
for bad in abc 1x -3 +3 '%20' 2147483648 99999999999999999999999; do
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 10) "$URL/fib/$bad")
	expect_eq "$code" 400 "N=$bad"
done

# against GMP (tests/vm/gen-data)
while read -r n len sum; do
	curl -sS --max-time 120 -o /tmp/f $URL/fib/$n || fail "fetching F($n)"
	expect_eq "$(wc -c </tmp/f | tr -d ' ')" "$len" "F($n) length"
	expect_eq "$(sha256sum </tmp/f | cut -d' ' -f1)" "$sum" "F($n) digits"
done </data/fib.sha256
log "$(wc -l </data/fib.sha256) values match GMP"

# a large N computing does not hold up GET /: the slowest of 20 requests
# during the computation, next to the same measured just before (htstress
# on one kept-alive connection, so no process start-up is timed)
lat_max() {
	htstress -k -c 1 -n 20 $URL/ | sed -n 's/^latency (us):.* max \([0-9]*\).*/\1/p'
}
base=$(lat_max)
echo 20000000 >$PARAMS/max_n
curl -s -o /tmp/big --max-time 300 -D /tmp/big.h $URL/fib/20000000 &
big=$!
sleep 1
busy=$(lat_max)
log "GET / slowest of 20: ${base} us idle, ${busy} us while F(2*10^7) computes"
[ "$busy" -lt "$(bound 500000)" ] || fail "GET / delayed ${busy} us by a computation"
wait $big || fail "F(2*10^7) request failed"
digits=$(( $(wc -c </tmp/big) - 1 ))
expect_eq "$digits" 4179753 "digits of F(2*10^7)"
grep -i 'X-Khttpd-Compute-Us' /tmp/big.h | tr -d '\r'

# a client that gives up cancels its computation: the client goes once the
# computation has started (a cache miss counted), which F(10^8) cannot
# finish by then (over a second even natively)
echo 100000000 >$PARAMS/max_n
c0=$(proc fib_cancelled)
m0=$(proc fib_cache_misses)
curl -s -o /dev/null --max-time 300 $URL/fib/100000000 &
cl=$!
i=0
while [ "$(proc fib_cache_misses)" = "$m0" ]; do
	sleep 0.1; i=$((i + 1)); [ $i -lt "$(bound 100)" ] || fail "F(10^8) did not start"
done
kill $cl; wait $cl || true
i=0
while [ "$(proc fib_cancelled)" = "$c0" ]; do
	sleep 0.2; i=$((i + 1)); [ $i -lt "$(bound 50)" ] || fail "disconnect did not cancel"
done
# and unload cancels one in flight
m0=$(proc fib_cache_misses)
curl -s -o /dev/null --max-time 300 $URL/fib/99999999 &
i=0
while [ "$(proc fib_cache_misses)" = "$m0" ]; do
	sleep 0.1; i=$((i + 1)); [ $i -lt "$(bound 100)" ] || fail "F(99999999) did not start"
done
unload
wait || true
