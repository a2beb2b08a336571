# bench/loadgen/run's guest half, installed as /scenarios/bench-loadgen.sh
# (busybox sh, "set -e", tests/vm/lib.sh loaded).  Three parts, each line
# marked for bench/loadgen/run:
#   LG-READY mode=M n=N ns=T          readiness: one wake-up among N sockets
#   LG-HTS c=N rps=R user_s=U sys_s=S good=G   htstress's own CPU, keep-alive
#                                     against khttpd with N connections
#   LG-CO pause=P client=C p50_us=.. p99_us=.. max_us=.. [send_p99_us=..]
#   LG-TS pause=P t_ms=T corr_max_us=A send_max_us=B   openloop over time
# The last two: nginx stopped (SIGSTOP) for a second in the middle of a
# run, against no pause, seen by htstress and wrk (closed loop) and by
# openloop (a fixed rate, latency from when each request was due).
# Settings from the kernel command line: lg_dur (coordinated omission run),
# lg_hts_dur, lg_conns (the htstress connection counts), lg_parts.
DUR=${lg_dur:-6}
HTS_DUR=${lg_hts_dur:-4}
CONNS=$(echo "${lg_conns:-10,100,1000,10000}" | tr , ' ')
PARTS=${lg_parts:-ready,hts,co}

want() {
	case ",$PARTS," in *",$1,"*) return 0 ;; esac
	return 1
}

echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range
echo "-- LG-INFO cpus=$(nproc) dur=$DUR hts_dur=$HTS_DUR nginx=$(nginx -v 2>&1 | sed 's/.*\///')"

# ---- readiness: select, poll, epoll as the watched set grows -------------
if want ready; then
	# TCG translates each code path the first time it runs: not measured
	for m in select poll epoll epoll-et; do
		readiness $m 10 >/dev/null
	done
	for n in 10 100 500 1000 3000 10000; do
		for m in select poll epoll epoll-et; do
			[ $m != select ] || [ $n -le 500 ] || continue
			readiness $m $n | sed 's/^readiness /-- LG-READY /' ||
				fail "readiness $m $n"
		done
	done
fi

# ---- htstress's own CPU per request as its connections grow ---------------
if want hts; then
	load max_connections=20000
	htstress -q -d 1 -c 32 -k http://127.0.0.1:8081/ >/dev/null
	for c in $CONNS; do
		# long enough that opening the connections (seconds for
		# 10,000 under TCG) is a small part of the run
		d=$((c / 500))
		[ $d -ge "$HTS_DUR" ] || d=$HTS_DUR
		busybox time -p -o /tmp/time taskset -c 0 htstress -k -d "$d" \
			-c "$c" --json http://127.0.0.1:8081/ >/tmp/out 2>/tmp/err || true
		res=$(tail -n 1 /tmp/out)
		rps=$(echo "$res" | sed -n 's/.*"requests_per_s":\([0-9.]*\).*/\1/p')
		good=$(echo "$res" | sed -n 's/.*"good":\([0-9]*\).*/\1/p')
		errs=$(echo "$res" | sed -n 's/.*"errors":\([0-9]*\).*/\1/p')
		echo "-- LG-HTS c=$c rps=${rps:-0} good=${good:-0} errors=${errs:-0}" \
		     "user_s=$(awk '$1 == "user" { print $2 }' /tmp/time)" \
		     "sys_s=$(awk '$1 == "sys" { print $2 }' /tmp/time)"
		sleep 2		# let the closed connections go
	done
	unload
fi

# ---- coordinated omission: nginx paused for 1 s -------------------------
# pause_nginx AFTER: stop every nginx process AFTER seconds from now, for 1 s
pause_nginx() {
	(
		sleep "$1"
		pids=$(pidof nginx)
		kill -STOP $pids
		sleep 1
		kill -CONT $pids
	) &
	pauser=$!
}

# wrk_us KEY FIELD: wrk's figure in field FIELD of the line starting with
# KEY ("50%" 2, "99%" 2 from --latency; "Latency" 4 is the maximum), in us
wrk_us() {
	awk -v k="$1" -v f="$2" '$1 == k {
		v = $f
		if (v ~ /us$/) print int(v)
		else if (v ~ /ms$/) print int(v * 1000)
		else if (v ~ /m$/) print int(v * 60000000)
		else if (v ~ /s$/) print int(v * 1000000)
		exit }' /tmp/wrk
}

if want co; then
	mkdir -p /tmp/nginx
	nginx -c /etc/nginx-bench.conf -e /tmp/nginx.err || fail "nginx"
	wait_listen 8082
	url=http://127.0.0.1:8082/
	htstress -q -d 1 -c 32 -k $url >/dev/null
	wrk -d 1s -t 1 -c 32 $url >/dev/null
	# a fixed rate a quarter of what nginx sustains here
	cap=$(taskset -c 0 htstress -k -d 3 -c 32 --json $url | tail -n 1 |
		sed -n 's/.*"requests_per_s":\([0-9]*\).*/\1/p')
	rate=$((cap / 4))
	[ "$rate" -ge 100 ] || rate=100
	echo "-- LG-RATE capacity=$cap rate=$rate"
	half=$((DUR / 2 - 1))
	for p in 0 1; do
		[ $p = 0 ] || pause_nginx $half
		taskset -c 0 htstress -k -d "$DUR" -c 32 --json $url >/tmp/out 2>&1 || true
		[ $p = 0 ] || wait $pauser
		tail -n 1 /tmp/out | awk -v p=$p '{
			for (i = 1; i <= 3; i++) {
				k = (i == 1 ? "p50" : i == 2 ? "p99" : "max")
				s = $0; sub(".*\"" k "\":", "", s); sub(/[,}].*/, "", s); v[k] = s
			}
			r = $0; sub(/.*"good":/, "", r); sub(/[,}].*/, "", r)
			printf "-- LG-CO pause=%s client=htstress p50_us=%d p99_us=%d max_us=%d requests=%d\n",
				p, v["p50"], v["p99"], v["max"], r }'

		[ $p = 0 ] || pause_nginx $half
		taskset -c 0 wrk -d "${DUR}s" -t 1 -c 32 --latency $url >/tmp/wrk 2>&1 || true
		[ $p = 0 ] || wait $pauser
		echo "-- LG-CO pause=$p client=wrk p50_us=$(wrk_us 50% 2) p99_us=$(wrk_us 99% 2)" \
		     "max_us=$(wrk_us Latency 4)" \
		     "requests=$(awk '/ requests in / { print $1 }' /tmp/wrk)"

		[ $p = 0 ] || pause_nginx $half
		taskset -c 0 openloop -r $rate -d "$DUR" -c 64 -o /tmp/ol 8082 >/tmp/out 2>&1 || true
		[ $p = 0 ] || wait $pauser
		awk -v p=$p '{
			for (i = 1; i <= NF; i++) {
				if ($i == "corrected_us") grp = "c"
				if ($i == "send_us") grp = "s"
				if (split($i, kv, "=") == 2) v[grp kv[1]] = kv[2]
			}
			printf "-- LG-CO pause=%s client=openloop p50_us=%d p99_us=%d max_us=%d requests=%d send_p50_us=%d send_p99_us=%d send_max_us=%d\n",
				p, v["cp50"], v["cp99"], v["cmax"], v["done"], v["sp50"], v["sp99"], v["smax"] }' /tmp/out
		# the openloop run over time, in 100 ms buckets: the worst of each
		awk -v p=$p '{ b = int($1 / 100); if ($2 > c[b]) c[b] = $2; if ($3 > s[b]) s[b] = $3; if (b > n) n = b }
		     END { for (i = 0; i <= n; i++) printf "-- LG-TS pause=%s t_ms=%d corr_max_us=%d send_max_us=%d\n", p, i * 100, c[i], s[i] }' /tmp/ol
	done
fi
