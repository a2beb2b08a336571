# Hostile clients over real sockets: each gets its status (or, when the
# server closes on a client still sending, at least the counter), the
# connection closes after a refusal, nothing smuggled is ever answered, and
# the server keeps serving everyone else.
load
ok() {
	body=$(curl -sS --max-time $(bound 5) $URL/) || fail "not serving after: $1"
	expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "serving after: $1"
}
# expect_status WHAT STATUSES DATA...: first response's status in STATUSES,
# and exactly one response (the connection closed after it)
expect_status() {
	what=$1 want=$2
	shift 2
	resp=$(httpraw -t 10 "$@" | tr -d '\r' || true)
	st=$(status_of "$resp")
	echo "$want" | grep -qw -- "$st" || fail "$what: status '$st', wanted $want"
	n=$(printf '%s\n' "$resp" | grep -c '^HTTP/1.1 ' || true)
	expect_eq "$n" 1 "$what: responses on the connection"
	ok "$what"
}
H='Host: a\r\n'

expect_status "slow client" 200 -d 5 "GET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
expect_status "NUL in target" 400 "GET /a\0b HTTP/1.1\r\n$H\r\n"
expect_status "NUL in field value" 400 "GET / HTTP/1.1\r\n${H}X: a\0b\r\n\r\n"
expect_status "NUL in method" 400 "G\0T / HTTP/1.1\r\n$H\r\n"
expect_status "invalid UTF-8 in target" 400 "GET /\xff\xfe HTTP/1.1\r\n$H\r\n"
expect_status "control char in target" 400 "GET /\x01 HTTP/1.1\r\n$H\r\n"
expect_status "bare CR" 400 "GET / HTTP/1.1\r${H}\r\n"
expect_status "space before colon" 400 "GET / HTTP/1.1\r\nHost : a\r\n\r\n"
expect_status "obs-fold" 400 "GET / HTTP/1.1\r\n${H}X: a\r\n b\r\n\r\n"
expect_status "no Host in 1.1" 400 "GET / HTTP/1.1\r\n\r\n"
expect_status "two Hosts" 400 "GET / HTTP/1.1\r\n${H}${H}\r\n"
expect_status "HTTP/2.0" 505 "GET / HTTP/2.0\r\n$H\r\n"
expect_status "HTTP/1.x garbage version" "400 505" "GET / HTTP/1.a\r\n$H\r\n"
expect_status "huge Content-Length" "400 413" "GET / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999\r\n\r\n"
expect_status "negative Content-Length" 400 "GET / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n"
expect_status "over max_body" 413 "POST / HTTP/1.1\r\n${H}Content-Length: 2000000\r\n\r\n"
# the head is valid, so its answer (405) goes out at once; the bad body then
# closes the connection and is counted
e0=$(proc parse_errors_total)
expect_status "chunk size overflow" "400 405 413" "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n"
[ "$(proc parse_errors_total)" -gt "$e0" ] || fail "bad chunk size not counted"
# RFC 9112 6.3: chunked not final in a request is 400; an unknown coding 501
expect_status "chunked not final" 400 "POST / HTTP/1.1\r\n${H}Transfer-Encoding: gzip\r\n\r\n"
expect_status "unknown coding" 501 "POST / HTTP/1.1\r\n${H}Transfer-Encoding: foo, chunked\r\n\r\n"
expect_status "/fib overflow" 400 "GET /fib/99999999999999999999 HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
expect_status "/fib negative" 400 "GET /fib/-1 HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
expect_status "/fib plus" 400 "GET /fib/+5 HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
expect_status "/fib empty" 400 "GET /fib/ HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
expect_status "/fib space" 400 "GET /fib/1%202 HTTP/1.1\r\n${H}Connection: close\r\n\r\n"
expect_status "dot-dot above root" 400 "GET /../../etc/passwd HTTP/1.1\r\n$H\r\n"
expect_status "encoded NUL" 400 "GET /a%00b HTTP/1.1\r\n$H\r\n"

# request smuggling: the refused request closes the connection, so the
# request hidden behind it is never answered (one response only)
SMUG="GET /nope HTTP/1.1\r\n${H}\r\n"
expect_status "CL.TE" 400 "POST / HTTP/1.1\r\n${H}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n$SMUG"
expect_status "TE.CL" 400 "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\n$SMUG\r\n0\r\n\r\n"
expect_status "TE.TE obfuscated" "400 501" "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n$SMUG"
expect_status "TE xchunked" "400 501" "POST / HTTP/1.1\r\n${H}Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n$SMUG"
expect_status "TE chunked,identity" "400 501" "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n$SMUG"
expect_status "double CL" 400 "POST / HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!$SMUG"

# a body is drained exactly: the pipelined request after it is answered
resp=$(httpraw -t 10 "POST / HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n" | tr -d '\r')
expect_eq "$(printf '%s\n' "$resp" | grep '^HTTP/1.1' | tr '\n' '|')" "HTTP/1.1 405 Method Not Allowed|HTTP/1.1 200 OK|" "body drained (CL)"
resp=$(httpraw -t 10 "POST / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\nGET / HTTP/1.1\r\n${H}Connection: close\r\n\r\n" | tr -d '\r')
expect_eq "$(printf '%s\n' "$resp" | grep '^HTTP/1.1' | tr '\n' '|')" "HTTP/1.1 405 Method Not Allowed|HTTP/1.1 200 OK|" "body drained (chunked)"

# a 1 MB head and 100,000 fields: refused with 431, whatever the client sees
c0=$(proc parse_errors_431)
awk 'BEGIN { printf "GET / HTTP/1.1\r\nHost: a\r\nX-Big: "; for (i = 0; i < 1048576; i++) printf "a"; printf "\r\n\r\n" }' >/tmp/big
httpraw -t 10 -f /tmp/big >/tmp/big.out || true
awk 'BEGIN { printf "GET / HTTP/1.1\r\nHost: a\r\n"; for (i = 0; i < 100000; i++) printf "X-%d: y\r\n", i; printf "\r\n" }' >/tmp/many
httpraw -t 10 -f /tmp/many >/tmp/many.out || true
expect_eq "$(( $(proc parse_errors_431) - c0 ))" 2 "431 refusals counted"
for f in /tmp/big.out /tmp/many.out; do
	st=$(status_of "$(tr -d '\r' <$f)")
	[ -z "$st" ] || expect_eq "$st" 431 "status in $f"
done
ok "huge heads"
# a 10 KB request line: 414
awk 'BEGIN { printf "GET /"; for (i = 0; i < 10240; i++) printf "a"; printf " HTTP/1.1\r\nHost: a\r\n\r\n" }' >/tmp/long
st=$(status_of "$(httpraw -t 10 -f /tmp/long | tr -d '\r' || true)")
[ -z "$st" ] || expect_eq "$st" 414 "long request line"
[ "$(proc parse_errors_414)" -ge 1 ] || fail "414 not counted"
ok "long request line"
unload
