# htstress reports 100% good for 10,000 requests at -c 32, with a new
# connection per request and with keep-alive.
load
for mode in "" "-k"; do
	out=$(htstress -q $mode -c 32 -t 2 -n 10000 $URL/)
	echo "htstress $mode: $(echo "$out" | tail -n1)"
	expect_match "$out" 'good=10000 bad=0 errors=0' "htstress -c 32 $mode"
done
expect_eq "$(proc connections_now)" 0 "connections left open"
unload
