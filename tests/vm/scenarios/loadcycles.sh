# 20 load/unload cycles, each serving a request, stay clean.
for i in $(seq 20); do
	load
	body=$(curl -sS --max-time $(bound 10) $URL/)
	expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "cycle $i"
	rmmod khttpd || fail "rmmod in cycle $i"
done
