# khttpd-admin against the real module: load from the config, show/set round
# trip, refusals keep the old value, reload keeps a kept-alive client served,
# stats --json matches /proc/khttpd, status and unload.
export KHTTPD_MODPROBE=/usr/sbin/modprobe-khttpd
A=khttpd-admin
st=0; $A status >/dev/null || st=$?
expect_eq "$st" 3 "status before load"
printf 'port = 8081\nmax_n = 5000\n' >/etc/khttpd/khttpd.conf
$A load || fail "load"
wait_listen 8081
expect_eq "$(cat $PARAMS/max_n)" 5000 "max_n from the config at load"
out=$($A show)
echo "$out"
expect_match "$out" 'max_n +5000 +config' "show: max_n from config"
expect_match "$out" 'workers +64 +default' "show: workers default"
expect_eq "$($A show -H -p port)" "$(printf 'port\t8081\tconfig')" "show -H -p port"
$A status || fail "status while loaded"

$A set workers=9 max_connections=500 || fail "set"
expect_eq "$(cat $PARAMS/workers)" 9 "workers set"
expect_match "$($A show workers)" 'workers +9 +runtime' "show after set"
st=0; $A set workers=3 port=70000 2>/tmp/err || st=$?
expect_eq "$st" 2 "exit status for an out-of-range value"
expect_eq "$(cat $PARAMS/workers)" 9 "nothing written when one pair is bad"
$A set placement=spread || fail "set placement"
expect_eq "$(cat $PARAMS/placement)" spread "placement set"
st=0; $A set placement=fastest 2>/tmp/err || st=$?
expect_eq "$st" 2 "exit status for an unknown placement"
expect_match "$(cat /tmp/err)" 'one of local, spread, unbound, balance' "placement error names the choices"
st=0; $A set nosuchkey=1 2>/dev/null || st=$?
expect_eq "$st" 2 "unknown key"
nc -l -p 9191 >/dev/null &
nc_pid=$!
sleep 0.5
st=0; $A set port=9191 2>/tmp/err || st=$?
expect_eq "$st" 1 "kernel refusal exit status"
expect_match "$(cat /tmp/err)" 'in use' "kernel refusal in words"
expect_eq "$(cat $PARAMS/port)" 8081 "port kept after refusal"
kill $nc_pid 2>/dev/null || true

# reload moves the port while a kept-alive client is being served
httpraw -n -t 8 -R 2 -w 4000 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' >/tmp/ka.out &
ka=$!
sleep 2
printf 'port = 9092\nmax_n = 5000\n' >/etc/khttpd/khttpd.conf
$A reload || fail "reload"
expect_eq "$(cat $PARAMS/port)" 9092 "port after reload"
expect_eq "$(cat $PARAMS/workers)" 64 "reload resets keys the config does not set"
wait $ka || true
expect_eq "$(grep -c '^HTTP/1.1 200' /tmp/ka.out)" 2 "kept-alive client served across reload"
body=$(curl -sS --max-time $(bound 5) http://127.0.0.1:9092/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "serving on the reloaded port"

# stats --json reports what /proc/khttpd says
curl -s -o /dev/null http://127.0.0.1:9092/fib/10
json=$($A stats --json)
for k in requests_get fib_requests connections_accepted; do
	expect_match "$json" "\"$k\": *$(proc $k)[,} ]" "stats --json $k"
done
$A stats >/dev/null || fail "stats"
$A set --persist max_n=4242 || fail "set --persist"
expect_match "$(cat /etc/khttpd/khttpd.conf)" 'max_n = 4242' "persisted"
$A unload || fail "unload"
[ ! -e /sys/module/khttpd ] || fail "still loaded after unload"
st=0; $A status >/dev/null || st=$?
expect_eq "$st" 3 "status after unload"
