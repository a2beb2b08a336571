# Static files from the docroot: byte-exact bodies (small, page-boundary,
# 8 MiB), HEAD, 304, 206, 416, If-Range, MIME types, 301 for a directory without its
# slash, index.html and the escaped listing, traversal and symlinks refused,
# modes and file types refused, the cache invalidated by a rewrite and its
# /proc counters, docroot validation and "" turning static files off, a slow
# reader of the big file, and rmmod while a body is being sent.
D=/var/www/khttpd
mkdir -p $D
mount -t tmpfs -o mode=0755 tmpfs $D

# ---- fixtures ----
printf 'hello, khttpd\n' >$D/small.txt
for n in 4095 4096 4097; do head -c $n /dev/urandom >$D/p$n.bin; done
head -c 65536 /dev/urandom >$D/c64k.bin	# the largest cached size
head -c 102400 /dev/urandom >$D/mid.bin		# above the cache's 64 KiB
head -c 8388608 /dev/urandom >$D/big.bin
: >$D/empty.txt
printf '<!DOCTYPE html><title>root</title>\n' >$D/index.html
for e in html htm css js mjs json txt xml svg png jpg jpeg gif webp ico wasm \
	 pdf woff woff2 ttf mp4 webm mp3 ogg zip gz tar unknownext; do
	printf 'x' >$D/t.$e
done
printf 'x' >$D/UPPER.PNG
printf 'x' >$D/noext
mkdir -p $D/sub $D/list/d "$D/a b" $D/closed
printf 'sub index\n' >$D/sub/index.html
printf 'x' >"$D/list/<script>"
printf 'yy' >"$D/list/a b&c.txt"
printf 'z' >$D/list/.hidden
printf 'secret' >$D/list/private.txt
chmod 0600 $D/list/private.txt
printf 'spaced\n' >"$D/a b/index.html"
printf 'closed' >$D/closed/f.txt
chmod 0700 $D/closed
printf 'secret' >$D/secret.txt
chmod 0640 $D/secret.txt
mkfifo $D/fifo
mknod $D/null c 1 3
# what lies outside, world-readable so that only the docroot check stops it
mkdir -p /etc /srv/outside
echo 'root:$6$SECRETHASH:19000:0:99999:7:::' >/etc/shadow
chmod 0644 /etc/shadow
echo 'outside' >/srv/outside/o.txt
ln -s /etc/shadow $D/shadow
ln -s ../../../etc/shadow $D/shadow-rel
ln -s /srv/outside $D/outdir
ln -s ../../../srv/outside $D/outdir-rel
ln -s small.txt $D/alias.txt
ln -s sub $D/subalias
ln -s /var/www/khttpd/small.txt $D/abs-inside.txt
mkdir -p $D/badidx
ln -s /etc/shadow $D/badidx/index.html

load docroot=$D listing=1
expect_eq "$(cat $PARAMS/file_cache_bytes)" 33554432 "file_cache_bytes default"

code() {	# code [CURL ARGS] URL
	curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$@"
}
heads() {	# heads [CURL ARGS] URL: the response head, CRs removed
	curl -sS --max-time 30 -D - -o /dev/null "$@" | tr -d '\r'
}
field() {	# field HEAD NAME: a header field's value
	printf '%s\n' "$1" | grep -i "^$2:" | head -n1 | cut -d' ' -f2-
}
sha() {
	sha256sum | cut -d' ' -f1
}
same() {	# same PATH FILE [CURL ARGS]: body byte-identical to FILE
	p=$1 f=$2
	shift 2
	got=$(curl -sS --max-time 120 "$@" "$URL$p" | sha)
	expect_eq "$got" "$(sha <"$f")" "body of $p"
}
stat_delta() {	# stat_delta KEY BEFORE: growth of a /proc/khttpd counter
	echo $(( $(proc "$1") - $2 ))
}

# ---- bodies ----
log "bodies"
same /small.txt $D/small.txt
for n in 4095 4096 4097; do
	same /p$n.bin $D/p$n.bin		# miss: filled
	same /p$n.bin $D/p$n.bin		# hit
done
same /c64k.bin $D/c64k.bin
same /c64k.bin $D/c64k.bin
same /mid.bin $D/mid.bin
same /big.bin $D/big.bin
same /empty.txt $D/empty.txt
same /alias.txt $D/small.txt
h=$(heads $URL/p4097.bin)
expect_match "$h" '^HTTP/1.1 200 OK' "200"
expect_eq "$(field "$h" Content-Length)" 4097 "Content-Length"
expect_eq "$(field "$h" Accept-Ranges)" bytes "Accept-Ranges"
expect_match "$(field "$h" ETag)" '^"[0-9a-f]{16}"$' "ETag (an opaque hash, staticnames.sh)"
expect_match "$(field "$h" Last-Modified)" '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' "Last-Modified"
# one connection, several files, pipelined: all byte-exact
curl -sS --max-time 60 $URL/p4095.bin $URL/mid.bin $URL/small.txt $URL/p4096.bin | sha >/tmp/pipe.sha
cat $D/p4095.bin $D/mid.bin $D/small.txt $D/p4096.bin | sha >/tmp/want.sha
expect_eq "$(cat /tmp/pipe.sha)" "$(cat /tmp/want.sha)" "four bodies on one connection"
# the full report, so that a failure shows which errors (connect, io,
# timeout, eof, protocol) and the latencies
out=$(htstress -k -c 4 -n 400 $URL/p4096.bin)
expect_match "$out" 'good=400 bad=0 errors=0' "htstress -k on a cached file"
out=$(htstress -c 4 -n 40 $URL/mid.bin)
expect_match "$out" 'good=40 bad=0 errors=0' "htstress on a streamed file"

# ---- root, HEAD, MIME ----
log "root, HEAD, MIME"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/)" '<!DOCTYPE html><title>root</title>' "/ serves index.html"
expect_eq "$(field "$(heads $URL/)" Content-Type)" text/html "/ Content-Type"
h=$(curl -sS --max-time $(bound 10) -I $URL/big.bin | tr -d '\r')
expect_match "$h" '^HTTP/1.1 200 OK' "HEAD status"
expect_eq "$(field "$h" Content-Length)" 8388608 "HEAD Content-Length"
out=$(httpraw 'HEAD /small.txt HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' | tr -d '\r')
expect_match "$out" 'Content-Length: 14' "HEAD Content-Length of small.txt"
printf '%s' "$out" | grep -q hello && fail "HEAD sent a body"
for m in html:text/html htm:text/html css:text/css js:text/javascript \
	 mjs:text/javascript json:application/json txt:text/plain \
	 xml:application/xml svg:image/svg+xml png:image/png jpg:image/jpeg \
	 jpeg:image/jpeg gif:image/gif webp:image/webp \
	 ico:image/vnd.microsoft.icon wasm:application/wasm pdf:application/pdf \
	 woff:font/woff woff2:font/woff2 ttf:font/ttf mp4:video/mp4 \
	 webm:video/webm mp3:audio/mpeg ogg:audio/ogg zip:application/zip \
	 gz:application/gzip tar:application/x-tar \
	 unknownext:application/octet-stream; do
	ct=$(field "$(heads $URL/t.${m%%:*})" Content-Type)
	expect_eq "$ct" "${m#*:}" "Content-Type of .${m%%:*}"
done
expect_eq "$(field "$(heads $URL/UPPER.PNG)" Content-Type)" image/png "upper-case extension"
expect_eq "$(field "$(heads $URL/noext)" Content-Type)" application/octet-stream "no extension"

# ---- conditional requests ----
log "304"
h=$(heads $URL/p4096.bin)
etag=$(field "$h" ETag)
lm=$(field "$h" Last-Modified)
expect_eq "$(code -H "If-None-Match: $etag" $URL/p4096.bin)" 304 "If-None-Match exact"
expect_eq "$(code -H "If-None-Match: W/$etag" $URL/p4096.bin)" 304 "If-None-Match weak"
expect_eq "$(code -H "If-None-Match: \"nope\", $etag" $URL/p4096.bin)" 304 "If-None-Match list"
expect_eq "$(code -H 'If-None-Match: *' $URL/p4096.bin)" 304 "If-None-Match *"
expect_eq "$(code -H 'If-None-Match: "nope"' $URL/p4096.bin)" 200 "If-None-Match other"
expect_eq "$(code -H "If-Modified-Since: $lm" $URL/p4096.bin)" 304 "If-Modified-Since equal"
expect_eq "$(code -H 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT' $URL/p4096.bin)" 200 "If-Modified-Since older"
expect_eq "$(code -H 'If-Modified-Since: Thursday, 01-Jan-37 00:00:00 GMT' $URL/p4096.bin)" 304 "If-Modified-Since rfc850"
expect_eq "$(code -H 'If-Modified-Since: Thu Jan  1 00:00:00 2037' $URL/p4096.bin)" 304 "If-Modified-Since asctime"
expect_eq "$(code -H 'If-Modified-Since: yesterday' $URL/p4096.bin)" 200 "If-Modified-Since invalid"
expect_eq "$(code -H 'If-None-Match: "nope"' -H "If-Modified-Since: $lm" $URL/p4096.bin)" 200 \
	"If-Modified-Since ignored beside If-None-Match"
h=$(heads -H "If-None-Match: $etag" $URL/p4096.bin)
expect_eq "$(field "$h" ETag)" "$etag" "304 carries the ETag"
r=$(curl -sS --max-time $(bound 10) -H "If-None-Match: $etag" $URL/p4096.bin | wc -c)
expect_eq "$r" 0 "304 has no body"

# ---- ranges ----
log "206, 416"
for spec in 0-9 4000-4096 4090- -10 -5000 0-0 100-99999; do
	case $spec in
	-*) n=${spec#-}; [ "$n" -gt 4097 ] && n=4097; first=$((4097 - n)); last=4096 ;;
	*-) first=${spec%-}; last=4096 ;;
	*) first=${spec%-*}; last=${spec#*-}; [ "$last" -gt 4096 ] && last=4096 ;;
	esac
	h=$(heads -H "Range: bytes=$spec" $URL/p4097.bin)
	expect_match "$h" '^HTTP/1.1 206 Partial Content' "206 for $spec"
	expect_eq "$(field "$h" Content-Range)" "bytes $first-$last/4097" "Content-Range for $spec"
	got=$(curl -sS --max-time $(bound 10) -H "Range: bytes=$spec" $URL/p4097.bin | sha)
	want=$(dd if=$D/p4097.bin bs=1 skip=$first count=$((last - first + 1)) 2>/dev/null | sha)
	expect_eq "$got" "$want" "body for range $spec"
done
# a range of the big, streamed file
got=$(curl -sS --max-time 30 -H 'Range: bytes=4000000-5000000' $URL/big.bin | sha)
want=$( (dd if=$D/big.bin bs=1000000 skip=4 count=1 2>/dev/null; dd if=$D/big.bin bs=1 skip=5000000 count=1 2>/dev/null) | sha)
expect_eq "$got" "$want" "range of the big file"
h=$(heads -H 'Range: bytes=4097-' $URL/p4097.bin)
expect_match "$h" '^HTTP/1.1 416 ' "416"
expect_eq "$(field "$h" Content-Range)" "bytes */4097" "416 Content-Range"
expect_eq "$(code -H 'Range: bytes=-0' $URL/p4097.bin)" 416 "suffix 0"
expect_eq "$(code -H 'Range: bytes=0-' $URL/empty.txt)" 416 "any range of an empty file"
expect_eq "$(code -H 'Range: bytes=0-1,5-6' $URL/p4097.bin)" 200 "two ranges: all of it"
expect_eq "$(code -H 'Range: bytes=5-1' $URL/p4097.bin)" 200 "invalid range ignored"
expect_eq "$(code -H 'Range: items=0-1' $URL/p4097.bin)" 200 "other unit ignored"
expect_eq "$(code -I -H 'Range: bytes=0-1' $URL/p4097.bin)" 200 "HEAD ignores Range"
# If-Range: the range only of the version it names, else all of it
h=$(heads $URL/p4097.bin)
et=$(field "$h" ETag) lm7=$(field "$h" Last-Modified)
ir() {	# ir IF-RANGE RANGE: status and body length
	curl -s -o /tmp/ir -w '%{http_code}' --max-time 30 -H "Range: bytes=$2" \
		-H "If-Range: $1" $URL/p4097.bin
	echo " $(wc -c </tmp/ir | tr -d ' ')"
}
expect_eq "$(ir "$et" 0-9)" "206 10" "If-Range with the current ETag"
expect_eq "$(ir "$lm7" 0-9)" "206 10" "If-Range with Last-Modified"
expect_eq "$(ir '"old"' 0-9)" "200 4097" "If-Range with another ETag"
expect_eq "$(ir "W/$et" 0-9)" "200 4097" "If-Range with a weak ETag"
expect_eq "$(ir 'Sat, 01 Jan 2000 00:00:00 GMT' 0-9)" "200 4097" "If-Range with another date"
expect_eq "$(ir '"old"' 5000-)" "200 4097" "If-Range with another ETag: no 416"

# ---- directories ----
log "directories, listing"
h=$(heads $URL/sub)
expect_match "$h" '^HTTP/1.1 301 ' "directory without slash"
expect_eq "$(field "$h" Location)" /sub/ "Location"
expect_eq "$(field "$(heads "$URL/sub?x=1&y")" Location)" "/sub/?x=1&y" "Location keeps the query"
expect_eq "$(field "$(heads "$URL/a%20b")" Location)" "/a%20b/" "Location is percent-encoded"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/sub/)" "sub index" "directory index.html"
expect_eq "$(curl -sS --max-time $(bound 10) "$URL/a%20b/")" "spaced" "index.html in a directory with a space"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/subalias/)" "sub index" "symlink to a directory inside"
listing=$(curl -sS --max-time $(bound 10) $URL/list/)
expect_eq "$(field "$(heads $URL/list/)" Content-Type)" "text/html; charset=utf-8" "listing type"
echo "$listing"
printf '%s' "$listing" | grep -qF '<a href="%3Cscript%3E">&lt;script&gt;</a>' ||
	fail "listing does not escape <script> in href and text"
printf '%s' "$listing" | grep -qF '<a href="a%20b%26c.txt">a b&amp;c.txt</a></td><td>2</td>' ||
	fail "listing entry for 'a b&c.txt'"
printf '%s' "$listing" | grep -qF '<a href="d/">d/</a>' || fail "listing shows subdirectory"
printf '%s' "$listing" | grep -qF '<a href="../">' || fail "listing has a parent link"
printf '%s' "$listing" | grep -q '<script>' && fail "raw <script> in the listing"
printf '%s' "$listing" | grep -q 'hidden' && fail "listing shows a dot file"
printf '%s' "$listing" | grep -q 'private' && fail "listing shows a file others cannot read"
expect_eq "$(curl -sS --max-time $(bound 10) "$URL/list/%3Cscript%3E")" x "the escaped link works"
expect_eq "$(curl -sS --max-time $(bound 10) "$URL/list/a%20b%26c.txt")" yy "the encoded link works"

# ---- lookup: what the dentry cache walk leaves to the full lookup ----
log "lookup across a mount, a rename, a file"
mkdir -p $D/lk/mnt $D/lk/rd
echo under >$D/lk/mnt/m.txt
echo moved >$D/lk/rd/f.txt
chmod 0755 $D/lk $D/lk/mnt $D/lk/rd
chmod 0644 $D/lk/mnt/m.txt $D/lk/rd/f.txt
expect_eq "$(curl -sS --max-time $(bound 10) $URL/lk/mnt/m.txt)" under "a file, before a mount covers it"
mount -t tmpfs -o mode=0755 tmpfs $D/lk/mnt
echo over >$D/lk/mnt/m.txt
chmod 0644 $D/lk/mnt/m.txt
expect_eq "$(curl -sS --max-time $(bound 10) $URL/lk/mnt/m.txt)" over "the mount that covers it"
umount $D/lk/mnt
expect_eq "$(curl -sS --max-time $(bound 10) $URL/lk/mnt/m.txt)" under "uncovered again"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/lk/rd/f.txt)" moved "a directory, before a rename"
mv $D/lk/rd $D/lk/rd2
expect_eq "$(code $URL/lk/rd/f.txt)" 404 "renamed away"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/lk/rd2/f.txt)" moved "renamed to"
expect_eq "$(code $URL/lk/rd2/f.txt/x)" 404 "a path through a file"
rm -r $D/lk

# ---- refusals ----
log "refusals"
expect_eq "$(code $URL/missing.txt)" 404 "missing"
expect_eq "$(code $URL/sub/missing/x)" 404 "missing directory"
expect_eq "$(code $URL/small.txt/)" 404 "a file with a trailing slash"
expect_eq "$(code $URL/secret.txt)" 403 "not readable by others"
expect_eq "$(code $URL/list/private.txt)" 403 "0600"
expect_eq "$(code $URL/closed/f.txt)" 403 "directory others cannot search"
expect_eq "$(code $URL/closed/)" 403 "listing a 0700 directory"
expect_eq "$(timeout 10 curl -s -o /dev/null -w '%{http_code}' $URL/fifo)" 403 "FIFO (and no hang)"
expect_eq "$(code $URL/null)" 403 "device"
expect_eq "$(code $URL/shadow)" 403 "absolute symlink to /etc/shadow"
expect_eq "$(code $URL/shadow-rel)" 403 "relative symlink to /etc/shadow"
expect_eq "$(code $URL/outdir/o.txt)" 403 "symlink to a directory outside"
expect_eq "$(code $URL/outdir-rel/o.txt)" 403 "relative symlink to a directory outside"
expect_eq "$(code $URL/outdir/)" 403 "listing a directory outside"
expect_eq "$(code $URL/abs-inside.txt)" 403 "absolute symlink, even to inside"
expect_eq "$(code $URL/badidx/)" 403 "index.html leading outside"
for t in '/../etc/shadow' '/%2e%2e/etc/shadow' '/sub/../../etc/shadow' \
	 '/sub/%2e%2e/%2E%2E/etc/shadow' '/..%2fetc%2fshadow' '/sub%2f..%2f..%2fetc/shadow' \
	 '/small.txt%00.html' '/%00'; do
	s=$(status_of "$(httpraw "GET $t HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")")
	expect_eq "$s" 400 "traversal $t"
done
expect_eq "$(code --path-as-is "$URL/sub/../small.txt")" 200 "a .. that stays inside"
if curl -sS --max-time $(bound 10) $URL/shadow $URL/shadow-rel $URL/outdir/o.txt | grep -q -e SECRETHASH -e outside; then
	fail "something outside the docroot was served"
fi
expect_eq "$(code --path-as-is "$URL/fib/10")" 200 "/fib/N is still Fibonacci"

# ---- cache ----
log "cache"
h0=$(proc static_cache_hits) m0=$(proc static_cache_misses)
same /small.txt $D/small.txt
expect_eq "$(stat_delta static_cache_hits $h0)" 1 "small.txt was cached by the first GET"
same /mid.bin $D/mid.bin
expect_eq "$(stat_delta static_cache_misses $m0)" 0 "a file above 64 KiB is not counted"
[ "$(proc static_cache_bytes)" -gt 0 ] || fail "static_cache_bytes"
# same size, other content, other mtime
m0=$(proc static_cache_misses)
head -c 4096 /dev/urandom >$D/p4096.bin
touch -d '2020-02-02 02:02:02' $D/p4096.bin
same /p4096.bin $D/p4096.bin
expect_eq "$(stat_delta static_cache_misses $m0)" 1 "rewrite invalidates"
h0=$(proc static_cache_hits)
same /p4096.bin $D/p4096.bin
expect_eq "$(stat_delta static_cache_hits $h0)" 1 "the new version is cached"
# same size and the old mtime restored: ctime still tells
head -c 4096 /dev/urandom >$D/p4096.bin
touch -d '2020-02-02 02:02:02' $D/p4096.bin
same /p4096.bin $D/p4096.bin
# a size change
head -c 5000 /dev/urandom >$D/p4096.bin
same /p4096.bin $D/p4096.bin
# chmod after caching: refused at once
chmod 0600 $D/p4095.bin
expect_eq "$(code $URL/p4095.bin)" 403 "cached file made unreadable"
chmod 0644 $D/p4095.bin
# a replaced file (rename over it): a new inode
head -c 3000 /dev/urandom >$D/new.tmp
mv $D/new.tmp $D/p4097.bin
same /p4097.bin $D/p4097.bin
# no cache: every small GET a miss, memory released
echo 0 >$PARAMS/file_cache_bytes
expect_eq "$(proc static_cache_bytes)" 0 "file_cache_bytes=0 empties the cache"
h0=$(proc static_cache_hits) m0=$(proc static_cache_misses)
same /small.txt $D/small.txt
same /small.txt $D/small.txt
expect_eq "$(stat_delta static_cache_hits $h0)" 0 "no hits without a cache"
expect_eq "$(stat_delta static_cache_misses $m0)" 2 "misses without a cache"
# a cache of one small page-sized entry: the older one is evicted
echo 6000 >$PARAMS/file_cache_bytes
same /p4095.bin $D/p4095.bin
same /small.txt $D/small.txt
[ "$(proc static_cache_bytes)" -le 6000 ] || fail "static_cache_bytes above the limit"
echo 33554432 >$PARAMS/file_cache_bytes

# ---- what may wait for the disk runs on khttpd_blocking ----
log "offload"
# tmpfs never misses the dentry cache, but a hole is never in the page
# cache (it reads as the zero page), a cache fill and a listing are always
# a worker's: those take the slow path here; static_cold.sh drops the
# caches of an ext4 docroot for real misses
same /small.txt $D/small.txt
o0=$(proc static_offloaded)
for i in 1 2 3; do same /small.txt $D/small.txt; done
same /mid.bin $D/mid.bin
expect_eq "$(stat_delta static_offloaded $o0)" 0 "hot files are not handed off"
printf 'fresh\n' >$D/fresh.txt
o0=$(proc static_offloaded)
same /fresh.txt $D/fresh.txt
same /fresh.txt $D/fresh.txt
expect_eq "$(stat_delta static_offloaded $o0)" 1 "a cache fill is handed off once"
mkdir -p $D/many
i=0
while [ $i -lt 500 ]; do : >$D/many/f$i; i=$((i + 1)); done
o0=$(proc static_offloaded)
n=$(curl -sS --max-time 60 $URL/many/ | grep -c 'href="f')
expect_eq "$n" 500 "a listing of 500 files"
expect_eq "$(stat_delta static_offloaded $o0)" 1 "a listing is handed off"
# holes: read by a worker window by window, sent from io_work
truncate -s 5000000 $D/sparse.bin
printf 'tail' >>$D/sparse.bin
o0=$(proc static_offloaded)
same /sparse.bin $D/sparse.bin
[ "$(stat_delta static_offloaded $o0)" -ge 2 ] || fail "holes were not read by a worker"
expect_eq "$(curl -sS --max-time 60 -r 4000000-4999999 $URL/sparse.bin | sha)" \
	"$(tail -c +4000001 $D/sparse.bin | head -c 1000000 | sha)" "a range of holes"
# a client that goes away while its pages are being read
i=0
while [ $i -lt 8 ]; do
	curl -s --max-time 0.3 --limit-rate 100K $URL/sparse.bin -o /dev/null &
	i=$((i + 1))
done
wait || true
same /sparse.bin $D/sparse.bin
same /many/f7 $D/many/f7

# ---- slow reader, backpressure ----
log "slow reader of 8 MiB"
# small receive buffers, so that the file cannot sit in them: the server
# meets a full socket again and again and must resume on write space
rmem=$(cat /proc/sys/net/ipv4/tcp_rmem)
echo '4096 65536 131072' >/proc/sys/net/ipv4/tcp_rmem
t0=$(now_ms)
same /big.bin $D/big.bin --limit-rate 2M
dt=$(( $(now_ms) - t0 ))
log "8 MiB at 2 MB/s took ${dt} ms"
# 4 s nominally; curl's limiter averages over a window and lets bursts
# through (2.2 s was seen), while an unlimited fetch takes a few hundred ms
[ "$dt" -ge 1500 ] || fail "the rate limit did not apply (${dt} ms)"
same /p4097.bin $D/p4097.bin --limit-rate 1K
same /c64k.bin $D/c64k.bin --limit-rate 32K
same /mid.bin $D/mid.bin --limit-rate 64K
echo "$rmem" >/proc/sys/net/ipv4/tcp_rmem
# several at once, on the same and different files
for i in 1 2 3; do
	curl -sS --max-time 120 $URL/big.bin | sha >/tmp/par$i.sha &
done
curl -sS --max-time 120 $URL/mid.bin | sha >/tmp/par4.sha &
wait
for i in 1 2 3; do expect_eq "$(cat /tmp/par$i.sha)" "$(sha <$D/big.bin)" "parallel big $i"; done
expect_eq "$(cat /tmp/par4.sha)" "$(sha <$D/mid.bin)" "parallel mid"

# ---- docroot ----
log "docroot"
set_bad() {	# set_bad VALUE ERRNO_TEXT
	err=$( (echo "$1" >$PARAMS/docroot) 2>&1 ) && fail "docroot=$1 was accepted"
	expect_match "$err" "$2" "error for docroot=$1"
	expect_eq "$(cat $PARAMS/docroot)" "$D" "docroot kept after refusing $1"
}
set_bad var/www 'Invalid argument'
set_bad /nonexistent 'No such file'
set_bad $D/small.txt 'Not a directory'
set_bad "/$(head -c 300 /dev/zero | tr '\0' a)" 'Invalid argument'
mkdir -p /srv/private
chmod 0700 /srv/private
set_bad /srv/private 'Permission denied'
echo "" >$PARAMS/docroot
expect_eq "$(cat $PARAMS/docroot)" "" "docroot emptied"
expect_eq "$(proc static_cache_bytes)" 0 "docroot change empties the cache"
expect_eq "$(code $URL/small.txt)" 404 "static off"
expect_eq "$(code $URL/sub/)" 404 "static off, directory"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/)" "khttpd: in-kernel HTTP/1.1 server" "/ without docroot"
mkdir -p /srv/other
echo other >/srv/other/o.txt
echo /srv/other >$PARAMS/docroot
expect_eq "$(curl -sS --max-time $(bound 10) $URL/o.txt)" other "another docroot"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/)" "khttpd: in-kernel HTTP/1.1 server" "/ without index.html"
expect_eq "$(code $URL/small.txt)" 404 "the old docroot is gone"
echo $D >$PARAMS/docroot
same /small.txt $D/small.txt

# ---- unload while bodies are in flight ----
log "rmmod during transfers"
curl -s --max-time 60 --limit-rate 200K $URL/big.bin -o /dev/null &
curl -s --max-time 60 --limit-rate 200K $URL/mid.bin -o /dev/null &
curl -s --max-time 60 --limit-rate 200K $URL/sparse.bin -o /dev/null &
curl -s --max-time 60 $URL/many/ -o /dev/null &
sleep 1
unload
wait || true
# and a docroot missing at load only turns static files off
umount $D
rmdir $D
load
expect_eq "$(code $URL/small.txt)" 404 "docroot missing at load"
expect_eq "$(curl -sS --max-time $(bound 10) $URL/)" "khttpd: in-kernel HTTP/1.1 server" "/ with docroot missing"
dmesg | grep -q 'docroot /var/www/khttpd: -ENOENT' || fail "no warning for the missing docroot"
unload
