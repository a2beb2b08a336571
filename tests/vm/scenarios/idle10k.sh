# rmmod with 10,000 open idle connections completes within 5 s, frees them
# all, and destroys the module's caches cleanly.  Also reports the kernel
# memory an idle connection costs.  The sanitizer kernel (SLOW > 1) checks
# the same paths with 2,500: its 10,000 took six minutes of the debug tier.
N=10000
[ "$SLOW" = 1 ] || N=2500
load keepalive_timeout_ms=3600000 header_timeout_ms=600000
slab0=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
httpraw -I $N -t 600 >/tmp/idle.out 2>&1 &
idle=$!
i=0
while [ "$(proc connections_now)" -lt $N ]; do
	sleep 1; i=$((i + 1))
	[ $i -lt "$(bound 120)" ] || { cat /tmp/idle.out; fail "only $(proc connections_now) connections"; }
done
slab1=$(awk '/^Slab:/ { print $2 }' /proc/meminfo)
log "$N idle connections; slab grew $(( (slab1 - slab0) * 1024 / N )) bytes per client+server socket pair"
grep -E '^khttpd_conn ' /proc/slabinfo | awk '{ print "-- khttpd_conn: " $2 " objects of " $4 " bytes" }' || true
body=$(curl -sS --max-time $(bound 5) $URL/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "served beside $N idle connections"
t0=$(date +%s)
rmmod khttpd || fail "rmmod"
dt=$(( $(date +%s) - t0 ))
log "rmmod with $N idle connections took ${dt}s"
[ $dt -le "$(bound 5)" ] || fail "rmmod took ${dt}s"
kill $idle; wait $idle || true
