# bench/cpu's guest half: bench/cpu/run installs it as /scenarios/cpu.sh,
# and /init sources it (busybox sh, "set -e", tests/vm/lib.sh loaded).
#
# What a flood of "GET /" leaves to user space: cpu-probe (a CPU-bound
# thread and a thread waking from 1 ms sleeps, both nice 0) runs alone, then
# while wrk (2 threads, 32 connections, unpinned, as in issue 17) floods
# khttpd (once per io_cpu_share value of bench_shares, as server
# khttpd-SHARE), then nginx, in rounds, all in this one boot.  One line per
# run:
#   CPU server=S round=R hog_mloops ... wake_p99_us ... rps X lat_p99 Y
DUR=${bench_dur:-5}
ROUNDS=${bench_rounds:-3}
SHARES=$(echo "${bench_shares:-100}" | tr , ' ')
# bench_pin=1: wrk on vCPU 0, cpu-probe on vCPU 1, khttpd placement=spread
# (half the connections' work on vCPU 1): the server's work lands on the
# CPU of the user tasks, as with a NIC's interrupts spread over CPUs
PIN=${bench_pin:-0}
WRK=wrk PROBE=cpu-probe
if [ "$PIN" = 1 ]; then
	WRK="taskset -c 0 wrk" PROBE="taskset -c 1 cpu-probe"
fi

# wrk_field FILE: requests/s and the p99 latency from wrk --latency
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
wrk_p99() { awk '$1 == "99%" { print $2 }' "$1"; }

insmod /khttpd.ko || fail "insmod"
wait_listen 8081
[ "$PIN" = 1 ] && echo spread >/sys/module/khttpd/parameters/placement
mkdir -p /var/log/nginx /var/lib/nginx /tmp/nginx
nginx -c /etc/nginx-bench.conf -e /tmp/nginx.err || fail "nginx"
wait_listen 8082
for port in 8081 8082; do
	expect_eq "$(curl -sS --max-time 5 http://127.0.0.1:$port/)" \
		"khttpd: in-kernel HTTP/1.1 server" "body on $port"
	wrk -d 1s -t 1 -c 32 http://127.0.0.1:$port/ >/dev/null	# TCG warm-up
done
log "cpu: ${DUR}s per run, $ROUNDS rounds, $(nproc) CPUs, io_cpu_share $SHARES, pinned $PIN"
servers=idle
for s in $SHARES; do servers="$servers khttpd-$s"; done
r=1
while [ $r -le "$ROUNDS" ]; do
	for srv in $servers nginx; do
		case $srv in
		idle) echo "CPU server=idle round=$r $($PROBE "$DUR")"; continue ;;
		khttpd-*)
			port=8081
			echo "${srv#khttpd-}" >/sys/module/khttpd/parameters/io_cpu_share
			y0=$(proc io_yields) yr0=$(proc io_yield_runs)
			;;
		nginx) port=8082 ;;
		esac
		$WRK -d "$((DUR + 2))s" -t 2 -c 32 --latency http://127.0.0.1:$port/ >/tmp/wrk.out &
		w=$!
		sleep 1
		probe=$($PROBE "$DUR")
		wait $w || fail "wrk against $srv"
		extra=
		case $srv in khttpd-*)
			extra=" yields $(( $(proc io_yields) - y0 )) yield_runs $(( $(proc io_yield_runs) - yr0 ))" ;;
		esac
		echo "CPU server=$srv round=$r $probe rps $(wrk_rps /tmp/wrk.out) lat_p99 $(wrk_p99 /tmp/wrk.out)$extra"
	done
	r=$((r + 1))
done
kill "$(cat /tmp/nginx.pid)"
rmmod khttpd
