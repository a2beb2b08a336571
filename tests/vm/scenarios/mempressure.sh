# khttpd-vm: mem=384
# Memory pressure (issue 22, item 4) in a 384 MiB guest: the response
# budget and the /fib computations' memory at their defaults (128 and 256
# MiB: more than the guest has), the fib and file caches at 16 MiB each
# (filling the default 64 and 32 would take a minute more under TCG) and a tmpfs ballast that leaves little of it available:
# the file and fib caches filled to their limits, then at once thousands of
# idle connections (beyond max_connections), a connection-per-request
# flood, large /fib requests and big files streamed.  khttpd must answer
# 503, refuse or close, never wake the OOM killer or log an allocation
# failure; afterwards every kind of request is served byte-exact again and
# its counters are back within their bounds.  Prints MemAvailable and Slab
# before, during and after, and what the clients got.
D=/var/www/khttpd
# a tmpfs without the default cap of half the RAM
mkdir -p /tmp/ballast_fs
mount -t tmpfs -o size=100% tmpfs /tmp/ballast_fs
mkdir -p $D
mount -t tmpfs -o mode=0755 tmpfs $D
mkdir -p $D/f $D/list
printf 'small\n' >$D/small.txt
head -c 61440 /dev/urandom >$D/seed.bin
i=0
while [ $i -lt 300 ]; do	# 18 MB of 60 KB files: more than the file cache
	{ printf '%08d' $i; cat $D/seed.bin; } >$D/f/$i.bin
	i=$((i + 1))
done
head -c 8388608 /dev/urandom >$D/big.bin
i=0
while [ $i -lt 200 ]; do : >"$D/list/name-$i"; i=$((i + 1)); done
sum_big=$(sha256sum <$D/big.bin | cut -d' ' -f1)

mem() {	# KEY: /proc/meminfo's KEY in MiB
	awk -v k="$1:" '$1 == k { print int($2 / 1024) }' /proc/meminfo
}
fibsum() {	# N: the reference "LENGTH SHA256" of /fib/N
	awk -v n="$1" '$1 == n { print $2, $3 }' /data/fib.sha256
}
got_fib() {	# N: "LENGTH SHA256" of what /fib/N answers
	curl -sS --max-time $(bound 60) $URL/fib/$1 >/tmp/fib.out
	echo "$(wc -c </tmp/fib.out) $(sha256sum </tmp/fib.out | cut -d' ' -f1)"
}
# codes FILE: "200 N 503 N ... closed N" from curl's %{http_code} lines
codes() {
	sort "$1" | uniq -c | awk '{ printf "%s%s %d", (n++ ? " " : ""), ($2 == "000" ? "closed" : $2), $1 } END { print "" }'
}
# curl_cfg FILE URL...: a curl config fetching every URL to /dev/null
curl_cfg() {
	f=$1
	shift
	: >"$f"
	for u in "$@"; do printf 'url = "%s"\noutput = "/dev/null"\n' "$URL$u" >>"$f"; done
}

load listing=1 max_n=100000000 fib_cache_bytes=16777216 file_cache_bytes=16777216 max_connections=2000 keepalive_timeout_ms=60000 header_timeout_ms=60000
for k in fib_cache_bytes file_cache_bytes response_memory_bytes fib_memory_bytes; do
	eval "lim_$k=$(cat $PARAMS/$k)"
done
echo "-- limits: fib cache $lim_fib_cache_bytes, file cache $lim_file_cache_bytes, response budget $lim_response_memory_bytes, fib computations $lim_fib_memory_bytes"
echo "-- before: MemAvailable $(mem MemAvailable) MiB, Slab $(mem Slab) MiB, MemTotal $(mem MemTotal) MiB"

log "the file cache filled to its limit (300 files of 60 KB)"
i=0 urls=
while [ $i -lt 300 ]; do urls="$urls /f/$i.bin"; i=$((i + 1)); done
curl_cfg /tmp/files.cfg $urls
curl -sS -K /tmp/files.cfg -w '%{http_code}\n' >/tmp/files.codes || true
echo "-- file cache fill: $(codes /tmp/files.codes); static_cache_bytes $(proc static_cache_bytes)"
[ "$(proc static_cache_bytes)" -le "$lim_file_cache_bytes" ] || fail "file cache over its limit"
[ "$(proc static_cache_bytes)" -ge $((lim_file_cache_bytes * 3 / 4)) ] ||
	fail "file cache only $(proc static_cache_bytes) bytes after 18 MB of files"

log "the fib cache filled to its limit (100 distinct N around 2*10^6, 174 KB each cached)"
i=0 urls1= urls2=
while [ $i -lt 50 ]; do
	urls1="$urls1 /fib/$((2000001 + i))" urls2="$urls2 /fib/$((2000051 + i))"
	i=$((i + 1))
done
curl_cfg /tmp/fib1.cfg $urls1
curl_cfg /tmp/fib2.cfg $urls2
t0=$(now_ms)
curl -sS -K /tmp/fib1.cfg -w '%{http_code}\n' >/tmp/fibfill1.codes &
p1=$!
curl -sS -K /tmp/fib2.cfg -w '%{http_code}\n' >/tmp/fibfill2.codes || true
wait $p1 || true
cat /tmp/fibfill1.codes /tmp/fibfill2.codes >/tmp/fibfill.codes
echo "-- fib cache fill: $(codes /tmp/fibfill.codes) in $(( $(now_ms) - t0 )) ms; fib_cache_bytes $(proc fib_cache_bytes)"
[ "$(proc fib_cache_bytes)" -le "$lim_fib_cache_bytes" ] || fail "fib cache over its limit"
[ "$(proc fib_cache_bytes)" -ge $((lim_fib_cache_bytes * 3 / 4)) ] ||
	fail "fib cache only $(proc fib_cache_bytes) bytes after 100 results"

# the ballast: all but about 128 MiB of what is available: room for the
# clients themselves (processes, 5,000 sockets, their buffers) but not for
# what khttpd's limits would let it take (128 MiB budget, 256 MiB for
# computations)
avail=$(mem MemAvailable)
ballast=$((avail - 128))
[ $ballast -gt 0 ] || ballast=1
dd if=/dev/zero of=/tmp/ballast_fs/b bs=1M count=$ballast 2>/dev/null || true
echo "-- ballast of $ballast MiB on tmpfs: MemAvailable $(mem MemAvailable) MiB, Slab $(mem Slab) MiB"

log "pressure: idle connections, a flood, large /fib, big files, listings"
r0=$(proc connections_rejected) b0=$(proc budget_refused)
fc0=$(proc fib_refused_client) fm0=$(proc fib_refused_memory)
httpraw -I 3000 -t $(bound 30) >/tmp/idle.out 2>&1 &
idle=$!
htstress -q -c 64 -t 2 -d 8 -T 10 $URL/small.txt >/tmp/flood.out 2>&1 &
flood=$!
pids=
for n in 20000000 20000001 20000002 20000003 20000004 20000005; do
	curl -sS -o /dev/null -w '%{http_code}\n' --max-time $(bound 60) $URL/fib/$n >>/tmp/bigfib.codes 2>/dev/null &
	pids="$pids $!"
done
for i in 0 1 2 3 4 5 6 7; do
	# hashed as it comes: 8 copies on tmpfs would be 128 MiB of RAM
	{ curl -s -w '%{stderr}%{http_code} %{size_download}\n' --max-time $(bound 60) \
		$URL/big.bin 2>/tmp/big.w.$i | sha256sum | cut -d' ' -f1 >/tmp/big.$i; } &
	pids="$pids $!"
done
for i in 0 1 2 3; do
	curl -sS -o /dev/null -w '%{http_code}\n' --max-time $(bound 60) $URL/list/ >>/tmp/list.codes 2>/dev/null &
	pids="$pids $!"
done
amin=$(mem MemAvailable) smax=$(mem Slab) cmax=0 bmax=0 i=0
while [ $i -lt 8 ]; do
	sleep 1
	a=$(mem MemAvailable) s=$(mem Slab) c=$(proc connections_now) b=$(proc budget_bytes)
	[ "$a" -lt "$amin" ] && amin=$a
	[ "$s" -gt "$smax" ] && smax=$s
	[ "$c" -gt "$cmax" ] && cmax=$c
	[ "$b" -gt "$bmax" ] && bmax=$b
	[ "$b" -le "$lim_response_memory_bytes" ] || fail "budget_bytes $b over response_memory_bytes"
	[ "$c" -le 2000 ] || fail "$c connections open, max_connections is 2000"
	i=$((i + 1))
done
for p in $pids; do wait $p || true; done
wait $flood || true
echo "-- during: MemAvailable at least $amin MiB, Slab at most $smax MiB, connections at most $cmax, budget_bytes at most $bmax"
echo "-- idle clients: $(tr '\n' ' ' </tmp/idle.out 2>/dev/null)"
echo "-- flood (htstress -c 64): $(tail -n1 /tmp/flood.out)"
echo "-- large /fib (6 x F(2*10^7)): $(codes /tmp/bigfib.codes)"
cut -d' ' -f1 /tmp/big.w.* >/tmp/big.codes
echo "-- 8 MB file (8 at once): $(codes /tmp/big.codes)"
echo "-- listings (4 at once): $(codes /tmp/list.codes)"
echo "-- connections_rejected +$(( $(proc connections_rejected) - r0 )), budget_refused +$(( $(proc budget_refused) - b0 )), fib_refused_client +$(( $(proc fib_refused_client) - fc0 )), fib_refused_memory +$(( $(proc fib_refused_memory) - fm0 ))"
whole=0 short=0
for i in 0 1 2 3 4 5 6 7; do
	read -r code size </tmp/big.w.$i || true
	if [ "$code" = 200 ] && [ "$size" = 8388608 ]; then
		expect_eq "$(cat /tmp/big.$i)" "$sum_big" "a whole 200 for big.bin"
		whole=$((whole + 1))
	elif [ "$code" = 200 ]; then
		short=$((short + 1))
	fi
done
echo "-- 8 MB file: $whole of 8 whole and byte-exact, $short closed short after a 200"
[ "$(grep -c '^503$' /tmp/bigfib.codes)" -ge 1 ] || [ "$(grep -c '^200$' /tmp/bigfib.codes)" -eq 6 ] ||
	fail "large /fib: neither all served nor a 503"

log "recovery"
kill $idle 2>/dev/null || true
wait $idle 2>/dev/null || true
rm -f /tmp/ballast_fs/b
echo 1000 >$PARAMS/keepalive_timeout_ms
i=0
while [ "$(proc connections_now)" != 0 ]; do
	sleep 0.5; i=$((i + 1))
	[ $i -lt $(( $(bound 20) * 2 )) ] || fail "$(proc connections_now) connections still open"
done
expect_eq "$(curl -sS --max-time $(bound 10) $URL/small.txt)" small "small file after"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/f/7.bin | sha256sum | cut -d' ' -f1)" \
	"$(sha256sum <$D/f/7.bin | cut -d' ' -f1)" "cached file after"
expect_eq "$(curl -sS --max-time $(bound 30) $URL/big.bin | sha256sum | cut -d' ' -f1)" "$sum_big" "big file after"
expect_eq "$(got_fib 100000)" "$(fibsum 100000)" "F(100000) after"
expect_eq "$(got_fib 1000000)" "$(fibsum 1000000)" "F(10^6) after"
expect_match "$(curl -sS --max-time $(bound 10) $URL/list/)" 'name-199' "listing after"
out=$(htstress -q -c 16 -n 2000 -T 10 $URL/small.txt)
expect_match "$out" 'good=2000 bad=0 errors=0' "htstress after"
i=0
while [ "$(proc connections_now)" != 0 ] || [ "$(proc fib_computations_now)" != 0 ]; do
	sleep 0.5; i=$((i + 1))
	[ $i -lt $(( $(bound 20) * 2 )) ] || fail "connections $(proc connections_now), computations $(proc fib_computations_now) after"
done
b=$(proc budget_bytes) fm=$(proc fib_memory_used)
fc=$(proc fib_cache_bytes) sc=$(proc static_cache_bytes)
echo "-- after: MemAvailable $(mem MemAvailable) MiB, Slab $(mem Slab) MiB; connections 0, budget_bytes $b, fib_memory_used $fm, fib_cache_bytes $fc, static_cache_bytes $sc"
# the listing cache may keep its page charged to the budget
[ "$b" -le "$(cat $PARAMS/listing_max_bytes)" ] || fail "budget_bytes $b with nothing in flight"
expect_eq "$fm" 0 "fib_memory_used with no computation"
[ "$fc" -le "$lim_fib_cache_bytes" ] || fail "fib cache $fc over its limit"
[ "$sc" -le "$lim_file_cache_bytes" ] || fail "file cache $sc over its limit"
if dmesg | grep -E 'Out of memory|oom-kill|oom_reaper|page allocation failure'; then
	# the console shows only warnings; the report's memory figures
	dmesg | grep -E -A70 'invoked oom-killer|page allocation failure' | head -n 150
	fail "the kernel log shows the OOM killer or an allocation failure"
fi
unload
umount /tmp/ballast_fs
