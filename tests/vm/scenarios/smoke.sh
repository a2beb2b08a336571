# Load, answer GET / with the exact body and Content-Length, 404, 501, unload.
load
body=$(curl -sS --max-time $(bound 10) $URL/)
expect_eq "$body" "khttpd: in-kernel HTTP/1.1 server" "GET / body"
hdrs=$(curl -sS --max-time $(bound 10) -D - -o /dev/null $URL/ | tr -d '\r')
expect_match "$hdrs" '^HTTP/1.1 200 OK' "GET / status"
expect_match "$hdrs" 'Content-Length: 34' "GET / Content-Length"
expect_match "$hdrs" 'Content-Type: text/plain' "GET / Content-Type"
expect_match "$hdrs" 'Date: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} ' "Date"
expect_match "$hdrs" 'Server: khttpd' "Server"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 10) $URL/nope)
expect_eq "$code" 404 "unknown path"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 10) -X BREW $URL/)
expect_eq "$code" 501 "unknown method"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 10) -X DELETE $URL/)
expect_eq "$code" 405 "DELETE"
unload
