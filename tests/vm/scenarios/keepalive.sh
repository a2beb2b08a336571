# One keep-alive connection serves 1000 requests; HTTP/1.0 closes unless it
# asks to stay open; pipelined requests are answered in order.
load
acc0=$(proc connections_accepted)
out=$(htstress -q -k -c 1 -t 1 -n 1000 $URL/)
echo "$out" | tail -n1
expect_match "$out" 'good=1000 bad=0 errors=0' "1000 keep-alive requests"
expect_eq "$(( $(proc connections_accepted) - acc0 ))" 1 "connections used"

resp=$(httpraw 'GET / HTTP/1.0\r\n\r\n' | tr -d '\r')
expect_match "$resp" '^HTTP/1.1 200 OK' "HTTP/1.0 status"
expect_match "$resp" 'Connection: close' "HTTP/1.0 closes"
resp=$(httpraw -n -t 3 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' | tr -d '\r' || true)
expect_match "$resp" 'Connection: keep-alive' "HTTP/1.0 keep-alive kept"

# 16 pipelined requests in one segment, answered in order, then close
req='GET / HTTP/1.1\r\nHost: a\r\n\r\n'
all=""
for i in $(seq 15); do all="$all$req"; done
all="${all}GET /nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
resp=$(httpraw "$all" | tr -d '\r')
expect_eq "$(echo "$resp" | grep -c '^HTTP/1.1 200 OK')" 15 "pipelined 200s"
expect_eq "$(echo "$resp" | grep '^HTTP/1.1' | tail -n1)" "HTTP/1.1 404 Not Found" "last pipelined answer"
# byte by byte
resp=$(httpraw -d 1 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' | tr -d '\r')
expect_match "$resp" '^HTTP/1.1 200 OK' "byte-by-byte request"
unload
