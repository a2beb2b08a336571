# Tunables: every one set and read back, invalid values refused with the old
# value kept, port and bind moved live while a keep-alive client is served,
# an address in use refused with EADDRINUSE, and the kernel log lines of
# the start and of each live change.
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

# The kernel log tells the story: where it listens, one line per live change
# naming the writer (pid and command), a refusal with the error's name, and
# nothing for a write of the value in force.
klog() {	# klog REGEX: the kernel log lines that match
	dmesg | grep -E -- "$1" || true
}
# writer WRITE...: runs WRITE (a shell redirection) in its own sh; prints its pid
writer() {
	sh -c 'echo $$; '"$*" 2>/dev/null || true
}
load port=8086 bind=127.0.0.1
expect_match "$(klog 'khttpd: listening on ')" 'khttpd: listening on 127\.0\.0\.1:8086$' \
	"start logged with its address"
pid=$(writer "echo 9092 >$PARAMS/port")
wait_listen 9092
expect_eq "$(klog 'khttpd: port 8086 -> ' | sed 's/^\[[^]]*\] //')" \
	"khttpd: port 8086 -> 9092 (pid $pid sh)" "port change logged with its writer"
pid=$(writer "echo >$PARAMS/bind")
expect_eq "$(klog 'khttpd: bind "127.0.0.1" -> ""' | sed 's/^\[[^]]*\] //')" \
	"khttpd: bind \"127.0.0.1\" -> \"\" (pid $pid sh)" "bind change logged"
pid=$(writer "echo spread >$PARAMS/placement")
expect_match "$(klog 'khttpd: placement ')" "khttpd: placement balance -> spread \(pid $pid sh\)$" \
	"placement change logged"
pid=$(writer "echo 2097152 >$PARAMS/fib_cache_bytes")
expect_match "$(klog 'khttpd: fib_cache_bytes ')" \
	"khttpd: fib_cache_bytes 67108864 -> 2097152 \(pid $pid sh\)$" "byte size change logged"
before=$(dmesg | grep -c 'khttpd: ' || true)
writer "echo 9092 >$PARAMS/port; echo 99999 >$PARAMS/port" >/dev/null
expect_eq "$(cat $PARAMS/port)" 9092 "port kept"
expect_eq "$(dmesg | grep -c 'khttpd: ' || true)" "$before" \
	"nothing logged for the value in force or an out-of-range value"
nc -l -p 9193 >/dev/null &
nc_pid=$!
sleep 0.5
pid=$(writer "echo 9193 >$PARAMS/port")
expect_match "$(klog 'khttpd: port 9092 -> 9193')" \
	"khttpd: port 9092 -> 9193 refused: -EADDRINUSE \(pid $pid sh\)$" "refusal logged by name"
kill $nc_pid 2>/dev/null || true
unload
