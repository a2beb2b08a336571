# bench/cold/run's guest half, installed as /scenarios/bench-cold.sh
# (busybox sh, "set -e", tests/vm/lib.sh loaded).  The docroot is the ext4
# image bench/cold/run attached as /dev/vda, opened through dm-delay (reads
# wait bcold_delay ms) and mounted read-only on /srv/cold: /hot/N.bin are a
# few small files read before every measurement, /cold/DD/NNNNN.bin are
# bcold_files files of 16-64 KiB.  khttpd (8081), nginx (8082) and nginx
# with "aio threads" (8083) serve it.  For each server, in each round:
#   unloaded   hot clients alone (wrk, bcold_hot keep-alive connections)
#   cold=C     the same hot clients while C more connections fetch cold
#              files, a different one each request
# The caches are dropped before each server's runs (khttpd's file cache
# emptied as well) and the hot files read again.  Every measurement prints
#   BCOLD server=S round=R load=L hot_rps= hot_p50= hot_p90= hot_p99=
#         hot_max= hot_bad= cold_rps= cold_p50= cold_p99= cold_req= cold_bad=
# (latencies in us; load=0 for unloaded), which bench/cold/run turns into
# the table.  Settings from the kernel command line: bcold_dur (seconds per
# hot run), bcold_rounds, bcold_hot, bcold_cold (comma-separated cold
# connection counts), bcold_files, bcold_hotfiles, bcold_delay, bcold_params
# (khttpd parameters at load, comma-separated NAME=VALUE), bcold_servers.
DUR=${bcold_dur:-10}
ROUNDS=${bcold_rounds:-2}
HOT=${bcold_hot:-8}
COLD=$(echo "${bcold_cold:-16,128}" | tr , ' ')
NFILES=${bcold_files:?}
NHOT=${bcold_hotfiles:-4}
DELAY=${bcold_delay:-50}
SRV=/srv/cold
bcold_params=$(echo "${bcold_params:-}" | tr , ' ')
# the cold clients start RAMP seconds before the hot ones and stop RAMP
# seconds after them
RAMP=2

port_of() {
	case $1 in
	khttpd) echo 8081 ;;
	nginx) echo 8082 ;;
	nginx-aio) echo 8083 ;;
	esac
}

# virtio-blk, ext4 and dm-delay with their dependencies, in the order
# bench/cold/run worked out from modules.dep
while read -r ko; do
	m=$(basename "$ko" .ko | tr - _)
	[ -e "/sys/module/$m" ] || insmod "/lib/modules/cold/$ko" || fail "insmod $ko"
done </lib/modules/cold/order
i=0
while [ ! -b /dev/vda ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no /dev/vda"
	sleep 0.1
done
# reads wait DELAY ms; writes (there are none: read-only) would not
export DM_DISABLE_UDEV=1
dmsetup create --readonly cold --table \
	"0 $(cat /sys/block/vda/size) delay /dev/vda 0 $DELAY /dev/vda 0 0" ||
	fail "dmsetup create"
dmsetup table cold
mkdir -p $SRV
mount -t ext4 -o ro,noatime /dev/mapper/cold $SRV || fail "mount"

drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

drop_caches
t0=$(now_ms)
cat $SRV/cold/00/00000.bin >/dev/null
t1=$(now_ms)
cat $SRV/cold/00/00000.bin >/dev/null
echo "BCOLD-INFO first read of a cold file: $((t1 - t0)) ms, again: $(($(now_ms) - t1)) ms"
[ $((t1 - t0)) -ge "$DELAY" ] || fail "a cold read took $((t1 - t0)) ms: is dm-delay in the way?"

load docroot=$SRV $bcold_params
cache_bytes=$(cat $PARAMS/file_cache_bytes)
mkdir -p /tmp/nginx
nginx -t -c /etc/nginx-cold.conf -e /tmp/nginx-cold.err || fail "nginx -t"
nginx -c /etc/nginx-cold.conf -e /tmp/nginx-cold.err || fail "nginx"
wait_listen 8082
wait_listen 8083
servers=$(echo "${bcold_servers:-khttpd,nginx,nginx-aio}" | tr , ' ')
echo "BCOLD-INFO cpus=$(nproc) dur=$DUR rounds=$ROUNDS hot=$HOT cold=$(echo $COLD | tr ' ' ,) files=$NFILES hotfiles=$NHOT delay=$DELAY placement=$(cat $PARAMS/placement) workers=$(cat $PARAMS/workers) nginx=$(nginx -v 2>&1 | sed 's/.*\///')"

last=$((NFILES - 1))
last=cold/$(printf '%02d/%05d' $((last / 500)) $last).bin
for srv in $servers; do
	for f in hot/0.bin cold/00/00001.bin $last; do
		got=$(curl -sS --max-time 60 http://127.0.0.1:"$(port_of "$srv")"/$f | sha256sum)
		expect_eq "$got" "$(sha256sum <$SRV/$f)" "$srv $f"
	done
	# TCG translates each code path the first time it runs
	wrk -d 2s -t 1 -c "$HOT" -s /etc/bench-cold.lua \
		http://127.0.0.1:"$(port_of "$srv")" -- hot "$NHOT" 1 >/dev/null
done

# wrk_fields PREFIX FILE: wrk's WRK line as PREFIX_rps= PREFIX_p50= ...
wrk_fields() {
	awk -v p="$1" '/^WRK / {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		printf "%s_rps=%.1f %s_p50=%d %s_p90=%d %s_p99=%d %s_max=%d %s_req=%d %s_bad=%d",
			p, v["duration_us"] ? v["requests"] * 1e6 / v["duration_us"] : 0,
			p, v["p50"], p, v["p90"], p, v["p99"], p, v["max"],
			p, v["requests"], p, v["errors"] + v["status"]; found = 1 }
		END { if (!found) printf "%s_rps=0 %s_bad=-1", p, p }' "$2"
}

# hot_run SERVER: the hot clients for DUR seconds, into /tmp/hot
hot_run() {
	timeout $((DUR + 30)) wrk -d "${DUR}s" -t 1 -c "$HOT" --timeout 10s --latency \
		-s /etc/bench-cold.lua http://127.0.0.1:"$(port_of "$1")" -- hot "$NHOT" 1 \
		>/tmp/hot 2>&1 || true
}

# measure SERVER ROUND COLD: one measurement; COLD=0 runs the hot clients
# alone
measure() {
	if [ "$3" = 0 ]; then
		hot_run "$1"
		echo "BCOLD server=$1 round=$2 load=0 $(wrk_fields hot /tmp/hot)"
		return
	fi
	timeout $((DUR + 2 * RAMP + 30)) wrk -d "$((DUR + 2 * RAMP))s" -t 1 -c "$3" \
		--timeout 10s --latency -s /etc/bench-cold.lua \
		http://127.0.0.1:"$(port_of "$1")" -- cold "$NFILES" 1 >/tmp/cold 2>&1 &
	cold_pid=$!
	sleep $RAMP
	hot_run "$1"
	wait $cold_pid || true
	echo "BCOLD server=$1 round=$2 load=$3 $(wrk_fields hot /tmp/hot) $(wrk_fields cold /tmp/cold)"
	n=$(awk '/^WRK / { sub(/.*requests=/, ""); print $1 + 0 }' /tmp/cold)
	[ "${n:-0}" -le "$NFILES" ] ||
		echo "BCOLD-WARN $1 round $2: $n cold requests for $NFILES files: some were cached"
}

# cold_start SERVER: every cache cold, then the hot files read again
cold_start() {
	if [ "$1" = khttpd ]; then
		echo 0 >$PARAMS/file_cache_bytes
		echo "$cache_bytes" >$PARAMS/file_cache_bytes
	fi
	drop_caches
	cat $SRV/hot/*.bin >/dev/null
	i=0
	while [ $i -lt "$NHOT" ]; do
		curl -sS -o /dev/null --max-time 30 http://127.0.0.1:"$(port_of "$1")"/hot/$i.bin
		i=$((i + 1))
	done
}

r=1
while [ $r -le "$ROUNDS" ]; do
	for srv in $servers; do
		for c in $COLD; do
			cold_start $srv
			# the unloaded run right before each loaded one, so that each
			# ratio compares runs seconds apart
			measure $srv $r 0
			measure $srv $r "$c"
		done
	done
	r=$((r + 1))
done
grep -E '^static_cache_(hits|misses|bytes) ' /proc/khttpd
# both servers let go of the docroot before it is unmounted
unload
pid=$(cat /tmp/nginx-cold.pid)
kill "$pid"
i=0
while [ -e "/proc/$pid" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "nginx does not exit"
	sleep 0.1
done
umount $SRV
dmsetup remove cold
