# Helpers for checking a running khttpd from its own machine, sourced by
# debian/tests/service and tests/package/run-in-guest.  The caller defines
# fail MESSAGE (report and exit).

# The page / serves when the docroot has no index.html or static files are off.
KHTTPD_BUILTIN_PAGE='khttpd: in-kernel HTTP/1.1 server'
# The sample page khttpd-admin's postinst puts in the default docroot.
KHTTPD_SAMPLE_PAGE=/var/www/khttpd/index.html

# http_get PORT PATH FILE: GET into FILE; fails unless the status is 200.
http_get() {
	local code
	code=$(curl -sS --max-time 60 -o "$3" -w '%{http_code}' "http://127.0.0.1:$1$2") ||
		fail "GET :$1$2: curl exit $?"
	[ "$code" = 200 ] || fail "GET :$1$2: status $code"
}

# expect_body PORT PATH LINE: the body is LINE and a newline, byte for byte.
expect_body() {
	local got
	got=$(mktemp)
	http_get "$1" "$2" "$got"
	printf '%s\n' "$3" | cmp -s - "$got" ||
		fail "GET :$1$2: body '$(head -c 200 "$got")', wanted '$3'"
	rm -f "$got"
}

# expect_file PORT PATH FILE: the body is FILE's content.
expect_file() {
	local got
	got=$(mktemp)
	http_get "$1" "$2" "$got"
	cmp -s "$3" "$got" || fail "GET :$1$2: body '$(head -c 200 "$got")' is not $3"
	rm -f "$got"
}

# wait_serving PORT: within 10 s, an HTTP server answers on PORT.
wait_serving() {
	local i
	for i in $(seq 50); do
		curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$1/" && return 0
		sleep 0.2
	done
	fail "nothing serves on port $1"
}

# refused PORT: nothing listens on PORT (curl exit 7: connection refused).
refused() {
	local rc=0
	curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$1/" || rc=$?
	[ "$rc" = 7 ] || fail "port $1: expected connection refused, curl exit $rc"
}
