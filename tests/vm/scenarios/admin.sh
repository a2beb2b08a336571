# khttpd-admin against the real module: load from the config, show/set round
# trip, refusals keep the old value, a set refused midway is rolled back,
# check, the listeners from the kernel's socket diagnostics, reload keeps a
# kept-alive client served, stats --json matches /proc/khttpd, status and
# unload.
export KHTTPD_MODPROBE=/usr/sbin/modprobe-khttpd
A=khttpd-admin
# socket diagnostics (NETLINK_SOCK_DIAG) for TCP; Debian builds them as
# modules and this guest has no modprobe to load them on demand (a kernel
# without them in the initramfs, the debug tier's, has them built in)
for m in inet_diag tcp_diag; do
	if [ -f /lib/modules/$m.ko ] && [ ! -e /sys/module/$m ]; then
		insmod /lib/modules/$m.ko || fail "insmod $m"
	fi
done
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
out=$($A status --json)
echo "$out"
expect_match "$out" '"loaded": true' "status --json loaded"
# The real listeners, from socket diagnostics: khttpd listens on all
# addresses.  A kernel without them (the debug tier's) gets told why.
if grep -qw inet_diag_register /proc/kallsyms; then
	expect_match "$out" '"listening": \[' "status --json lists sockets"
	expect_match "$out" ':8081"' "status --json: a socket on 8081"
	expect_match "$($A show)" 'khttpd is loaded; listening on .*:8081' "show footer"
	expect_match "$($A show --json | tr -d '\n ')" '"listening":\["[^"]*:8081"' \
		"show --json listening"
else
	log "no socket diagnostics in this kernel"
	expect_match "$out" '"listening": null' "status --json without sock_diag"
	expect_match "$out" '"listening_error": "cannot' "status --json says why"
	expect_match "$($A show)" 'khttpd is loaded; cannot' "show footer without sock_diag"
fi
# check: a good file passes; its port is khttpd's own
mkdir -p /tmp/www && chmod 0755 /tmp/www
printf 'port = 8081\nmax_n = 5000\ndocroot = /tmp/www\n' >/tmp/good.conf
$A check /tmp/good.conf || fail "check of a good file"
chmod 0700 /tmp/www
st=0; $A check /tmp/good.conf 2>/tmp/err || st=$?
expect_eq "$st" 1 "check of a docroot others cannot search"
expect_match "$(cat /tmp/err)" 'not searchable by others \(mode 0700\)' "check: docroot mode"
printf 'port = 8081\nworkers = 0\ndocroot = /nonexistent\n' >/tmp/bad.conf
st=0; $A check /tmp/bad.conf 2>/tmp/err || st=$?
cat /tmp/err
expect_eq "$st" 1 "check of a bad file"
expect_match "$(cat /tmp/err)" 'bad.conf:2: invalid value for workers' "check: range"
expect_match "$(cat /tmp/err)" 'docroot /nonexistent does not exist' "check: docroot"
# a port another server listens on
nc -l -p 9393 >/dev/null &
nc_pid=$!
sleep 0.5
printf 'port = 9393\ndocroot = ""\n' >/tmp/busy.conf
st=0; $A check /tmp/busy.conf 2>/tmp/err || st=$?
cat /tmp/err
if grep -qw inet_diag_register /proc/kallsyms; then
	expect_eq "$st" 1 "check of a busy port"
	expect_match "$(cat /tmp/err)" '9393 is already in use' "check: port in use"
else
	expect_eq "$st" 0 "check of a port it cannot check"
	expect_match "$(cat /tmp/err)" 'warning: cannot check whether port 9393 is free' \
		"check: port unknown"
fi
kill $nc_pid 2>/dev/null || true

# set refused midway: port moves first (header order), the kernel refuses
# the docroot, and port goes back
st=0; $A set docroot=/nonexistent port=9191 2>/tmp/err || st=$?
cat /tmp/err
expect_eq "$st" 1 "set refused midway"
expect_match "$(cat /tmp/err)" 'docroot /nonexistent does not exist' "docroot refusal in words"
expect_match "$(cat /tmp/err)" 'rolled back: port=8081' "port rolled back"
expect_eq "$(cat $PARAMS/port)" 8081 "port back after the rollback"
wait_listen 8081
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 5) $URL/fib/1)" 200 \
	"serving on 8081 after the rollback"

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
