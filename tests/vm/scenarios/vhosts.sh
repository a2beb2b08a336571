# Virtual hosts (issue 21): with the vhosts tunable, the docroot's folder
# named by the request's host (lower case, port removed, a DNS name or IP
# literal, never a path) is the site's root, "default" the one for unknown
# or absent hosts; a host that is neither is 400; lookups stay beneath the
# site; cached files are the site's own.
D=/var/www/khttpd
mkdir -p $D
mount -t tmpfs -o mode=0755 tmpfs $D
mkdir -p $D/a.test/sub $D/b.test $D/default $D/127.0.0.1
mkdir -p "$D/[::1]"
printf 'site a\n' >$D/a.test/index.html
printf 'site b\n' >$D/b.test/index.html
printf 'default site\n' >$D/default/index.html
printf 'site v6\n' >"$D/[::1]/index.html"
printf 'site v4\n' >$D/127.0.0.1/index.html
printf 'top level\n' >$D/index.html
printf 'secret of b\n' >$D/b.test/secret.txt
# one name, one size, one mtime in two sites: the cache must keep them apart
printf 'AAAA\n' >$D/a.test/same.txt
printf 'BBBB\n' >$D/b.test/same.txt
touch -r $D/a.test/same.txt $D/b.test/same.txt
printf 'in sub\n' >$D/a.test/sub/f.txt
ln -s ../b.test/secret.txt $D/a.test/link-out
ln -s /b.test/secret.txt $D/a.test/abs-out
chmod -R a+rX $D
load
expect_eq "$(cat $PARAMS/vhosts)" 0 "vhosts default"

get() {	# get HOST PATH: the body, with that Host field
	curl -sS --max-time $(bound 30) -H "Host: $1" "$URL$2"
}
code() {	# code HOST PATH
	curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 30) -H "Host: $1" "$URL$2"
}
raw() {	# raw DATA: the first status of a raw request
	status_of "$(httpraw -t 10 "$1" | tr -d '\r' || true)"
}

# off: the docroot itself, whatever the host
expect_eq "$(get a.test /)" "top level" "off: the docroot"
expect_eq "$(get b.test /a.test/index.html)" "site a" "off: folders are paths"

echo 1 >$PARAMS/vhosts
expect_eq "$(get a.test /)" "site a" "two sites: a"
expect_eq "$(get b.test /)" "site b" "two sites: b"
expect_eq "$(get b.test /index.html)" "site b" "b by name"
expect_eq "$(get unknown.test /)" "default site" "unknown host: default"
expect_eq "$(get a.test:8081 /)" "site a" "Host with a port"
expect_eq "$(get A.TEST /)" "site a" "upper case"
expect_eq "$(get a.test. /)" "site a" "final dot"
expect_eq "$(get '[::1]:8081' /)" "site v6" "IPv6 literal"
expect_eq "$(get '[::1]' /)" "site v6" "IPv6 literal without port"
expect_eq "$(get 127.0.0.1:8081 /)" "site v4" "IPv4 literal"
expect_eq "$(get a.test /sub/f.txt)" "in sub" "a file below a site"
expect_eq "$(code a.test /secret.txt)" 404 "b's file is not a's"
expect_eq "$(code default /a.test/index.html)" 404 "no site through another"
# HTTP/1.0 without Host, and absolute-form: the authority decides
expect_match "$(httpraw -t 10 'GET / HTTP/1.0\r\n\r\n' | tr -d '\r' | tail -n1)" "default site" "no Host: default"
expect_match "$(httpraw -t 10 'GET http://b.test/ HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n' | tr -d '\r' | tail -n1)" "site b" "absolute-form names the site"
# a host that is no DNS name or IP literal: 400, never a path
for h in .. . a..test .a.test '%2e%2e' 'a%2fb' 'a!b' 'a_b' -a.test '[v1.x]'; do
	expect_eq "$(raw "GET / HTTP/1.1\r\nHost: $h\r\n\r\n")" 400 "Host '$h'"
done
for h in 'a.test/../b.test' '..\\b.test' 'a.test\\..'; do
	expect_eq "$(raw "GET / HTTP/1.1\r\nHost: $h\r\n\r\n")" 400 "Host '$h'"
done
# lookups stay beneath the site: a symlink out of it is refused
expect_eq "$(code a.test /link-out)" 403 "relative symlink to another site"
expect_eq "$(code a.test /abs-out)" 403 "absolute symlink"
expect_eq "$(raw "GET /../b.test/secret.txt HTTP/1.1\r\nHost: a.test\r\n\r\n")" 400 "dot-dot in the path"
# the file cache keeps same-named files of two sites apart, hot and cold
for i in 1 2 3; do
	expect_eq "$(get a.test /same.txt)" AAAA "a's same.txt ($i)"
	expect_eq "$(get b.test /same.txt)" BBBB "b's same.txt ($i)"
done
# no default folder: unknown hosts get 404, known sites still served
mv $D/default $D/default.off
expect_eq "$(code unknown.test /)" 404 "no default folder: 404"
expect_eq "$(get a.test /)" "site a" "a without a default"
mv $D/default.off $D/default
for bad in 2 -1 yes; do
	(echo "$bad" >$PARAMS/vhosts) 2>/dev/null && fail "vhosts=$bad was accepted"
done
echo 0 >$PARAMS/vhosts
expect_eq "$(get a.test /)" "top level" "off again"
unload
