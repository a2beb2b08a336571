# /fib under load (issue 17): identical concurrent requests share one
# computation; the job queue, the per-client limit and the memory pool
# refuse with 503 at once; a request waits at most fib_wait_timeout_ms
# (503 queued, 504 computing); a client that half-closes after its request
# is answered, one that closes is cancelled; a cached result evicted while
# a slow reader holds it is charged to the memory budget even when that
# is spent.
load max_n=200000000

# wait_now COUNT: until COUNT computations are queued or running
wait_now() {
	i=0
	while [ "$(proc fib_computations_now)" != "$1" ]; do
		sleep 0.1; i=$((i + 1))
		[ $i -lt "$(bound 600)" ] || fail "fib_computations_now stays $(proc fib_computations_now), wanted $1"
	done
}

# a stampede: ten identical requests for an uncached F(10^7), one computation
m0=$(proc fib_cache_misses) j0=$(proc fib_joined) h0=$(proc fib_cache_hits)
pids=
for i in 0 1 2 3 4 5 6 7 8 9; do
	curl -sS --max-time $(bound 120) -o /tmp/st.$i $URL/fib/10000000 &
	pids="$pids $!"
done
for p in $pids; do wait $p || fail "a stampede request failed"; done
for i in 0 1 2 3 4 5 6 7 8 9; do
	expect_eq "$(sha256sum </tmp/st.$i | cut -d' ' -f1)" \
		1937a6d705d3577845d2d62f033e3dd8bfb4b867b9d9bacb7920f9379ff5acc5 "F(10^7) of request $i"
done
misses=$(( $(proc fib_cache_misses) - m0 )) joined=$(( $(proc fib_joined) - j0 ))
hits=$(( $(proc fib_cache_hits) - h0 ))
log "stampede of 10: $misses computation(s), $joined joined it, $hits cache hits"
expect_eq "$misses" 1 "computations for 10 identical requests"
expect_eq "$((joined + hits))" 9 "requests answered without computing"
[ "$joined" -ge 1 ] || fail "no request waited on the computation in flight"
rm -f /tmp/st.*

# half-closed after the request (httpraw shuts its sending side down):
# HTTP/1.1 gets an interim 100, then the number; HTTP/1.0 the number only
c0=$(proc fib_cancelled)
httpraw -t $(bound 60) 'GET /fib/2000001 HTTP/1.1\r\nHost: a\r\n\r\n' >/tmp/hc11 ||
	fail "half-closed HTTP/1.1 client: no answer before the timeout"
expect_eq "$(head -n1 /tmp/hc11 | tr -d '\r')" "HTTP/1.1 100 Continue" "half-closed 1.1: interim response"
expect_match "$(tr -d '\r' </tmp/hc11)" 'HTTP/1.1 200 OK' "half-closed 1.1: final response"
expect_match "$(tr -d '\r' </tmp/hc11)" 'Content-Length: 417977' "half-closed 1.1: F(2000001) length"
expect_eq "$(sed '1,/^\r$/d' /tmp/hc11 | sed '1,/^\r$/d' | sha256sum | cut -d' ' -f1)" \
	a6dcc4328a001ec7c7a1154a720624d89ca9f0222c97d6cfea09f7c794b3d0a3 "half-closed 1.1: F(2000001) digits"
httpraw -t $(bound 60) 'GET /fib/2000002 HTTP/1.0\r\n\r\n' >/tmp/hc10 ||
	fail "half-closed HTTP/1.0 client: no answer before the timeout"
expect_eq "$(head -n1 /tmp/hc10 | tr -d '\r')" "HTTP/1.1 200 OK" "half-closed 1.0: no interim response"
expect_eq "$(sed '1,/^\r$/d' /tmp/hc10 | sha256sum | cut -d' ' -f1)" \
	6d6142e2ad48d6eacc7f22cff80c4f095becec179bb4fba7b959e71e02fed232 "half-closed 1.0: F(2000002) digits"
expect_eq "$(proc fib_cancelled)" "$c0" "half-closed clients cancel nothing"
rm -f /tmp/hc11 /tmp/hc10

# a client that closes altogether (sends, does not half-close, gives up
# after 2 s): the probe draws a reset, which cancels its computation
# (first everything before it settled: a slow kernel may still hold the
# reservation of a finished computation, and F(10^8) would get 503)
wait_now 0
i=0
while [ "$(proc fib_memory_used)" != 0 ]; do
	sleep 0.1; i=$((i + 1))
	[ $i -lt "$(bound 600)" ] || fail "fib_memory_used stays $(proc fib_memory_used)"
done
m0=$(proc fib_cache_misses)
# The client must give up before F(10^8) is done, which took 12 s on
# the debug kernel (seen), which also needs longer to queue it: 2 s, 5 s.
give_up=2
[ "$SLOW" = 1 ] || give_up=5
httpraw -n -t $give_up 'GET /fib/100000000 HTTP/1.1\r\nHost: a\r\n\r\n' >/tmp/closed 2>&1 || true
i=0
while [ "$(proc fib_cancelled)" = "$c0" ]; do
	sleep 0.2; i=$((i + 1))
	[ $i -lt "$(bound 50)" ] ||
		fail "a closed client did not cancel its computation (it got: '$(head -c 200 /tmp/closed | tr -d '\r\n')';" \
			"$(grep -E '^fib_(computations_now|memory_used|refused_[a-z]*|wait_expired|joined|cancelled) ' /proc/khttpd | tr '\n' ' '))"
done
rm -f /tmp/closed
wait_now 0

# the queue: one worker, two computations queued or running, the third 503
echo 1 >$PARAMS/fib_workers
echo 2 >$PARAMS/fib_queue_max
r0=$(proc fib_refused_queue)
curl -s -o /dev/null --max-time $(bound 300) $URL/fib/100000001 &
q1=$!
wait_now 1
curl -s -o /dev/null --max-time $(bound 300) $URL/fib/100000002 &
q2=$!
wait_now 2
code=$(curl -s -o /tmp/b -D /tmp/h -w '%{http_code}' --max-time $(bound 10) $URL/fib/100000003)
expect_eq "$code" 503 "a third computation with fib_queue_max=2"
expect_match "$(cat /tmp/b)" 'too many /fib computations queued' "503 explains"
expect_match "$(tr -d '\r' </tmp/h)" 'Retry-After: ' "503 says when to retry"
expect_eq "$(( $(proc fib_refused_queue) - r0 ))" 1 "fib_refused_queue"
# a request for a number in flight joins it: no queue slot needed
j0=$(proc fib_joined)
curl -s -o /dev/null --max-time $(bound 300) $URL/fib/100000002 &
q3=$!
i=0
while [ "$(proc fib_joined)" = "$j0" ]; do
	sleep 0.1; i=$((i + 1)); [ $i -lt "$(bound 100)" ] || fail "the same N did not join the queued computation"
done
kill $q1 $q2 $q3 2>/dev/null || true	# one may have had its answer
wait $q1 $q2 $q3 || true
wait_now 0
echo 64 >$PARAMS/fib_queue_max

# one client address: fib_client_max computations; another address is
# counted apart
echo 1 >$PARAMS/fib_client_max
r0=$(proc fib_refused_client)
curl -s -o /dev/null --max-time $(bound 300) $URL/fib/100000004 &
p1=$!
wait_now 1
code=$(curl -s -o /tmp/b -w '%{http_code}' --max-time $(bound 10) $URL/fib/100000005)
expect_eq "$code" 503 "a second computation from 127.0.0.1 with fib_client_max=1"
expect_match "$(cat /tmp/b)" 'from your address' "503 explains"
expect_eq "$(( $(proc fib_refused_client) - r0 ))" 1 "fib_refused_client"
curl -s -o /dev/null --interface 127.0.0.2 --max-time $(bound 300) $URL/fib/100000006 &
p2=$!
wait_now 2
kill $p1 $p2 2>/dev/null || true
wait $p1 $p2 || true
wait_now 0
echo 4 >$PARAMS/fib_client_max

# memory: F(10^6) needs an estimated 1 MiB; a pool of 500 KB refuses it
r0=$(proc fib_refused_memory)
echo 500000 >$PARAMS/fib_memory_bytes
code=$(curl -s -o /tmp/b -w '%{http_code}' --max-time $(bound 10) $URL/fib/1000000)
expect_eq "$code" 503 "F(10^6) with fib_memory_bytes=500000"
expect_match "$(cat /tmp/b)" 'not enough memory' "503 explains"
expect_eq "$(( $(proc fib_refused_memory) - r0 ))" 1 "fib_refused_memory"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/fib/1000)" \
	"$(curl -sS --max-time $(bound 10) $URL/fib/1000)" "a small N fits"
echo 268435456 >$PARAMS/fib_memory_bytes

# the waiting deadline: 504 for the request whose number is computing,
# 503 for the one still queued behind it; both computations go on, and
# a later request finds the result in the cache
echo 1000 >$PARAMS/fib_wait_timeout_ms
e0=$(proc fib_wait_expired)
t0=$(now_ms)
curl -s -o /tmp/d1 -w '%{http_code}' --max-time $(bound 60) $URL/fib/100000000 >/tmp/d1.code &
d1=$!
wait_now 1
curl -s -o /tmp/d2 -w '%{http_code}' --max-time $(bound 60) $URL/fib/20000001 >/tmp/d2.code &
d2=$!
wait $d1 $d2 || fail "a waiting request got no answer"
log "waiting requests answered after $(( $(now_ms) - t0 )) ms with fib_wait_timeout_ms=1000"
expect_eq "$(cat /tmp/d1.code)" 504 "deadline while computing"
expect_eq "$(cat /tmp/d2.code)" 503 "deadline while queued"
expect_match "$(cat /tmp/d1)" 'fib_wait_timeout_ms' "504 explains"
expect_eq "$(( $(proc fib_wait_expired) - e0 ))" 2 "fib_wait_expired"
wait_now 0
hdrs=$(curl -sS --max-time $(bound 60) -D - -o /tmp/d1 $URL/fib/100000000 | tr -d '\r')
expect_match "$hdrs" 'X-Khttpd-Cache: hit' "the computation went on after its deadline"
expect_eq "$(wc -c </tmp/d1 | tr -d ' ')" 20898765 "F(10^8) length"
rm -f /tmp/d1 /tmp/d2
echo 30000 >$PARAMS/fib_wait_timeout_ms

# nothing is left charged once nothing is sent
expect_eq "$(proc fib_memory_used)" 0 "fib_memory_used when idle"

# budget_is BYTES WHAT: until budget_bytes is BYTES (connections are freed
# just after they close)
budget_is() {
	i=0
	while [ "$(proc budget_bytes)" != "$1" ]; do
		sleep 0.1; i=$((i + 1))
		[ $i -lt "$(bound 300)" ] || fail "$2: budget_bytes $(proc budget_bytes), wanted $1"
	done
}
log "an evicted result still being sent, with the budget spent"
budget_is 0 "nothing charged at the start"
# a reader that takes 1 KiB of the cached F(10^8) and stops holds the
# result: its 21 MB do not fit in the socket's send buffer (4 MiB at most)
httpraw -L 1 -r 1024 -t $(bound 120) 'GET /fib/100000000 HTTP/1.1\r\nHost: a\r\n\r\n' >/tmp/slow.out &
slow=$!
i=0
until grep -q status /tmp/slow.out; do sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || fail "slow reader"; done
expect_match "$(cat /tmp/slow.out)" 'status200 1' "the slow reader's answer began"
# 64 heads, each holding a grown 16 KiB input buffer, spend a 1 MiB budget
echo 1048576 >$PARAMS/response_memory_bytes
echo "$(bound 60)000" >$PARAMS/header_timeout_ms
httpraw -L 64 -r 12 -t 1 "GET / HTTP/1.1\r\nHost: a\r\nX-Long: $(printf '%03000d' 0)\r\n" >/tmp/heads.out &
heads=$!
budget_is 1048576 "64 grown input buffers"
echo 0 >$PARAMS/fib_cache_bytes	# evicts it under the reader
b=$(proc budget_bytes)
log "evicted under a reader: budget_bytes $b, limit 1048576"
# only a forced charge passes the limit; a refused one would leave 1 MiB
[ "$b" -gt $((1048576 + 1000000)) ] ||
	fail "the evicted result in flight is not charged: budget_bytes $b"
kill $slow; wait $slow || true		# its reset frees the result
budget_is 1048576 "the evicted result freed with its reader"
kill $heads; wait $heads || true
budget_is 0 "everything given back"
echo 134217728 >$PARAMS/response_memory_bytes
echo 10000 >$PARAMS/header_timeout_ms
echo 67108864 >$PARAMS/fib_cache_bytes
unload
