# The access log's ring and /dev/khttpd-log: with no reader a flood fills
# each CPU's ring and the rest is dropped and counted; khttpd-logd then
# reads every waiting record, and logs each later request exactly once
# with its fields and nginx's escaping (IPv4 and IPv6); rmmod is refused
# while it reads and works once it stopped.
load
[ -c /dev/khttpd-log ] || fail "no /dev/khttpd-log"
expect_eq "$(cat $PARAMS/log)" 0 "log off by default"
expect_eq "$(proc log_records)" 0 "no records while log=0"
curl -s -o /dev/null --max-time $(bound 5) $URL/
expect_eq "$(proc log_records)" 0 "still none while log=0"

log "flood with log=1 and no reader"
echo 1 >$PARAMS/log
htstress -q -k -c 4 -n 3000 $URL/ >/dev/null
sleep 0.5
cpus=$(ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l)
recs=$(proc log_records) drops=$(proc log_dropped)
echo "records $recs dropped $drops cpus $cpus"
expect_eq $((recs + drops)) 3000 "every request recorded or dropped"
[ "$drops" -gt 0 ] || fail "a flood of 3000 with no reader dropped nothing"
[ "$recs" -le $((512 * cpus)) ] || fail "$recs records in rings of 512 x $cpus"
expect_eq "$(proc responses_2xx)" 3001 "served all the same"

log "a second reader is refused"
khttpd-logd -o /tmp/access.log &
logd=$!
i=0
until [ -s /tmp/access.log ]; do
	i=$((i + 1)); [ $i -lt $((50 * SLOW)) ] || fail "khttpd-logd wrote nothing"
	sleep 0.1
done
sleep 1
expect_eq "$(wc -l </tmp/access.log)" "$recs" "the records waiting were all written"
if cat /dev/khttpd-log >/dev/null 2>/tmp/err; then fail "second reader"; fi
expect_match "$(cat /tmp/err)" "busy" "second reader gets EBUSY"
: >/tmp/access.log
kill -USR1 $logd	# reopen: the emptied file goes on

log "known requests, each logged once"
base=$(proc log_records)
curl -s -o /dev/null --max-time $(bound 5) -A 'curl "quoted" agent' \
	-e 'http://ref.example/a b' "$URL/?q=1"
curl -s -o /dev/null --max-time $(bound 5) -I $URL/
curl -s -o /dev/null --max-time $(bound 5) $URL/missing
curl -s -o /dev/null --max-time $(bound 5) $URL/fib/10
curl -s -o /dev/null --max-time $(bound 5) -g "http://[::1]:$PORT/v6"
httpraw 'GET /nl HTTP/1.1\r\nHost: a\r\nUser-Agent: x\ny\r\n\r\n' >/dev/null || :
httpraw 'GARBAGE\r\n\r\n' >/dev/null || :
long=$(printf '%0300d' 0)
curl -s -o /dev/null --max-time $(bound 5) "$URL/$long"
i=0
while [ "$(wc -l </tmp/access.log)" -lt 8 ]; do
	i=$((i + 1)); [ $i -lt $((50 * SLOW)) ] || break
	sleep 0.1
done
cat /tmp/access.log
expect_eq "$(wc -l </tmp/access.log)" 8 "eight lines for eight requests"
expect_eq $(( $(proc log_records) - base )) 8 "eight records"
line() { grep -F -- "$1" /tmp/access.log; }
expect_eq "$(grep -c -F '"GET /?q=1 ' /tmp/access.log)" 1 "GET logged once"
expect_match "$(line '"GET /?q=1 ')" \
	'^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9:]{8} \+0000\] "GET /\?q=1 HTTP/1\.1" 200 [0-9]+ "http://ref\.example/a b" "curl \\x22quoted\\x22 agent"$' \
	"combined line with escaped quotes"
expect_match "$(line '"HEAD / ')" '"HEAD / HTTP/1\.1" 200 0 "-" "curl/' "HEAD: no body bytes"
expect_match "$(line '"GET /missing ')" '" 404 [0-9]+ ' "404"
expect_match "$(line '"GET /fib/10 ')" '" 200 [0-9]+ ' "fib"
expect_match "$(line '"GET /v6 ')" '^::1 - - ' "IPv6 client"
# the bare LF either ends the field (then "y" is refused: 400, logged
# without a request line, as the garbage is) or is refused itself
n400=$(grep -c '^127.0.0.1 .* "-" 400 ' /tmp/access.log || :)
nnl=$(grep -c '"GET /nl ' /tmp/access.log || :)
expect_eq $((n400 + nnl)) 2 "garbage and the newline request, once each"
expect_eq "$(grep -c '^y' /tmp/access.log || :)" 0 "no forged line"
expect_match "$(line "GET /000000000")" "\"GET /0{255}\\.\\.\\. HTTP/1\\.1\" 404 " \
	"target cut at 256 bytes, marked"

log "rmmod while khttpd-logd reads"
if rmmod khttpd 2>/tmp/err; then fail "rmmod with the device open"; fi
cat /tmp/err
expect_eq "$(curl -s --max-time $(bound 5) $URL/)" \
	"khttpd: in-kernel HTTP/1.1 server" "serving after the refused rmmod"
kill -TERM $logd
wait $logd || fail "khttpd-logd exit status $?"
expect_eq "$(grep -c '"GET / HTTP' /tmp/access.log)" 1 "the last request written at exit"
unload
