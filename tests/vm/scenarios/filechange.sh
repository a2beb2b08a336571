# Files that change while they are sent (issue 22, item 3).  A rate-limited
# client streams a 2 MB file at 512 KB/s (the zero-copy path) while it is extended,
# replaced by a rename, rewritten in place or truncated.  Each client must
# get the whole old content with its Content-Length, or a body short of its
# length and a closed connection: never a complete response whose bytes are
# not the old file's.  A small cached file (the cache path) rewritten in
# place, to the same size, is never served old after the change: the next
# request gets the new bytes (docs/reliability.md, "Files that change").
# Small socket buffers keep most of the file unsent when it changes.
D=/var/www/khttpd
R=/tmp/fcref
mkdir -p $D $R
mount -t tmpfs -o size=96m tmpfs $D
rmem=$(cat /proc/sys/net/ipv4/tcp_rmem) wmem=$(cat /proc/sys/net/ipv4/tcp_wmem)
echo "4096 65536 131072" >/proc/sys/net/ipv4/tcp_rmem
echo "4096 16384 131072" >/proc/sys/net/ipv4/tcp_wmem
SIZE=2000000
RATE=512K
N=1

sha() {
	sha256sum | cut -d' ' -f1
}
same() {	# same NAME: GET /NAME is the file now, byte for byte
	got=$(curl -sS --max-time $(bound 30) "$URL/$1" | sha)
	expect_eq "$got" "$(sha <$D/$1)" "body of /$1 after the change"
}
# start: N clients stream big.bin slowly; its content now kept as the old
start() {
	cp $D/big.bin $R/old
	rm -f /tmp/fc.*
	i=0
	while [ $i -lt $N ]; do
		(
			rc=0
			curl -s --limit-rate $RATE --max-time $(bound 60) \
				-o /tmp/fc.$i -w '%{http_code} %{size_download}' \
				$URL/big.bin >/tmp/fc.$i.w || rc=$?
			echo $rc >/tmp/fc.$i.rc
		) &
		i=$((i + 1))
	done
	# the change comes once every client has its head and some body
	i=0 t=0
	while [ $i -lt $N ]; do
		if [ -s /tmp/fc.$i ]; then
			i=$((i + 1))
			continue
		fi
		t=$((t + 1))
		[ $t -lt $(bound 100) ] || fail "client $i got nothing in $(bound 10) s"
		sleep 0.1
	done
	pos0=$(wc -c </tmp/fc.0)
	echo "-- the change comes at byte $pos0 of client 0"
}
# judge WHAT ALLOWED: each client got the whole old file (whole) or a
# short body and a close (short); ALLOWED lists the outcomes allowed
judge() {
	wait
	i=0
	seen=
	while [ $i -lt $N ]; do
		rc=$(cat /tmp/fc.$i.rc) w=$(cat /tmp/fc.$i.w)
		code=${w% *} n=${w#* }
		expect_eq "$code" 200 "$1: client $i's status"
		if [ "$rc" = 0 ]; then
			expect_eq "$n" "$(wc -c <$R/old)" "$1: client $i completed with"
			expect_eq "$(sha </tmp/fc.$i)" "$(sha <$R/old)" \
				"$1: client $i's complete body is not the old file's"
			what=whole
		else
			[ "$rc" = 18 ] || [ "$rc" = 56 ] ||
				fail "$1: client $i: curl exit $rc"
			[ "$n" -lt "$(wc -c <$R/old)" ] ||
				fail "$1: client $i: curl exit $rc with all $n bytes"
			what=short@$n/$rc
		fi
		case " $2 " in
		*" ${what%@*} "*) ;;
		*) fail "$1: client $i got $what, allowed: $2" ;;
		esac
		seen="$seen $what"
		i=$((i + 1))
	done
	echo "-- $1:$seen"
}

# during WHAT ALLOWED CHANGE: big.bin afresh, a client streaming it, and
# CHANGE once the client has its first bytes; judged, or tried again (up to
# three times) if the client was too near the end for the change to count
during() {
	log "$1 while sent"
	a=0
	while :; do
		cp $R/base $D/big.tmp
		mv $D/big.tmp $D/big.bin
		cp $R/new $D/big.new
		start
		$3
		[ "$pos0" -ge $((SIZE - 500000)) ] || break
		wait
		a=$((a + 1))
		[ $a -lt 3 ] || fail "$1: the client was always too far when it changed"
		log "$1: the change came too late, again"
	done
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
