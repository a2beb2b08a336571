# bench/static/run's guest half, installed as /scenarios/bench-static.sh
# (busybox sh, "set -e", tests/vm/lib.sh loaded).  khttpd (8081), nginx
# (8082) and h2o (8083, if present) serve the same files from one tmpfs;
# htstress and wrk fetch each file over 32 keep-alive connections, the
# servers interleaved per point.  Two client set-ups: 2 threads, unpinned
# (client "htstress", "wrk"), and 1 thread pinned to vCPU 0 like bench/run's
# default ("htstress@0", "wrk@0"), which leaves vCPU 1 to the server.  Every
# measurement prints one line
#   BSTAT file=F server=S client=C rps=R mbps=M bad=B busy0=P busy1=P
# which bench/static/run turns into the table.  Settings from the kernel
# command line: bstat_dur (seconds per run), bstat_rounds, bstat_conns,
# bstat_pin (1: also the pinned set-up), bstat_files (which of 1k,64k,8m),
# bstat_placement (khttpd's placement parameter, if set), bstat_ab
# (bench/static/run --ab REV: the revision of /khttpd-old.ko, measured as
# server "khttpd-old" in turn with /khttpd.ko at every point).
DUR=${bstat_dur:-6}
ROUNDS=${bstat_rounds:-2}
CONNS=${bstat_conns:-32}
FILES=$(echo "${bstat_files:-1k,64k,8m}" | tr , ' ')
CLIENTS="htstress wrk"
[ "${bstat_pin:-1}" = 1 ] && CLIENTS="$CLIENTS htstress@0 wrk@0"
SRV=/srv/bench

mkdir -p $SRV
mount -t tmpfs -o mode=0755 tmpfs $SRV
head -c 1024 /dev/urandom >$SRV/1k.bin
head -c 65536 /dev/urandom >$SRV/64k.bin
head -c 8388608 /dev/urandom >$SRV/8m.bin
chmod 0644 $SRV/*

port_of() {
	case $1 in
	khttpd*) echo 8081 ;;
	nginx) echo 8082 ;;
	h2o) echo 8083 ;;
	esac
}

# kuse new|old: this tree's khttpd (/khttpd.ko) or the --ab revision's
# (/khttpd-old.ko), loaded and set up alike
kuse() {
	[ "$1" = "$(cat /tmp/kloaded 2>/dev/null)" ] && return 0
	[ ! -d /sys/module/khttpd ] || rmmod khttpd || fail "rmmod khttpd"
	if [ "$1" = old ]; then
		insmod /khttpd-old.ko docroot=$SRV || fail "insmod /khttpd-old.ko"
		wait_listen 8081
	else
		load docroot=$SRV
	fi
	[ -z "$bstat_placement" ] || echo "$bstat_placement" >$PARAMS/placement
	echo "$1" >/tmp/kloaded
}

kuse new
mkdir -p /tmp/nginx
nginx -t -c /etc/nginx-static.conf -e /tmp/nginx-static.err || fail "nginx -t"
nginx -c /etc/nginx-static.conf -e /tmp/nginx-static.err || fail "nginx"
servers="khttpd nginx"
[ ! -f /khttpd-old.ko ] || servers="khttpd khttpd-old nginx"
if command -v h2o >/dev/null; then
	h2o -c /etc/h2o-static.conf >/tmp/h2o.out 2>&1 &
	wait_listen 8083
	servers="$servers h2o"
fi
wait_listen 8082
echo "BSTAT-INFO cpus=$(nproc) dur=$DUR rounds=$ROUNDS conns=$CONNS placement=$(cat $PARAMS/placement) nginx=$(nginx -v 2>&1 | sed 's/.*\///') h2o=$(h2o --version 2>/dev/null | head -n1 | awk '{ print $3 }')"

# warm KSERVER: the warm-up of every server, for one khttpd after a reload
warm() {
	local wf	# not f: the caller's loop variable

	for wf in 1k 64k; do
		htstress -q -d 1 -c $CONNS -k http://127.0.0.1:$(port_of $1)/$wf.bin >/dev/null
		wrk -d 1s -t 2 -c $CONNS http://127.0.0.1:$(port_of $1)/$wf.bin >/dev/null
	done
}

# kswitch SERVER: for khttpd and khttpd-old, have that build loaded; a
# reload starts with a cold file cache and cold code, so warm it up
kswitch() {
	local v

	case $1 in
	khttpd) v=new ;;
	khttpd-old) v=old ;;
	*) return 0 ;;
	esac
	[ "$v" != "$(cat /tmp/kloaded)" ] || return 0
	kuse $v
	warm "$1"
}

for srv in $servers; do
	kswitch $srv
	for f in 1k 64k 8m; do
		got=$(curl -sS --max-time 60 http://127.0.0.1:$(port_of $srv)/$f.bin | sha256sum)
		expect_eq "$got" "$(sha256sum <$SRV/$f.bin)" "$srv $f.bin"
	done
	# warm up: TCG translates each code path the first time it runs
	warm $srv
done

# cpu_ticks: busy and idle ticks of vCPU 0 and 1 from /proc/stat
cpu_ticks() {
	awk '/^cpu[01] / { printf "%d %d ", $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
}

# busy_pct BEFORE AFTER: "busy0=P busy1=P", each vCPU's busy share between
# two cpu_ticks readings, in %
busy_pct() {
	echo "$1 $2" | awk '{ for (i = 0; i < 2; i++) {
		b = $(5 + 2 * i) - $(1 + 2 * i); d = b + $(6 + 2 * i) - $(2 + 2 * i)
		printf "%sbusy%d=%d", i ? " " : "", i, d ? 100 * b / d : 0 } }'
}

# run SERVER CLIENT FILE: one measurement
run() {
	url=http://127.0.0.1:$(port_of $1)/$3.bin
	t0=$(cpu_ticks)
	pin="" thr=2
	case $2 in
	*@0) pin="taskset -c 0" thr=1 ;;
	esac
	if [ "${2%@0}" = wrk ]; then
		$pin wrk -d ${DUR}s -t $thr -c $CONNS --timeout 60s "$url" >/tmp/out 2>&1 || true
		busy=$(busy_pct "$t0" "$(cpu_ticks)")
		awk -v s="$1" -v f="$3" -v c="$2" -v busy="$busy" '
			/^Requests\/sec:/ { rps = $2 }
			/^Transfer\/sec:/ { v = $2; m = 1
				if (v ~ /GB$/) m = 1073.741824
				else if (v ~ /MB$/) m = 1.048576
				else if (v ~ /KB$/) m = 0.001024
				else if (v ~ /B$/) m = 0.000001
				sub(/[KMG]?B$/, "", v); mbps = v * m }
			/Non-2xx or 3xx responses:/ { bad += $NF }
			/Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
			END { printf "BSTAT file=%s server=%s client=%s rps=%.1f mbps=%.2f bad=%d %s\n",
				f, s, c, rps, mbps, bad, busy }' /tmp/out
	else
		$pin htstress -k -t $thr -c $CONNS -d $DUR "$url" >/tmp/out 2>&1 || true
		busy=$(busy_pct "$t0" "$(cpu_ticks)")
		awk -v s="$1" -v f="$3" -v c="$2" -v busy="$busy" '
			/^rate:/ { rps = $2 }
			/^received:/ { mbps = $4 }
			/^good=/ { split($2, b, "="); split($3, e, "="); bad = b[2] + e[2] }
			END { printf "BSTAT file=%s server=%s client=%s rps=%.1f mbps=%.2f bad=%d %s\n",
				f, s, c, rps, mbps, bad, busy }' /tmp/out
	fi
}

r=1
while [ $r -le "$ROUNDS" ]; do
	for f in $FILES; do
		for cli in $CLIENTS; do
			for srv in $servers; do
				kswitch $srv
				run $srv $cli $f
			done
		done
	done
	r=$((r + 1))
done
kuse new
grep -E '^static_cache_(hits|misses|bytes) ' /proc/khttpd
kill "$(cat /tmp/nginx-static.pid)" 2>/dev/null || true
[ -f /tmp/h2o-static.pid ] && kill "$(cat /tmp/h2o-static.pid)" 2>/dev/null || true
sleep 1
