# What static files give away (issue 17): dotfiles (.git/config, .htpasswd)
# are 404 unless the dotfiles tunable allows them, .well-known always
# served; the ETag is an opaque keyed hash, no inode number, and still a
# strong validator for If-None-Match and If-Range.
D=/var/www/khttpd
mkdir -p $D
mount -t tmpfs -o mode=0755 tmpfs $D
mkdir -p $D/.git $D/.well-known/acme-challenge $D/sub/.d $D/pub
printf '[core]\n' >$D/.git/config
printf 'user:hash\n' >$D/.htpasswd
printf 'challenge-token\n' >$D/.well-known/acme-challenge/tok
printf 'x' >$D/.well-known/.private
printf 'x' >$D/sub/.d/f
printf 'visible\n' >$D/pub/file.txt
printf 'aaaa' >$D/pub/a.txt
printf 'bbbb' >$D/pub/b.txt
touch -r $D/pub/a.txt $D/pub/b.txt
chmod -R a+rX $D
load
expect_eq "$(cat $PARAMS/dotfiles)" 0 "dotfiles default"

code() {	# code [CURL ARGS] URL
	curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 30) "$@"
}
field() {	# field NAME URL [CURL ARGS]: a response header field's value
	n=$1
	shift
	curl -sS --max-time $(bound 30) -D - -o /dev/null "$@" | tr -d '\r' |
		grep -i "^$n:" | head -n1 | cut -d' ' -f2-
}

# ---- dotfiles ----
for p in /.git/config /.git/ /.git /.htpasswd /sub/.d/f /sub/.d/ /%2egit/config \
	 /pub/../.htpasswd /.well-known/.private; do
	expect_eq "$(code "$URL$p")" 404 "GET $p with dotfiles=0"
done
expect_eq "$(code -I $URL/.htpasswd)" 404 "HEAD /.htpasswd with dotfiles=0"
expect_eq "$(curl -sS --max-time $(bound 30) $URL/.well-known/acme-challenge/tok)" \
	challenge-token ".well-known is served"
expect_eq "$(curl -sS --max-time $(bound 30) $URL/pub/file.txt)" visible "other files are"
echo 1 >$PARAMS/dotfiles
expect_eq "$(curl -sS --max-time $(bound 30) $URL/.htpasswd)" user:hash "dotfiles=1 serves /.htpasswd"
expect_eq "$(curl -sS --max-time $(bound 30) $URL/.git/config)" '[core]' "dotfiles=1 serves /.git/config"
echo 0 >$PARAMS/dotfiles
expect_eq "$(code $URL/.htpasswd)" 404 "dotfiles=0 again"
for bad in 2 -1 yes ''; do
	(echo "$bad" >$PARAMS/dotfiles) 2>/dev/null && fail "dotfiles=$bad was accepted"
	expect_eq "$(cat $PARAMS/dotfiles)" 0 "dotfiles kept after refusing '$bad'"
done

# ---- ETag ----
etag=$(field ETag $URL/pub/file.txt)
log "ETag of pub/file.txt (inode $(stat -c %i $D/pub/file.txt)): $etag"
expect_match "$etag" '^"[0-9a-f]{16}"$' "ETag is 16 hex digits"
ino=$(printf '%x' "$(stat -c %i $D/pub/file.txt)")
case "$etag" in "\"$ino-"*) fail "ETag $etag starts with the inode number $ino" ;; esac
expect_eq "$(field ETag $URL/pub/file.txt)" "$etag" "ETag stable"
ea=$(field ETag $URL/pub/a.txt) eb=$(field ETag $URL/pub/b.txt)
[ "$ea" != "$eb" ] || fail "two files of one size and mtime share ETag $ea"
# conditional requests with it
expect_eq "$(code -H "If-None-Match: $etag" $URL/pub/file.txt)" 304 "If-None-Match"
expect_eq "$(code -H "If-None-Match: W/$etag" $URL/pub/file.txt)" 304 "If-None-Match, weak comparison"
expect_eq "$(code -H "If-None-Match: \"0000000000000000\"" $URL/pub/file.txt)" 200 "If-None-Match, another tag"
expect_eq "$(curl -sS --max-time $(bound 30) -H 'Range: bytes=0-2' -H "If-Range: $etag" $URL/pub/file.txt)" \
	vis "If-Range with the ETag: 206"
expect_eq "$(curl -sS --max-time $(bound 30) -H 'Range: bytes=0-2' -H "If-Range: W/$etag" $URL/pub/file.txt)" \
	"visible" "If-Range with a weak tag: the whole file (strong comparison)"
# a rewrite of the same size with the old mtime put back changes the tag
printf 'VISIBLE\n' >$D/pub/file.txt.new
touch -r $D/pub/file.txt $D/pub/file.txt.new
cat $D/pub/file.txt.new >$D/pub/file.txt
touch -r $D/pub/file.txt.new $D/pub/file.txt
e2=$(field ETag $URL/pub/file.txt)
[ "$e2" != "$etag" ] || fail "ETag $etag kept across a rewrite"
expect_eq "$(code -H "If-None-Match: $etag" $URL/pub/file.txt)" 200 "the old tag no longer matches"
expect_eq "$(curl -sS --max-time $(bound 30) -H 'Range: bytes=0-2' -H "If-Range: $etag" $URL/pub/file.txt)" \
	VISIBLE "If-Range with the old tag: the whole new file"
unload
