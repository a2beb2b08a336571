# Precompressed content (issue 21): with the precompressed tunable, F.br or
# F.gz no older than F is sent for F to a client that accepts its coding,
# with Content-Encoding, F's type, its own ETag (304 and Range per variant)
# and Vary: Accept-Encoding on every response for such a file; a stale
# sibling is ignored; off, nothing changes.
D=/var/www/khttpd
mkdir -p $D
mount -t tmpfs -o mode=0755 tmpfs $D
mkdir -p $D/s
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "line %d of a page that compresses well\n", i }' >$D/s/page.html
gzip -c $D/s/page.html >$D/s/page.html.gz
printf 'BROTLI-BYTES-STAND-IN' >$D/s/page.html.br
printf 'plain\n' >$D/s/plain.txt
# only a gzip sibling: what curl --compressed can decode (the .br above
# is a stand-in, not brotli)
awk 'BEGIN { for (i = 0; i < 500; i++) printf "p { margin: %dpx }\n", i }' >$D/s/site.css
gzip -c $D/s/site.css >$D/s/site.css.gz
printf 'fresh\n' >$D/s/old.css
printf 'STALE' >$D/s/old.css.gz
touch -d '2001-01-01 00:00:00' $D/s/old.css.gz
# a large file (streamed, not cached) and its gzip sibling
awk 'BEGIN { for (i = 0; i < 40000; i++) printf "big line %d\n", i }' >$D/s/big.js
gzip -c $D/s/big.js >$D/s/big.js.gz
chmod -R a+rX $D
load
expect_eq "$(cat $PARAMS/precompressed)" 0 "precompressed default"

U=$URL/s/page.html
hdrs() {	# hdrs [CURL ARGS] URL: the response head, CRs removed
	curl -sS --max-time $(bound 30) -D - -o /dev/null "$@" | tr -d '\r'
}
field() {	# field NAME HEAD
	printf '%s\n' "$2" | grep -i "^$1:" | head -n1 | cut -d' ' -f2-
}
sum() { sha256sum | cut -d' ' -f1; }

# off: the file as it is, no Vary
h=$(hdrs -H 'Accept-Encoding: gzip, br' $U)
expect_eq "$(field Content-Encoding "$h")" "" "off: no Content-Encoding"
expect_eq "$(field Vary "$h")" "" "off: no Vary"
expect_eq "$(field Content-Length "$h")" "$(stat -c %s $D/s/page.html)" "off: the file's length"

echo 1 >$PARAMS/precompressed
# curl --compressed (gzip, deflate[, br, zstd]): the sibling, decoded to F
h=$(hdrs --compressed $URL/s/site.css)
expect_eq "$(field Content-Encoding "$h")" gzip "--compressed: gzip"
expect_match "$(field Content-Type "$h")" '^text/css' "--compressed: the original's type"
expect_eq "$(curl -sS --compressed --max-time $(bound 30) $URL/s/site.css | sum)" "$(sum <$D/s/site.css)" "--compressed decodes to the file"
expect_eq "$(curl -sS --max-time $(bound 30) $URL/s/site.css | sum)" "$(sum <$D/s/site.css)" "without --compressed: the file"
h=$(hdrs -H 'Accept-Encoding: gzip' $U)
expect_eq "$(status_of "$h")" 200 "gzip: status"
expect_eq "$(field Content-Encoding "$h")" gzip "gzip: Content-Encoding"
expect_eq "$(field Vary "$h")" Accept-Encoding "gzip: Vary"
expect_match "$(field Content-Type "$h")" '^text/html' "gzip: the original's type"
expect_eq "$(field Content-Length "$h")" "$(stat -c %s $D/s/page.html.gz)" "gzip: the sibling's length"
expect_eq "$(curl -sS -H 'Accept-Encoding: gzip' --max-time $(bound 30) $U | sum)" "$(sum <$D/s/page.html.gz)" "gzip: the sibling's bytes"
etag_gz=$(field ETag "$h")
# br preferred at equal weight; q-values decide otherwise
h=$(hdrs -H 'Accept-Encoding: gzip, br' $U)
expect_eq "$(field Content-Encoding "$h")" br "br preferred"
etag_br=$(field ETag "$h")
expect_eq "$(curl -sS -H 'Accept-Encoding: br' --max-time $(bound 30) $U)" BROTLI-BYTES-STAND-IN "br: the sibling's bytes"
expect_eq "$(field Content-Encoding "$(hdrs -H 'Accept-Encoding: br;q=0.5, gzip' $U)")" gzip "higher q wins"
expect_eq "$(field Content-Encoding "$(hdrs -H 'Accept-Encoding: gzip;q=0, br;q=0' $U)")" "" "q=0 refuses"
expect_eq "$(field Content-Encoding "$(hdrs -H 'Accept-Encoding: *' $U)")" br "* accepts"
# without --compressed (no Accept-Encoding): the file, but Vary all the same
h=$(hdrs $U)
expect_eq "$(field Content-Encoding "$h")" "" "identity: no Content-Encoding"
expect_eq "$(field Vary "$h")" Accept-Encoding "identity: Vary"
expect_eq "$(curl -sS --max-time $(bound 30) $U | sum)" "$(sum <$D/s/page.html)" "identity: the file's bytes"
etag_id=$(field ETag "$h")
[ "$etag_id" != "$etag_gz" ] && [ "$etag_id" != "$etag_br" ] && [ "$etag_gz" != "$etag_br" ] ||
	fail "ETags not distinct per encoding: $etag_id $etag_gz $etag_br"
# 304 per variant: a variant's tag matches only that variant
h=$(hdrs -H 'Accept-Encoding: gzip' -H "If-None-Match: $etag_gz" $U)
expect_eq "$(status_of "$h")" 304 "304 for the gzip tag"
expect_eq "$(field Vary "$h")" Accept-Encoding "304: Vary"
expect_eq "$(field ETag "$h")" "$etag_gz" "304: the gzip tag"
expect_eq "$(status_of "$(hdrs -H "If-None-Match: $etag_gz" $U)")" 200 "the gzip tag does not match identity"
expect_eq "$(status_of "$(hdrs -H 'Accept-Encoding: br' -H "If-None-Match: $etag_gz" $U)")" 200 "the gzip tag does not match br"
expect_eq "$(status_of "$(hdrs -H "If-None-Match: $etag_id" $U)")" 304 "304 for the identity tag"
# Range on the .gz variant: bytes of the sibling
h=$(hdrs -H 'Accept-Encoding: gzip' -r 10-19 $U)
expect_eq "$(status_of "$h")" 206 "range on gzip: 206"
expect_eq "$(field Content-Range "$h")" "bytes 10-19/$(stat -c %s $D/s/page.html.gz)" "range on gzip: Content-Range of the sibling"
expect_eq "$(field Vary "$h")" Accept-Encoding "206: Vary"
expect_eq "$(curl -sS -H 'Accept-Encoding: gzip' -r 10-19 --max-time $(bound 30) $U | sum)" \
	"$(dd if=$D/s/page.html.gz bs=1 skip=10 count=10 2>/dev/null | sum)" "range on gzip: the sibling's bytes"
# HEAD
h=$(hdrs -I -H 'Accept-Encoding: gzip' $U)
expect_eq "$(field Content-Encoding "$h")" gzip "HEAD: Content-Encoding"
expect_eq "$(field Vary "$h")" Accept-Encoding "HEAD: Vary"
# a stale sibling (older than F) is ignored, and gives no Vary
h=$(hdrs -H 'Accept-Encoding: gzip' $URL/s/old.css)
expect_eq "$(field Content-Encoding "$h")" "" "stale .gz ignored"
expect_eq "$(field Vary "$h")" "" "stale .gz: no Vary"
expect_eq "$(curl -sS -H 'Accept-Encoding: gzip' --max-time $(bound 30) $URL/s/old.css)" fresh "stale .gz: the file"
# a file without siblings: no Vary
expect_eq "$(field Vary "$(hdrs -H 'Accept-Encoding: gzip' $URL/s/plain.txt)")" "" "no sibling: no Vary"
# the sibling by name: as it is
expect_eq "$(field Content-Encoding "$(hdrs -H 'Accept-Encoding: gzip' $URL/s/page.html.gz)")" "" "F.gz by name: no Content-Encoding"
# a streamed (uncached) file, decoded whole
expect_eq "$(curl -sS --compressed --max-time $(bound 60) $URL/s/big.js | sum)" "$(sum <$D/s/big.js)" "large file via gzip"
# a sibling edited after F wins again; F edited after it: stale
touch $D/s/old.css.gz
expect_eq "$(curl -sS -H 'Accept-Encoding: gzip' --max-time $(bound 30) $URL/s/old.css)" STALE "fresher .gz served"
echo 0 >$PARAMS/precompressed
expect_eq "$(field Content-Encoding "$(hdrs -H 'Accept-Encoding: gzip' $U)")" "" "off again"
for bad in 2 -1 yes; do
	(echo "$bad" >$PARAMS/precompressed) 2>/dev/null && fail "precompressed=$bad was accepted"
done
unload
