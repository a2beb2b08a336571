# fibcheck (tools/fibcheck): /fib/N against GMP computed in the guest, each
# request timed to its last byte, with the cache turned off so that every
# answer is computed; the tunables it changed are put back.  Quick by
# default (N to 10^5, one request each).  bench/fibcheck/run boots with
# fibcheck_full=1 on the kernel command line: N from 10 to 10^7, five
# requests each; fibcheck_n=LIST, fibcheck_repeat=R and fibcheck_stat=min
# (the fastest request rather than the median) override these.
# The CSV goes to the console as lines starting "FIBCHECK,", the table as
# lines starting "FIBCHECK-TABLE ", for the host to pick up.
if [ "${fibcheck_full:-0}" = 1 ]; then
	ns=10,30,100,300,1e3,3e3,1e4,3e4,1e5,3e5,1e6,3e6,1e7
	repeat=5
else
	ns=10,100,1e3,1e4,1e5
	repeat=1
fi
ns=${fibcheck_n:-$ns}
repeat=${fibcheck_repeat:-$repeat}
stat=${fibcheck_stat:-median}

load max_n=10000000
hits=$(proc fib_cache_hits)
rc=0
fibcheck -v --sysfs $PARAMS --n "$ns" --repeat "$repeat" --stat "$stat" \
	--csv /tmp/fibcheck.csv $URL \
	>/tmp/fibcheck.table || rc=$?
sed 's/^/FIBCHECK-TABLE /' /tmp/fibcheck.table
[ -f /tmp/fibcheck.csv ] && sed 's/^/FIBCHECK,/' /tmp/fibcheck.csv
[ "$rc" = 0 ] || fail "fibcheck exit status $rc"

expect_eq "$(proc fib_cache_hits)" "$hits" "cache hits while the cache was off"
expect_eq "$(cat $PARAMS/fib_cache_bytes)" 67108864 "fib_cache_bytes put back"
expect_eq "$(cat $PARAMS/max_n)" 10000000 "max_n put back"
rows=$(grep -c ',yes$' /tmp/fibcheck.csv)
expect_eq "$rows" "$(echo "$ns" | tr ',' '\n' | grep -c .)" "answers checked"
unload
