# Files that change while they are sent (issue 22, item 3).  A client
# streams a 2 MB file (the zero-copy path), pauses after its first 64 KiB,
# and the file is extended, replaced by a rename, rewritten in place or
# truncated before it reads on.  It must get the whole old content with
# its Content-Length, or a body short of its length and a closed
# connection: never a complete response whose bytes are not the old
# file's.  A small cached file (the cache path) rewritten in place, to the
# same size, is never served old after the change: the next request gets
# the new bytes (docs/reliability.md, "Files that change").  Small socket
# buffers keep most of the file unsent while the client pauses.
D=/var/www/khttpd
R=/tmp/fcref
mkdir -p $D $R
mount -t tmpfs -o size=96m tmpfs $D
rmem=$(cat /proc/sys/net/ipv4/tcp_rmem) wmem=$(cat /proc/sys/net/ipv4/tcp_wmem)
echo "4096 65536 131072" >/proc/sys/net/ipv4/tcp_rmem
echo "4096 16384 131072" >/proc/sys/net/ipv4/tcp_wmem
SIZE=2000000
PAUSE=65536

sha() {
	sha256sum | cut -d' ' -f1
}
same() {	# same NAME: GET /NAME is the file now, byte for byte
	got=$(curl -sS --max-time $(bound 30) "$URL/$1" | sha)
	expect_eq "$got" "$(sha <$D/$1)" "body of /$1 after the change"
}
# start: a client streams big.bin and pauses; its content now kept as old
start() {
	cp $D/big.bin $R/old
	rm -f /tmp/fc.*
	(
		rc=0
		httpraw -P $PAUSE -G /tmp/fc.go -t $(bound 60) \
			'GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' \
			>/tmp/fc.body 2>/tmp/fc.err || rc=$?
		echo $rc >/tmp/fc.rc
	) &
	t=0
	until grep -q paused /tmp/fc.err 2>/dev/null; do
		t=$((t + 1))
		[ $t -lt $(bound 100) ] || fail "the client got nothing in $(bound 10) s"
		sleep 0.1
	done
	pos0=$(wc -c </tmp/fc.body)
	[ "$pos0" -lt $((SIZE - 500000)) ] ||
		fail "the client paused at byte $pos0 of $SIZE"
}
# judge WHAT ALLOWED: the client got the whole old file (whole) or a short
# body and a close (short); ALLOWED lists the outcomes allowed
judge() {
	touch /tmp/fc.go
	wait
	rc=$(cat /tmp/fc.rc)
	expect_eq "$rc" 0 "$1: httpraw's exit (0: the server closed; $(cat /tmp/fc.err))"
	set -- "$1" "$2" $(tail -n 1 /tmp/fc.err)
	# $3 status $4 S $5 length $6 L $7 body $8 B
	expect_eq "$4" 200 "$1: the status"
	expect_eq "$6" "$(wc -c <$R/old)" "$1: the Content-Length (the old size)"
	if [ "$8" = "$6" ]; then
		expect_eq "$(sha </tmp/fc.body)" "$(sha <$R/old)" \
			"$1: the complete body is not the old file's"
		what=whole
	else
		[ "$8" -lt "$6" ] || fail "$1: $8 bytes of body for a length of $6"
		what=short@$8
	fi
	case " $2 " in
	*" ${what%@*} "*) ;;
	*) fail "$1: the client got $what, allowed: $2" ;;
	esac
	echo "-- $1: paused at $pos0, got $what"
}

# during WHAT ALLOWED CHANGE: big.bin afresh, a client streaming it, and
# CHANGE while the client pauses after its first bytes; then judged
during() {
	log "$1 while sent"
	cp $R/base $D/big.tmp
	mv $D/big.tmp $D/big.bin
	cp $R/new $D/big.new
	start
	$3
	judge "$1" "$2"
	same big.bin
}
ch_extend() {
	cat $R/add >>$D/big.bin
}
ch_rename() {
	mv $D/big.new $D/big.bin
}
ch_rewrite() {	# its last 200 KB, beyond what the socket buffers hold
	dd if=$R/add of=$D/big.bin bs=200000 seek=9 count=1 conv=notrunc 2>/dev/null
}
ch_truncate() {
	dd if=/dev/null of=$D/big.bin bs=1 seek=1000000 2>/dev/null
}

head -c $SIZE /dev/urandom >$R/base
head -c $((SIZE / 2)) /dev/urandom >$R/new
head -c 200000 /dev/urandom >$R/add
head -c 60000 /dev/urandom >$D/small.bin
chmod -R a+rX $D $R
load docroot=$D
cp $R/base $D/big.bin
same big.bin
during extended "whole short" ch_extend
during renamed whole ch_rename
during rewritten short ch_rewrite
during truncated short ch_truncate

log "a cached file rewritten in place, same size"
k=0
while [ $k -lt 5 ]; do
	same small.bin
	same small.bin	# a hit
	dd if=/dev/urandom of=$D/small.bin bs=60000 count=1 conv=notrunc 2>/dev/null
	k=$((k + 1))
done
h=$(proc static_cache_hits)
[ "$h" -ge 5 ] || fail "small.bin was not served from the cache ($h hits)"
same small.bin
echo "$rmem" >/proc/sys/net/ipv4/tcp_rmem
echo "$wmem" >/proc/sys/net/ipv4/tcp_wmem
