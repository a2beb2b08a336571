# bench/tiny/run's guest half, installed as /scenarios/bench-tiny.sh (busybox
# sh, "set -e", tests/vm/lib.sh loaded).  Three servers give the same answer
# to "GET /": khttpd (8081), nginx (8082, bench/nginx.conf) and tiny-iter
# (8084, bench/tiny/tiny-iter.c: Tiny's serving model, one connection at a
# time).  htstress, one thread pinned to vCPU 0: a connection per request
# at c=1 and c=32; keep-alive as each server allows at c=1 and c=32 ("-ka":
# tiny-iter closes after every answer, so htstress connects again); then a
# connection per request at c=32 while one client holds a connection open
# without sending (what one slow client does to an iterative server).  One
# line per measurement:
#   TINY round=R point=P server=S rps=N p99_us=N good=N errors=N
# Settings from the kernel command line: tiny_dur, tiny_rounds.
DUR=${tiny_dur:-3}
ROUNDS=${tiny_rounds:-3}

port_of() {
	case $1 in
	khttpd) echo 8081 ;;
	nginx) echo 8082 ;;
	tiny) echo 8084 ;;
	esac
}

# measure ROUND POINT SERVER CONNS [-k]
measure() {
	taskset -c 0 htstress -d "$DUR" -c "$4" -T 5 --json ${5:-} \
		"http://127.0.0.1:$(port_of "$3")/" >/tmp/out 2>/tmp/err || true
	tail -n 1 /tmp/out | awk -v h="TINY round=$1 point=$2 server=$3" '{
		v["requests_per_s"] = 0; v["p99"] = 0; v["good"] = 0; v["errors"] = 0
		for (k in v) { s = $0; if (sub(".*\"" k "\":", "", s)) { sub(/[,}].*/, "", s); v[k] = s } }
		printf "-- %s rps=%d p99_us=%d good=%d errors=%d\n", h,
			v["requests_per_s"], v["p99"], v["good"], v["errors"] }'
}

echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range
load
mkdir -p /var/log/nginx /var/lib/nginx /tmp/nginx
nginx -c /etc/nginx-bench.conf -e /tmp/nginx.err || fail "nginx"
tiny-iter -p 8084 &
tiny=$!
wait_listen 8082
wait_listen 8084
for s in khttpd nginx tiny; do
	body=$(curl -sS --max-time 5 "http://127.0.0.1:$(port_of $s)/")
	expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "$s body"
	htstress -q -d 1 -c 8 "http://127.0.0.1:$(port_of $s)/" >/dev/null
done
echo "-- TINY-INFO cpus=$(nproc) dur=$DUR rounds=$ROUNDS nginx=$(nginx -v 2>&1 | sed 's/.*\///')"

r=1
while [ $r -le "$ROUNDS" ]; do
	for point in c1 c32 c1-ka c32-ka c32-idle1; do
		for s in khttpd nginx tiny; do
			idle=
			if [ $point = c32-idle1 ]; then
				# a client that connects and says nothing for the run
				httpraw -I 1 -t $((DUR + 1)) -p "$(port_of $s)" >/dev/null &
				idle=$!
				sleep 0.5
			fi
			conns=32
			case $point in c1*) conns=1 ;; esac
			ka=
			case $point in *-ka) ka=-k ;; esac
			measure $r $point $s $conns $ka
			if [ -n "$idle" ]; then
				wait $idle || true
				sleep 1
			fi
		done
	done
	r=$((r + 1))
done
kill $tiny
