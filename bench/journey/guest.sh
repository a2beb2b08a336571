# bench/journey/run's guest half, installed as /scenarios/bench-journey.sh
# (busybox sh, "set -e", tests/vm/lib.sh loaded).  /journey/order lists the
# builds of khttpd to measure, oldest first, as "NAME FILE.ko"; each is
# loaded in turn on port 8081 and measured right before nginx (8082, the
# same "GET /" answer) with the same two clients, one thread pinned to
# vCPU 0: wrk, 32 keep-alive connections ("ka"), and htstress, 32
# connections with one request each ("close").  The teaching module
# (thread per connection) comes last, all its rounds at once: if its
# unload hangs, every other point is already measured.  One line each:
#   JOURNEY round=R build=B mode=M khttpd_rps=K nginx_rps=N
# Settings from the kernel command line: journey_dur, journey_rounds.
DUR=${journey_dur:-3}
ROUNDS=${journey_rounds:-2}

# rps SERVER_PORT MODE: requests per second of one run
rps() {
	if [ "$2" = ka ]; then
		taskset -c 0 wrk -d "${DUR}s" -t 1 -c 32 "http://127.0.0.1:$1/" 2>&1 |
			awk '/^Requests\/sec:/ { printf "%d\n", $2; found = 1 }
			     END { if (!found) print 0 }'
	else
		taskset -c 0 htstress -d "$DUR" -c 32 -T 5 --json "http://127.0.0.1:$1/" 2>&1 |
			tail -n 1 | sed -n 's/.*"requests_per_s":\([0-9]*\).*/\1/p;t;s/.*/0/p'
	fi
}

# point ROUND BUILD: both modes, the build then nginx
point() {
	for mode in ka close; do
		k=$(rps 8081 $mode)
		n=$(rps 8082 $mode)
		echo "-- JOURNEY round=$1 build=$2 mode=$mode khttpd_rps=$k nginx_rps=$n"
	done
}

# warm PORT: TCG translates each code path the first time it runs
warm() {
	wrk -d 1s -t 1 -c 32 "http://127.0.0.1:$1/" >/dev/null 2>&1 || true
	htstress -q -d 1 -c 8 "http://127.0.0.1:$1/" >/dev/null 2>&1 || true
}

kload() {
	insmod "$1" || fail "insmod $1"
	wait_listen 8081
	warm 8081
}

echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range
mkdir -p /tmp/nginx
nginx -c /etc/nginx-bench.conf -e /tmp/nginx.err || fail "nginx"
wait_listen 8082
warm 8082
echo "-- JOURNEY-INFO cpus=$(nproc) dur=$DUR rounds=$ROUNDS nginx=$(nginx -v 2>&1 | sed 's/.*\///')"

r=1
while [ $r -le "$ROUNDS" ]; do
	while read -r name ko <&3; do
		[ "$name" != teaching ] || continue
		kload "$ko"
		point $r "$name"
		rmmod khttpd || fail "rmmod after $name"
	done 3</journey/order
	r=$((r + 1))
done

if grep -q '^teaching ' /journey/order; then
	kload "$(awk '$1 == "teaching" { print $2 }' /journey/order)"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		point $r teaching
		r=$((r + 1))
	done
	# its unload stops the accept thread; say so if it does not return
	rmmod khttpd &
	rm_pid=$!
	i=0
	while kill -0 $rm_pid 2>/dev/null && [ $i -lt 30 ]; do
		sleep 1
		i=$((i + 1))
	done
	if kill -0 $rm_pid 2>/dev/null; then
		echo "-- JOURNEY-NOTE the teaching module's rmmod has not returned after 30 s"
		fail "teaching module unload hung"
	fi
	wait $rm_pid || echo "-- JOURNEY-NOTE the teaching module's rmmod failed"
fi
