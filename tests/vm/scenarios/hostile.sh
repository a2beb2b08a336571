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
	[ -n "${NO_OK:-}" ] || ok "$what"	# NO_OK=1: a loop checks once after
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
expect_status "huge Content-Length" 400 "GET / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999\r\n\r\n"
# issue 21: a length no signed 64-bit number holds is invalid framing (400);
# a representable one over the body limit stays 413
expect_status "Content-Length 2^63" 400 "POST / HTTP/1.1\r\n${H}Content-Length: 9223372036854775808\r\n\r\n"
expect_status "Content-Length 2^64" 400 "POST / HTTP/1.1\r\n${H}Content-Length: 18446744073709551616\r\n\r\n"
expect_status "Content-Length 2^63-1" 413 "POST / HTTP/1.1\r\n${H}Content-Length: 9223372036854775807\r\n\r\n"
# issue 21: an HTTP/0.9 request line (no version) and an empty Host: 400
expect_status "HTTP/0.9 request line" 400 "GET /\r\n"
expect_status "HTTP/0.9 request line, head follows" 400 "GET /\r\n${H}\r\n"
expect_status "empty Host" 400 "GET / HTTP/1.1\r\nHost:\r\n\r\n"
expect_status "blank Host" 400 "GET / HTTP/1.1\r\nHost:  \r\n\r\n"
expect_status "empty Host, HTTP/1.0" 400 "GET / HTTP/1.0\r\nHost:\r\n\r\n"
expect_status "Host with only a port" 400 "GET / HTTP/1.1\r\nHost: :8081\r\n\r\n"
expect_status "empty Host, absolute-form" 200 "GET http://a/ HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n"
expect_status "negative Content-Length" 400 "GET / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n"
expect_status "over max_body" 413 "POST / HTTP/1.1\r\n${H}Content-Length: 2000000\r\n\r\n"
# issue 21, framing before semantics: a chunked body whose framing is
# invalid in the bytes that came with its head gets 400 and a close, whatever
# the method (not the method's 405), and the request behind it is never read
e0=$(proc parse_errors_total)
CH="Transfer-Encoding: chunked\r\n\r\n"
for bad in '0x5\r\nhello\r\n0\r\n\r\n' '0X5\r\nhello\r\n0\r\n\r\n' \
	'+5\r\nhello\r\n0\r\n\r\n' '-5\r\nhello\r\n0\r\n\r\n' \
	'_5\r\nhello\r\n0\r\n\r\n' '5_\r\nhello\r\n0\r\n\r\n' \
	' 5\r\nhello\r\n0\r\n\r\n' '5 \r\nhello\r\n0\r\n\r\n' \
	'5\t\r\nhello\r\n0\r\n\r\n' 'fffffffffffffffffffff\r\n' \
	'8000000000000000\r\n' '5\rhello\r\n0\r\n\r\n' \
	'5;a\x01\r\nhello\r\n0\r\n\r\n' '5;a=\x22x\ry\x22\r\nhello\r\n0\r\n\r\n' \
	'5;a\rb\r\nhello\r\n0\r\n\r\n' '5\r\nhello0\r\n\r\n' \
	'3\r\nhello\r\n0\r\n\r\n' '5\r\nhello\r0\r\n\r\n' '0\r\n\r\r\n'; do
	NO_OK=1 expect_status "bad chunk '$bad'" 400 "POST / HTTP/1.1\r\n${H}${CH}${bad}GET /nope HTTP/1.1\r\n${H}\r\n"
done
for m in GET HEAD PUT DELETE OPTIONS BREW; do
	NO_OK=1 expect_status "bad chunk after $m" 400 "$m / HTTP/1.1\r\n${H}${CH}0x5\r\nhello\r\n0\r\n\r\n"
done
unset NO_OK
expect_status "valid chunk size over max_body" 413 "POST / HTTP/1.1\r\n${H}${CH}7fffffffffffffff\r\n"
ok "bad chunks"
[ "$(proc parse_errors_total)" -ge $((e0 + 26)) ] || fail "bad chunks not counted"
# the body arriving after the answer went out: no second response, a close
resp=$(httpraw -t 20 -d 20 "POST / HTTP/1.1\r\n${H}${CH}0x5\r\n" | tr -d '\r' || true)
n=$(printf '%s\n' "$resp" | grep -c '^HTTP/1.1 ' || true)
expect_eq "$n" 1 "late bad chunk: responses"
ok "late bad chunk"
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
# RFC 9112 3: a request line of 8,000 octets is served (404: no such file)
awk 'BEGIN { printf "GET /"; for (i = 0; i < 7986; i++) printf "a"; printf " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" }' >/tmp/8000
expect_eq "$(status_of "$(httpraw -t 10 -f /tmp/8000 | tr -d '\r' || true)")" 404 "8000-octet request line"
awk 'BEGIN { printf "GET /?"; for (i = 0; i < 8177; i++) printf "q"; printf " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" }' >/tmp/8k
expect_eq "$(status_of "$(httpraw -t 10 -f /tmp/8k | tr -d '\r' || true)")" 200 "8 KiB request line (query)"
ok "8 KiB request line"
# a 10 KB request line: 414
awk 'BEGIN { printf "GET /"; for (i = 0; i < 10240; i++) printf "a"; printf " HTTP/1.1\r\nHost: a\r\n\r\n" }' >/tmp/long
st=$(status_of "$(httpraw -t 10 -f /tmp/long | tr -d '\r' || true)")
[ -z "$st" ] || expect_eq "$st" 414 "long request line"
[ "$(proc parse_errors_414)" -ge 1 ] || fail "414 not counted"
ok "long request line"
unload
