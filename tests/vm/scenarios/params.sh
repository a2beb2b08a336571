# Tunables: every one set and read back, invalid values refused with the old
# value kept, port and bind moved live while a keep-alive client is served,
# an address in use refused with EADDRINUSE.
load port=8081 backlog=64 max_n=5000
set_ok() {	# set_ok KEY VALUE
	echo "$2" >"$PARAMS/$1" || fail "writing $1=$2 refused"
	expect_eq "$(cat "$PARAMS/$1")" "$2" "read back $1"
}
set_bad() {	# set_bad KEY VALUE ERRNO_TEXT
	old=$(cat "$PARAMS/$1")
	err=$( (echo "$2" >"$PARAMS/$1") 2>&1 ) && fail "$1=$2 was accepted"
	expect_match "$err" "$3" "error for $1=$2"
	expect_eq "$(cat "$PARAMS/$1")" "$old" "$1 kept after refusing $2"
}
for kv in backlog=128 max_n=1000 workers=16 max_connections=100 \
	  keepalive_timeout_ms=5000 header_timeout_ms=2000 fib_workers=3 \
	  fib_cache_bytes=1048576 placement=local placement=spread \
	  placement=unbound placement=balance; do
	set_ok "${kv%%=*}" "${kv#*=}"
done
for kv in port=0 port=65536 port=abc port=-1 backlog=0 workers=0 workers=513 \
	  max_n=2147483648 max_n=-5 max_connections=0 keepalive_timeout_ms=99 \
	  header_timeout_ms=600001 fib_cache_bytes=18446744073709551616 \
	  bind=1.2.3 bind=::g bind=localhost fib_workers=0 port= \
	  placement=fast placement= placement=local,spread; do
	set_bad "${kv%%=*}" "${kv#*=}" 'Invalid argument'
done
body=$(curl -sS --max-time $(bound 5) $URL/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "still serving after refusals"

# port move while a keep-alive client is connected: it keeps being served
httpraw -n -t 8 -R 2 -w 4000 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' >/tmp/ka.out &
ka=$!
sleep 2
set_ok port 9090
wait_listen 9090
body=$(curl -sS --max-time $(bound 5) http://127.0.0.1:9090/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "new port serves"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 5) $URL/ || true)
expect_eq "$code" 000 "old port refuses"
wait $ka || true
expect_eq "$(grep -c '^HTTP/1.1 200' /tmp/ka.out)" 2 "keep-alive client served across the port move"

# bind: a specific address, then IPv6 loopback, then back to all (dual-stack)
set_ok bind 127.0.0.1
body=$(curl -sS --max-time $(bound 5) http://127.0.0.1:9090/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "bound to 127.0.0.1"
set_ok bind ::1
body=$(curl -sS --max-time $(bound 5) 'http://[::1]:9090/')
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "bound to ::1"
set_ok bind ""
for u in 'http://[::1]:9090/' http://127.0.0.1:9090/; do
	body=$(curl -sS --max-time $(bound 5) "$u")
	expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "dual-stack $u"
done
set_bad bind 10.9.8.7 'Cannot assign requested address'

# an address in use: EADDRINUSE, nothing changes
nc -l -p 9191 >/dev/null &
nc_pid=$!
sleep 0.5
set_bad port 9191 'Address (already )?in use'
body=$(curl -sS --max-time $(bound 5) http://127.0.0.1:9090/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "still on 9090"
kill $nc_pid 2>/dev/null || true
set_ok backlog 4
body=$(curl -sS --max-time $(bound 5) http://127.0.0.1:9090/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "after backlog change"

# load-time parameters are applied before init
unload
load port=8085 bind=127.0.0.1 max_n=77 workers=3
expect_eq "$(cat /sys/devices/virtual/workqueue/khttpd/max_active)" 3 "workers at load"
expect_eq "$(cat /sys/devices/virtual/workqueue/khttpd_unbound/max_active)" 3 "workers at load (unbound)"
expect_eq "$(cat /sys/devices/virtual/workqueue/khttpd_unbound/nice)" -20 "io_work kworkers at high priority (unbound)"
body=$(curl -sS --max-time $(bound 5) http://127.0.0.1:8085/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "port from load"
unload
