# Disk errors and slow disks under the docroot (issue 22, item 2).  The
# docroot is an ext2 image (busybox mke2fs, mounted read-only with the ext4
# driver) on a loop device seen through device-mapper: the device's table is
# swapped live between "linear" (healthy), "error" (every read fails) and,
# where the kernel has dm-delay, "delay" (every read waits).  The page cache
# is dropped before each fault, so the reads really go to the device.
#   failing data   a small cold file (the cache path): 500 before the head;
#                  a large one: the head, then a close before Content-Length
#                  (with part of it in memory: exactly those bytes first);
#                  never a byte that is not the file's, never a worker
#                  stuck: everything not on the disk is answered meanwhile
#   failing lookup the inodes dropped as well: 500
#   healed         the same files, byte-exact, cached and streamed
#   slow           cold files wait for the disk while a cached file is
#                  answered at once; rmmod with delayed reads queued
for m in crc32c_generic crc16 mbcache jbd2 ext4 loop dm-mod dm-delay; do
	[ -e "/sys/module/$(echo $m | tr - _)" ] || [ ! -e /lib/modules/$m.ko ] ||
		insmod /lib/modules/$m.ko || fail "insmod $m"
done
export DM_DISABLE_UDEV=1
D=/var/www/khttpd
R=/tmp/ref
dd if=/dev/zero of=/tmp/disk.img bs=1M count=32 2>/dev/null
i=0
while [ ! -b /dev/loop0 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no /dev/loop0"
	sleep 0.1
done
# the first free loop device: one left attached by an earlier scenario of
# this boot that failed does not stand in the way
LOOP=$(losetup -f)
losetup $LOOP /tmp/disk.img
mke2fs -q $LOOP >/dev/null
mkdir -p $D $R
mount -t ext4 $LOOP $D
head -c 2000000 /dev/urandom >$D/big.bin
head -c 1000 /dev/urandom >$D/hot.bin
i=0
while [ $i -lt 8 ]; do
	head -c 20000 /dev/urandom >$D/s$i.bin
	i=$((i + 1))
done
chmod -R a+rX $D
cp $D/*.bin $R/
umount $D
SECTORS=$(cat /sys/block/${LOOP#/dev/}/size)
LINEAR="0 $SECTORS linear $LOOP 0"
dmsetup remove kd 2>/dev/null || true	# left by a failed run
dmsetup create kd --table "$LINEAR" || fail "dmsetup create"
mount -t ext4 -o ro,noatime /dev/mapper/kd $D

# table TABLE: swap the device's table (reads in flight finish first)
table() {
	dmsetup suspend --nolockfs kd && dmsetup load kd --table "$1" &&
		dmsetup resume kd || fail "dmsetup: $1"
}
# drop [3]: the page cache (3: dentries and inodes too), and khttpd's
# file cache, so that the next reads go to the device
drop() {
	echo "${1:-1}" >/proc/sys/vm/drop_caches
	c=$(cat $PARAMS/file_cache_bytes)
	echo 0 >$PARAMS/file_cache_bytes
	echo "$c" >$PARAMS/file_cache_bytes
}
sha() {
	sha256sum | cut -d' ' -f1
}
same() {	# same NAME: GET /NAME is the file's, byte for byte
	got=$(curl -sS --max-time $(bound 30) "$URL/$1" | sha)
	expect_eq "$got" "$(sha <$R/$1)" "body of /$1"
}
# get NAME: GET /NAME into /tmp/got.$tag (tag: one per concurrent client);
# sets rc (curl's exit), code, n (bytes)
tag=0
get() {
	rc=0
	out=$(curl -s -o /tmp/got.$tag -w '%{http_code} %{size_download}' \
		--max-time $(bound 30) "$URL/$1") || rc=$?
	code=${out% *} n=${out#* }
}
# faulty NAME: what a client may see of /NAME while reads fail: a 500
# (before the head), or a 200 whose body stops short of its length and is
# the file's first bytes (then the connection closed), or the whole file
# (its pages were in memory).  Sets seen to 500, whole or closed@BYTES.
faulty() {
	get "$1"
	[ "$rc" != 28 ] || fail "/$1: no answer within $(bound 30) s: a hung worker?"
	if [ "$code" = 500 ]; then
		[ "$rc" = 0 ] || fail "/$1: 500 then curl exit $rc"
		seen=500
	elif [ "$code" = 200 ] && [ "$rc" = 0 ]; then
		expect_eq "$(sha </tmp/got.$tag)" "$(sha <$R/$1)" "whole body of /$1 in a fault"
		seen=whole
	elif [ "$code" = 200 ]; then
		[ "$n" -lt "$(wc -c <$R/$1)" ] || fail "/$1: curl exit $rc with the whole length"
		[ "$n" = 0 ] || head -c "$n" $R/$1 | cmp -s - /tmp/got.$tag ||
			fail "/$1: the $n bytes before the close are not the file's"
		seen=closed@$n
	else
		fail "/$1: status '$code', curl exit $rc during a disk fault"
	fi
}

load docroot=$D
log "healthy"
same s0.bin
same big.bin
same hot.bin
same hot.bin	# now in khttpd's file cache

log "reads fail"
drop
same hot.bin
# big.bin's first 512 KiB in memory, the rest only on the failing disk
head -c 524288 $D/big.bin >/dev/null
table "0 $SECTORS error"
faulty s1.bin
expect_eq "$seen" 500 "a small cold file whose read fails"
faulty big.bin
case $seen in
closed@*) [ "${seen#closed@}" -ge 524288 ] ||
	fail "big.bin: closed after ${seen#closed@} bytes, before what was in memory" ;;
*) fail "big.bin, its tail unreadable: $seen" ;;
esac
echo "-- big.bin with a failing tail: $seen"
# many at once, and a keep-alive client asking again after a failure
pids=
for f in s2.bin s3.bin big.bin s2.bin big.bin s4.bin; do
	tag=$((tag + 1))
	(
		faulty $f
		echo "-- concurrent $f: $seen"
	) &
	pids="$pids $!"
done
codes=$(curl -s -w '%{http_code} ' --max-time $(bound 30) \
	-o /dev/null $URL/s5.bin -o /dev/null $URL/hot.bin \
	-o /dev/null $URL/s5.bin) || true
expect_eq "$codes" "500 200 500 " "one keep-alive client: fail, cached file, fail"
for p in $pids; do
	wait "$p" || fail "a concurrent client during the fault"
done
same hot.bin	# what needs no disk is still answered
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 10) $URL/fib/100)
expect_eq "$code" 200 "/fib while the disk fails"
log "lookups fail"
drop 3
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time $(bound 30) $URL/s6.bin)
expect_eq "$code" 500 "a file whose inode cannot be read"

log "healed"
table "$LINEAR"
drop 3
for f in s1.bin s6.bin big.bin big.bin hot.bin; do
	same $f
done
i=0
while [ "$(proc connections_now)" != 0 ]; do	# none left behind
	i=$((i + 1))
	[ $i -lt $(bound 50) ] || fail "$(proc connections_now) connections still open"
	sleep 0.1
done

if dmsetup targets | grep -q '^delay'; then
	DELAY=1000
	log "slow: reads wait $DELAY ms"
	drop
	same hot.bin
	same hot.bin
	table "0 $SECTORS delay $LOOP 0 $DELAY"
	t0=$(now_ms)
	i=0
	for f in big.bin s7.bin big.bin; do
		i=$((i + 1))
		curl -sS --max-time $(bound 60) -o /tmp/slow.$i $URL/$f &
	done
	sleep 0.2
	# the cached file meanwhile: curl's own time for each request, so
	# that the time to start curl and hash is not counted
	hot=0
	i=0
	while [ $i -lt 10 ]; do
		ms=$(curl -sS -o /dev/null -w '%{time_total}' --max-time $(bound 10) \
			$URL/hot.bin | awk '{ printf "%d", $1 * 1000 }')
		[ "$ms" -le "$hot" ] || hot=$ms
		i=$((i + 1))
	done
	wait
	cold=$(($(now_ms) - t0))
	i=0
	for f in big.bin s7.bin big.bin; do
		i=$((i + 1))
		expect_eq "$(sha </tmp/slow.$i)" "$(sha <$R/$f)" "slow /$f"
	done
	echo "-- slow disk: the slowest of 10 cached fetches took $hot ms beside cold ones that took $cold ms"
	[ "$cold" -ge "$DELAY" ] || fail "cold reads took $cold ms: is dm-delay in the way?"
	[ "$hot" -lt "$DELAY" ] || fail "a cached fetch waited for the slow disk: $hot ms"
	log "rmmod with delayed reads queued"
	drop
	for f in big.bin s0.bin s1.bin s2.bin big.bin; do
		curl -s --max-time $(bound 30) $URL/$f -o /dev/null &
	done
	sleep 0.5
	unload
	wait || true
	table "$LINEAR"
else
	log "no dm-delay target in this kernel: the slow disk is not tried"
	unload
fi
umount $D
dmsetup remove kd
losetup -d $LOOP
