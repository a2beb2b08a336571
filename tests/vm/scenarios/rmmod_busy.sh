# rmmod while 32 clients are connected and sending completes, cleanly, and
# frees every connection; then 64 busy keep-alive clients.
for clients in 32 64; do
	load
	htstress -q -k -c $clients -t 2 -d 60 -T 5 $URL/ >/tmp/ht.out 2>&1 &
	pid=$!
	sleep 3
	busy=$(proc connections_now)
	log "$busy connections open at rmmod"
	[ "$busy" -ge $((clients / 2)) ] || fail "only $busy clients connected"
	unload
	kill -INT $pid 2>/dev/null || true
	wait $pid || true
	tail -n1 /tmp/ht.out
	[ ! -e /sys/module/khttpd ] || fail "module still loaded"
done
