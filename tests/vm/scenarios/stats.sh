# /proc/khttpd: after a known mix of requests every counter matches exactly,
# histogram counts equal request counts; the tracepoints fire once per request.
load max_n=100
T=/sys/kernel/tracing
echo 1 >$T/events/khttpd/khttpd_request_start/enable
echo 1 >$T/events/khttpd/khttpd_request_done/enable
echo >$T/trace
htstress -q -k -c 2 -n 10 $URL/ >/dev/null			# 10 GET /, 200
curl -s -o /dev/null --max-time $(bound 5) -I $URL/			# 1 HEAD /, 200
curl -s -o /dev/null --max-time $(bound 5) $URL/missing		# 1 GET, 404
curl -s -o /dev/null --max-time $(bound 5) -X POST -d x $URL/	# 1 POST, 405
curl -s -o /dev/null --max-time $(bound 5) $URL/fib/10		# fib: miss
curl -s -o /dev/null --max-time $(bound 5) $URL/fib/10		# fib: hit
curl -s -o /dev/null --max-time $(bound 5) $URL/fib/101		# fib: 422
httpraw 'GET / HTTP/1.1\r\n\r\n' >/dev/null			# no Host: 400
sleep 0.5
expect_eq "$(proc requests_get)" 14 requests_get
expect_eq "$(proc requests_head)" 1 requests_head
expect_eq "$(proc requests_other)" 1 requests_other
expect_eq "$(proc responses_2xx)" 13 responses_2xx
expect_eq "$(proc responses_4xx)" 4 responses_4xx
expect_eq "$(proc responses_5xx)" 0 responses_5xx
expect_eq "$(proc parse_errors_400)" 1 parse_errors_400
expect_eq "$(proc parse_errors_total)" 1 parse_errors_total
expect_eq "$(proc fib_requests)" 3 fib_requests
expect_eq "$(proc fib_cache_hits)" 1 fib_cache_hits
expect_eq "$(proc fib_cache_misses)" 1 fib_cache_misses
expect_eq "$(proc connections_accepted)" 9 connections_accepted
expect_eq "$(proc connections_closed)" 9 connections_closed
expect_eq "$(proc connections_now)" 0 connections_now
expect_eq "$(proc latency_root_count)" 11 latency_root_count
expect_eq "$(proc latency_fib_count)" 3 latency_fib_count
expect_eq "$(proc latency_other_count)" 3 latency_other_count
expect_eq "$(proc latency_root_le_2147483648)" 11 "root histogram total"
[ "$(proc bytes_in)" -gt 0 ] && [ "$(proc bytes_out)" -gt 0 ] || fail "byte counters"
[ "$(proc latency_root_p50_us)" -gt 0 ] || fail "p50"
[ "$(proc fib_cache_bytes)" -gt 0 ] || fail "fib_cache_bytes"
starts=$(grep -c 'khttpd_request_start:' $T/trace)
dones=$(grep -c 'khttpd_request_done:' $T/trace)
expect_eq "$dones" 17 "request_done tracepoints"
expect_eq "$starts" 17 "request_start tracepoints"
grep -m1 'khttpd_request_done:' $T/trace
echo 0 >$T/events/khttpd/enable
unload
