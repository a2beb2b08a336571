# Connection engine: idle clients never block a worker, timeouts fire,
# max_connections answers 503, workers and placement change live, a head
# whose input buffer the memory budget refuses to grow gets 503 and is
# closed (the protocol's overload()).
load workers=2 keepalive_timeout_ms=60000 header_timeout_ms=60000
# workers + 10 idle connections, then a new client is still served at once
httpraw -I 12 -t 30 >/tmp/idle.out &
idle=$!
i=0
until grep -q open /tmp/idle.out; do sleep 0.2; i=$((i+1)); [ $i -lt 100 ] || fail "idle clients"; done
t0=$(date +%s)
body=$(curl -sS --max-time $(bound 5) $URL/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "served beside idle clients"
# a worker blocked by an idle client would hold the request for the
# keep-alive timeout (60 s); a loaded host can delay a curl by a second or two
[ $(( $(date +%s) - t0 )) -le "$(bound 4)" ] || fail "a request beside idle clients took over 4 s"
kill $idle; wait $idle || true

# keep-alive timeout closes idle sockets
echo 1000 >$PARAMS/keepalive_timeout_ms
t0=$(proc timeouts_keepalive)
out=$(httpraw -I 5 -t $(bound 3))
expect_match "$out" 'closed_by_server 5' "idle connections closed by the keep-alive timeout"
[ $(( $(proc timeouts_keepalive) - t0 )) -ge 5 ] || fail "timeouts_keepalive not counted"

# header timeout: a byte every 300 ms never finishes a head in 1 s
echo 1000 >$PARAMS/header_timeout_ms
echo 60000 >$PARAMS/keepalive_timeout_ms
t0=$(proc timeouts_header)
resp=$(httpraw -d 300 -t 20 'GET / HTTP/1.1\r\nHost: slow\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n' | tr -d '\r' || true)
expect_match "$resp" '^HTTP/1.1 408' "slowloris gets 408"
[ $(( $(proc timeouts_header) - t0 )) -ge 1 ] || fail "timeouts_header not counted"
echo 10000 >$PARAMS/header_timeout_ms

# max_connections: the one beyond gets 503 and is counted
echo 3 >$PARAMS/max_connections
httpraw -I 3 -t 30 >/tmp/idle.out &
idle=$!
until grep -q open /tmp/idle.out; do sleep 0.2; done
r0=$(proc connections_rejected)
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 5) $URL/ || true)
expect_eq "$code" 503 "beyond max_connections"
expect_eq "$(( $(proc connections_rejected) - r0 ))" 1 "connections_rejected"
kill $idle; wait $idle || true
echo 65536 >$PARAMS/max_connections

# workers changes the workqueue's max_active live
echo 7 >$PARAMS/workers
expect_eq "$(cat /sys/devices/virtual/workqueue/khttpd/max_active)" 7 "workqueue max_active"
out=$(htstress -q -k -c 16 -t 2 -n 2000 $URL/)
expect_match "$out" 'good=2000 bad=0 errors=0' "served after workers change"
echo 1 >$PARAMS/workers
out=$(htstress -q -c 8 -t 1 -n 500 $URL/)
expect_match "$out" 'good=500 bad=0 errors=0' "served with one worker"
echo 64 >$PARAMS/workers

# every placement serves; connections keep theirs when it changes
httpraw -n -t 6 -R 3 -w 1500 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' >/tmp/ka.out &
ka=$!
for p in local spread unbound balance; do
	echo $p >$PARAMS/placement
	out=$(htstress -q -k -c 8 -t 2 -n 1000 $URL/)
	expect_match "$out" 'good=1000 bad=0 errors=0' "keep-alive with placement=$p"
	out=$(htstress -q -c 8 -n 200 $URL/)
	expect_match "$out" 'good=200 bad=0 errors=0' "connection per request with placement=$p"
done
wait $ka || true
expect_eq "$(grep -c '^HTTP/1.1 200' /tmp/ka.out)" 3 "a connection across placement changes"

# balance: a client that saturates vCPU 0 gets its answers from vCPU 1;
# local keeps them on vCPU 0.  Busy time of vCPU 1 = wall time - idle time.
idle1() { awk '/^cpu1 / { print ($5 + $6) * 10 }' /proc/stat; }
for p in local balance; do
	echo $p >$PARAMS/placement
	i0=$(idle1) t0=$(now_ms)
	out=$(taskset -c 0 htstress -q -k -c 16 -t 1 -d 3 $URL/)
	expect_match "$out" 'bad=0 errors=0' "pinned client with placement=$p"
	eval busy_$p=$(( $(now_ms) - t0 - ($(idle1) - i0) ))
done
log "vCPU 1 busy with the client on vCPU 0: local ${busy_local} ms, balance ${busy_balance} ms in about 3000"
[ "$busy_balance" -gt $((busy_local + 300)) ] ||
	fail "placement=balance left vCPU 1 idle (${busy_balance} ms against local's ${busy_local} ms)"

# A head longer than the 2 KiB input buffer grows it to 16 KiB, charged to
# the memory budget until the head is done; 1 MiB holds 64 of them.  80
# clients send 3,000 bytes of a head and wait: 64 wait for the rest (408
# at the header timeout), 16 get 503 at once and are closed.
echo 1048576 >$PARAMS/response_memory_bytes
echo "$(bound 5)000" >$PARAMS/header_timeout_ms
expect_eq "$(proc budget_bytes)" 0 "budget charged before the long heads"
b0=$(proc budget_refused)
out=$(httpraw -L 80 -r 12 -t "$(bound 20)" \
	"GET / HTTP/1.1\r\nHost: a\r\nX-Long: $(printf '%03000d' 0)\r\n")
echo "$out"
expect_match "$out" 'status200 0 status503 16 other 64' "grown input buffers past the budget"
expect_match "$out" 'closed 80' "refused and timed-out heads closed"
expect_eq "$(( $(proc budget_refused) - b0 ))" 16 "budget_refused"
i=0	# closed connections are freed by release_work, just after
while [ "$(proc budget_bytes)" != 0 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
expect_eq "$(proc budget_bytes)" 0 "budget given back"
unload
