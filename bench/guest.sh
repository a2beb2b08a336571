# The benchmark's guest half: bench/run installs it as /scenarios/bench.sh,
# and /init sources it (busybox sh, "set -e", tests/vm/lib.sh loaded).
#
# Three servers give the same "GET /" response: khttpd on 8081, nginx on
# 8082, bench/epoll-server on 8083.  Every measurement prints one line
#   BENCH {"section":...,"server":...,"client":...,"result":{...},...}
# with the client's own figures and the CPU accounting around it; bench/run
# turns those lines into the tables.  Settings come from the kernel command
# line: bench_dur (seconds per run), bench_rounds, bench_sections, bench_idle
# (idle connections), bench_quick=1 (main: only the c=32 points),
# bench_kparams (K=V,... khttpd parameters to set after loading), bench_ab
# (bench/run --ab REV: the revision of /khttpd-old.ko, measured in turn with
# /khttpd.ko at every main and wq point).
DUR=${bench_dur:-3}
ROUNDS=${bench_rounds:-3}
SECTIONS=${bench_sections:-main,wq,idle}
IDLE_CONNS=${bench_idle:-10000}

port_of() {
	case $1 in
	khttpd*) echo 8081 ;;
	nginx) echo 8082 ;;
	epoll) echo 8083 ;;
	esac
}

want() {
	case ",$SECTIONS," in *",$1,"*) return 0 ;; esac
	return 1
}

# ticks PID...: user+system clock ticks of those processes (all threads)
ticks() {
	for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null || true; done |
		awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# thread_ticks REGEX: ticks of the kernel threads whose name matches
thread_ticks() {
	cat /proc/[0-9]*/stat 2>/dev/null |
		awk -v re="$1" '$2 ~ re { sub(/^.*\) /, ""); t += $12 + $13 }
				END { print t + 0 }'
}

# server_ticks SERVER: CPU the server itself used.  For khttpd that is the
# kworkers, which run its io_work and accept work (and little else here).
server_ticks() {
	case $1 in
	khttpd*) thread_ticks '^\\(kworker' ;;
	nginx) ticks $(pidof nginx) ;;
	epoll) ticks $(pidof epoll-server) ;;
	esac
}

uptime_cs() {
	awk '{ printf "%d\n", $1 * 100 }' /proc/uptime
}

# stat_delta BEFORE AFTER: per-CPU /proc/stat deltas as JSON,
# "cpuN":[user,nice,system,idle,iowait,irq,softirq,steal]
stat_delta() {
	awk 'NR == FNR { if ($1 ~ /^cpu[0-9]/) for (i = 2; i <= 9; i++) b[$1, i] = $i; next }
	     $1 ~ /^cpu[0-9]/ {
		printf "%s\"%s\":[", sep, $1
		for (i = 2; i <= 9; i++) printf "%s%d", (i > 2 ? "," : ""), $i - b[$1, i]
		printf "]"; sep = ","
	     }' "$1" "$2"
}

# wrk_json FILE: wrk --latency output as htstress-like JSON
wrk_json() {
	awk 'function us(s) {
		if (s ~ /us$/) return s + 0
		if (s ~ /ms$/) return (s + 0) * 1000
		if (s ~ /s$/) return (s + 0) * 1000000
		return -1
	     }
	     /Latency Distribution/ { dist = 1 }
	     dist && $1 == "50%" { p50 = us($2) }
	     dist && $1 == "90%" { p90 = us($2) }
	     dist && $1 == "99%" { p99 = us($2) }
	     / requests in / { req = $1; el = $4 + 0 }
	     /^Requests\/sec:/ { rps = $2 }
	     /Non-2xx or 3xx responses:/ { bad = $NF }
	     /Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
	     END {
		printf "{\"requests_per_s\":%s,\"good\":%d,\"bad\":%d,\"errors\":%d,", \
			rps + 0, req - bad, bad + 0, err + 0
		printf "\"elapsed_s\":%s,\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d}}", \
			el, p50, p90, p99
	     }' "$1"
}

# klat: khttpd's cumulative latency histogram (first byte read to last byte
# sent), one "UPPER_US COUNT" line per power-of-two bucket
klat() {
	if [ -r /proc/khttpd ]; then
		awk '/^latency_root_le_/ { sub(/^latency_root_le_/, ""); print }' /proc/khttpd
	fi
}

# klat_delta BEFORE AFTER: the requests of one run, per bucket, as JSON
klat_delta() {
	awk 'NR == FNR { b[$1] = $2; next }
	     { printf "%s[%s,%d]", sep, $1, $2 - b[$1]; sep = "," }' "$1" "$2"
}

# pin_server SERVER CPULIST: move a user-space server's threads.  khttpd's
# per-CPU workqueue already runs where the client's packets are processed.
pin_server() {
	case $1 in
	nginx) for p in $(pidof nginx); do taskset -a -p -c "$2" "$p" >/dev/null; done ;;
	epoll) taskset -a -p -c "$2" "$(pidof epoll-server)" >/dev/null ;;
	esac
}

# measure SECTION SERVER CLIENT MODE CONC THREADS PIN [EXTRA_JSON]
#   MODE keepalive | close | pipeline16
#   PIN cpu0: client on vCPU 0 (taskset -c 0), server anywhere;
#       one: client and server both on vCPU 0; none: nothing pinned
measure() {
	sec=$1 srv=$2 cli=$3 mode=$4 conc=$5 thr=$6 pin=$7 extra=${8:-}
	url=http://127.0.0.1:$(port_of "$srv")/
	case $cli/$mode in
	htstress/keepalive) set -- htstress -k ;;
	htstress/close) set -- htstress ;;
	htstress/pipeline16) set -- htstress -k -p 16 ;;
	wrk/keepalive) set -- wrk -d "${DUR}s" -t "$thr" -c "$conc" --latency "$url" ;;
	*) fail "no $cli for $mode" ;;
	esac
	[ "$cli" = wrk ] || set -- "$@" -d "$DUR" -c "$conc" -t "$thr" --json "$url"
	[ "$pin" = none ] || set -- taskset -c 0 "$@"
	[ "$pin" != one ] || pin_server "$srv" 0

	klat >/tmp/klat0
	cat /proc/stat >/tmp/stat0
	s0=$(server_ticks "$srv")
	k0=$(thread_ticks '^\\(ksoftirqd')
	u0=$(uptime_cs)
	busybox time -p -o /tmp/time "$@" >/tmp/out 2>/tmp/err || true
	u1=$(uptime_cs)
	s1=$(server_ticks "$srv")
	k1=$(thread_ticks '^\\(ksoftirqd')
	cat /proc/stat >/tmp/stat1
	klat >/tmp/klat1
	[ "$pin" != one ] || pin_server "$srv" 0-1
	case $srv in
	khttpd*) extra="$extra,\"klat\":[$(klat_delta /tmp/klat0 /tmp/klat1)]" ;;
	esac

	if [ "$cli" = wrk ]; then
		res=$(wrk_json /tmp/out)
	else
		res=$(tail -n 1 /tmp/out)
	fi
	case $res in
	\{*) ;;
	*) res="{\"failed\":\"$(head -c 200 /tmp/err | tr -d '\"\\\n')\"}" ;;
	esac
	cu=$(awk '$1 == "user" { print $2 }' /tmp/time)
	cs=$(awk '$1 == "sys" { print $2 }' /tmp/time)
	echo "BENCH {\"section\":\"$sec\",\"server\":\"$srv\",\"client\":\"$cli\",\"mode\":\"$mode\",\"conc\":$conc,\"threads\":$thr,\"pin\":\"$pin\",\"dur\":$DUR,\"wall_cs\":$((u1 - u0)),\"client_user_s\":${cu:-0},\"client_sys_s\":${cs:-0},\"server_ticks\":$((s1 - s0)),\"ksoftirqd_ticks\":$((k1 - k0)),\"stat\":{$(stat_delta /tmp/stat0 /tmp/stat1)}$extra,\"result\":$res}"
	printf '%s\n' "$res" | awk -v t="$sec $srv $cli $mode c=$conc t=$thr pin=$pin" '{
		rps = $0; sub(/.*"requests_per_s":/, "", rps); sub(/[,}].*/, "", rps)
		p99 = $0; sub(/.*"p99":/, "", p99); sub(/[,}].*/, "", p99)
		printf "-- %s: %d req/s, p99 %s us\n", t, rps, p99 }'
}

# kload FILE: load a khttpd build and wait until it listens
kload() {
	insmod "$1" || fail "insmod $1"
	wait_listen 8081
	for kv in $(echo "${bench_kparams:-}" | tr , ' '); do
		echo "${kv#*=}" >"/sys/module/khttpd/parameters/${kv%%=*}" ||
			fail "khttpd parameter $kv"
	done
}

# kuse new|old: have this tree's khttpd (/khttpd.ko) or the --ab revision's
# (/khttpd-old.ko) loaded, warmed up like every server at the start.  The
# state is in a file: the point loops run in subshells (a pipe into while).
echo new >/tmp/kloaded
kuse() {
	[ "$1" = "$(cat /tmp/kloaded)" ] && return 0
	rmmod khttpd || fail "rmmod khttpd"
	if [ "$1" = old ]; then kload /khttpd-old.ko; else kload /khttpd.ko; fi
	echo "$1" >/tmp/kloaded
	htstress -q -d 1 -c 32 -k http://127.0.0.1:8081/ >/dev/null
	htstress -q -d 1 -c 8 http://127.0.0.1:8081/ >/dev/null
}

# ab_order ROUND: the khttpd variants to measure at each point, the order
# swapped every round so that neither always runs first
ab_order() {
	if [ ! -f /khttpd-old.ko ]; then
		echo new
	elif [ $(($1 % 2)) = 1 ]; then
		echo new old
	else
		echo old new
	fi
}

wq_kind() {
	cat /sys/module/khttpd/parameters/placement
}

# ---- setup -----------------------------------------------------------------
# connection-per-request runs go through many ports
echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range
kload /khttpd.ko
mkdir -p /var/log/nginx /var/lib/nginx /tmp/nginx
nginx -t -c /etc/nginx-bench.conf -e /tmp/nginx.err || fail "nginx -t"
nginx -c /etc/nginx-bench.conf -e /tmp/nginx.err || fail "nginx"
epoll-server -p 8083 &
wait_listen 8082
wait_listen 8083
for srv in khttpd nginx epoll; do
	url=http://127.0.0.1:$(port_of $srv)/
	body=$(curl -sS --max-time 5 "$url")
	expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "$srv body"
	# warm up: TCG translates each code path the first time it runs
	htstress -q -d 1 -c 32 -k "$url" >/dev/null
	htstress -q -d 1 -c 8 "$url" >/dev/null
	wrk -d 1s -t 1 -c 32 "$url" >/dev/null
done
echo "BENCH {\"section\":\"info\",\"kernel\":\"$(uname -r)\",\"cpus\":$(nproc),\"mem_kb\":$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo),\"dur\":$DUR,\"rounds\":$ROUNDS,\"wq\":\"$(wq_kind)\",\"nginx\":\"$(nginx -v 2>&1 | sed 's/.*\///')\",\"ab\":\"${bench_ab:-}\"}"

# ---- main: every workload, the three servers interleaved per point --------
POINTS="
htstress keepalive 1 1 cpu0
wrk keepalive 1 1 cpu0
htstress keepalive 32 1 cpu0
wrk keepalive 32 1 cpu0
htstress keepalive 256 1 cpu0
wrk keepalive 256 1 cpu0
htstress close 1 1 cpu0
htstress close 32 1 cpu0
htstress pipeline16 32 1 cpu0
htstress keepalive 32 2 none
wrk keepalive 32 2 none
htstress close 32 2 none
htstress keepalive 1 1 one
htstress keepalive 32 1 one
htstress close 32 1 one
"
QUICK_POINTS="
htstress keepalive 32 1 cpu0
wrk keepalive 32 1 cpu0
htstress close 32 1 cpu0
htstress keepalive 32 2 none
htstress close 32 2 none
"
[ "${bench_quick:-0}" = 1 ] && POINTS=$QUICK_POINTS
if want main; then
	r=1
	while [ $r -le "$ROUNDS" ]; do
		printf '%s\n' "$POINTS" | while read -r cli mode conc thr pin; do
			[ -n "$cli" ] || continue
			for v in $(ab_order $r); do
				kuse $v
				srv=khttpd
				[ $v = new ] || srv=khttpd-old
				measure main "$srv" "$cli" "$mode" "$conc" "$thr" "$pin" ",\"round\":$r"
			done
			for srv in nginx epoll; do
				measure main "$srv" "$cli" "$mode" "$conc" "$thr" "$pin" ",\"round\":$r"
			done
		done
		r=$((r + 1))
	done
	kuse new
fi

# ---- wq: where io_work runs (the placement parameter): the per-CPU
# workqueue with each connection on the CPU that received it (local), dealt
# round-robin over the CPUs (spread) or chosen by load (balance), or the
# unbound workqueue ------------------------------------------------------------
WQ_POINTS="
htstress keepalive 32 1 cpu0
wrk keepalive 32 1 cpu0
htstress close 32 1 cpu0
htstress keepalive 32 2 none
htstress close 32 2 none
"
if want wq; then
	p0=$(wq_kind)
	r=1
	while [ $r -le "$ROUNDS" ]; do
		for kind in local spread unbound balance; do
			for v in $(ab_order $r); do
				kuse $v
				echo $kind >/sys/module/khttpd/parameters/placement
				srv=khttpd-$kind
				[ $v = new ] || srv=khttpd-old-$kind
				printf '%s\n' "$WQ_POINTS" | while read -r cli mode conc thr pin; do
					[ -n "$cli" ] || continue
					measure wq "$srv" "$cli" "$mode" "$conc" "$thr" "$pin" ",\"round\":$r"
				done
			done
		done
		r=$((r + 1))
	done
	kuse new
	echo "$p0" >/sys/module/khttpd/parameters/placement
fi

# ---- idle: 32 active clients beside many idle connections -----------------
# held_by SERVER: connections the server holds now
held_by() {
	case $1 in
	khttpd) proc connections_now ;;
	nginx) wget -qO- http://127.0.0.1:8082/nginx-status |
		awk '/^Active connections:/ { print $3 - 1 }' ;;
	esac
}

rss_kb() {
	for p in $(pidof nginx); do cat "/proc/$p/status"; done |
		awk '/^VmRSS:/ { t += $2 } END { print t + 0 }'
}

# slab_delta BEFORE AFTER: the caches whose slab pages changed most, as
# "name":[objects in use, bytes of slab pages, object size]
slab_delta() {
	awk 'NR == FNR { if (FNR > 2) { o[$1] = $2; p[$1] = $15 * $6 } next }
	     FNR > 2 { b = ($15 * $6 - p[$1]) * 4096
		       if (b >= 65536 || b <= -65536) print b, $1, $2 - o[$1], $4 }' "$1" "$2" |
		sort -rn | head -n 16 |
		awk '{ printf "%s\"%s\":[%d,%d,%d]", sep, $2, $3, $1, $4; sep = "," }'
}

# idle_open SERVER KIND: open IDLE_CONNS idle connections to SERVER in the
# background (KIND new: connected, no request, httpraw -I; keepalive: one
# request answered, bench/idle-clients), wait until the server holds them,
# and report the memory they took.
idle_open() {
	cat /proc/slabinfo >/tmp/slab0
	slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
	rss0=$(rss_kb)
	u0=$(uptime_cs)
	if [ "$2" = new ]; then
		httpraw -I "$IDLE_CONNS" -t 900 -p "$(port_of $1)" >/tmp/idle.out 2>&1 &
	else
		idle-clients -n "$IDLE_CONNS" -t 900 -p "$(port_of $1)" >/tmp/idle.out 2>&1 &
	fi
	idle=$!
	i=0
	until grep -q '^open' /tmp/idle.out && [ "$(held_by $1)" -ge "$IDLE_CONNS" ]; do
		sleep 1; i=$((i + 1))
		if [ $i -ge 300 ] || ! kill -0 $idle 2>/dev/null; then
			cat /tmp/idle.out
			fail "$1 holds only $(held_by $1) of $IDLE_CONNS connections"
		fi
	done
	u1=$(uptime_cs)
	sleep 2
	cat /proc/slabinfo >/tmp/slab1
	slab1=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
	rss1=$(rss_kb)
	kc=$(awk '$1 == "khttpd_conn" { printf "[%d,%d]", $2, $4 }' /tmp/slab1)
	echo "BENCH {\"section\":\"idle-mem\",\"server\":\"$1\",\"kind\":\"$2\",\"conns\":$(held_by $1),\"open_cs\":$((u1 - u0)),\"slab_kb\":[$slab0,$slab1],\"nginx_rss_kb\":[$rss0,$rss1],\"khttpd_conn\":${kc:-null},\"caches\":{$(slab_delta /tmp/slab0 /tmp/slab1)}}"
	log "$1 holds $(held_by $1) idle connections ($2, opened in $(( (u1 - u0) / 100 ))s); Slab $slab0 -> $slab1 kB"
	if [ "$1" = khttpd ]; then
		echo "BENCH {\"section\":\"sweep\",\"kind\":\"$2\",\"conns\":$(held_by $1),\"sweep\":$(sweep_trace 4)}"
	fi
}

# sweep_trace SECONDS: how long each run of khttpd's timeout sweep took
# meanwhile (function_graph tracer), as JSON; null without the tracer
sweep_trace() {
	t=/sys/kernel/tracing
	if ! echo khttpd_sweep 2>/dev/null >$t/set_ftrace_filter ||
	   ! echo function_graph 2>/dev/null >$t/current_tracer; then
		echo null
		return 0
	fi
	echo >$t/trace
	sleep "$1"
	echo 0 >$t/tracing_on	# changing the tracer empties the buffer
	awk '/khttpd_sweep/ && match($0, /[0-9.]+ us/) {
		d = substr($0, RSTART, RLENGTH - 3) + 0; n++; s += d; if (d > m) m = d }
	     END { printf "{\"count\":%d,\"mean_us\":%.0f,\"max_us\":%.0f}", n, n ? s / n : 0, m }' $t/trace
	echo nop >$t/current_tracer
	echo >$t/set_ftrace_filter
	echo 1 >$t/tracing_on
}

# idle_close SERVER: end the idle connections and wait until the server let go
idle_close() {
	kill $idle
	wait $idle || true
	i=0
	while [ "$(held_by $1)" -gt 64 ]; do
		sleep 1; i=$((i + 1))
		[ $i -lt 120 ] || fail "$1 still holds $(held_by $1) connections"
	done
}

if want idle; then
	echo 600000 >$PARAMS/header_timeout_ms
	echo 3600000 >$PARAMS/keepalive_timeout_ms
	# three runs per phase: one run's noise here is larger than 10%
	for srv in khttpd nginx; do
		for i in 1 2 3; do
			measure idle "$srv" htstress keepalive 32 1 cpu0 ',"phase":"before"'
		done
		idle_open $srv new
		for i in 1 2 3; do
			measure idle "$srv" htstress keepalive 32 1 cpu0 ',"phase":"idle"'
		done
		[ "$(held_by $srv)" -ge "$IDLE_CONNS" ] ||
			fail "$srv dropped idle connections: $(held_by $srv) left"
		idle_close $srv
		for i in 1 2 3; do
			measure idle "$srv" htstress keepalive 32 1 cpu0 ',"phase":"after"'
		done
		# memory only: connections that did make a request
		idle_open $srv keepalive
		idle_close $srv
	done
fi

echo "KHTTPD-STATS-BEGIN"
cat /proc/khttpd
echo "KHTTPD-STATS-END"
kill "$(cat /tmp/nginx.pid)" $(pidof epoll-server)
echo "BENCH-DONE"
