# Serve through the host port forward (tests/vm/hostfwd drives it from the
# host): wait until the host has fetched / three times.
load
i=0
while [ "$(proc requests_get)" -lt 3 ]; do
	sleep 1; i=$((i + 1))
	[ $i -lt 240 ] || fail "the host made $(proc requests_get) requests"
done
log "the host fetched / $(proc requests_get) times"
sleep 10	# let the host read its last answer
unload
