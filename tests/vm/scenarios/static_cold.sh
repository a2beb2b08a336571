# Static files that are really not cached: the docroot is an ext2 image
# (busybox mke2fs, mounted with the ext4 driver) on a loop device, and
# drop_caches evicts its dentries, inodes and pages (it cannot evict tmpfs,
# the other scenarios' docroot).  Cold lookups, cold pages of a streamed
# file, a cold cache fill and a cold listing go to khttpd_blocking
# (static_offloaded counts them) and come back byte-exact; hot files do not;
# clients that leave while their reads are queued, and rmmod with reads
# queued, leave a clean kernel log.
for m in crc32c_generic crc16 mbcache jbd2 ext4 loop; do
	[ -e /sys/module/$m ] || insmod /lib/modules/$m.ko || fail "insmod $m"
done
taint0=$(cat /proc/sys/kernel/tainted)
D=/var/www/khttpd
dd if=/dev/zero of=/tmp/cold.img bs=1M count=48 2>/dev/null
i=0
while [ ! -b /dev/loop0 ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "no /dev/loop0"
	sleep 0.1
done
losetup /dev/loop0 /tmp/cold.img
mke2fs -q /dev/loop0 >/dev/null
mkdir -p $D
mount -t ext4 -o noatime /dev/loop0 $D
chmod 0755 $D
mkdir -p $D/a/b/c $D/many
head -c 1024 /dev/urandom >$D/hot.bin
head -c 20000 /dev/urandom >$D/a/b/c/deep.bin
head -c 3000000 /dev/urandom >$D/big.bin
i=0
while [ $i -lt 300 ]; do
	head -c $((i * 100 + 1)) /dev/urandom >$D/many/f$i.bin
	i=$((i + 1))
done
chmod -R a+rX $D
sync

sha() {
	sha256sum | cut -d' ' -f1
}
same() {	# same PATH: the body is the file's
	got=$(curl -sS --max-time $(bound 60) "$URL$1" | sha)
	expect_eq "$got" "$(sha <"$D$1")" "body of $1"
}
delta() {	# delta BEFORE: growth of static_offloaded
	echo $(( $(proc static_offloaded) - $1 ))
}
cold() {
	echo 3 >/proc/sys/vm/drop_caches
}

load docroot=$D listing=1
log "hot"
same /hot.bin
o0=$(proc static_offloaded)
same /hot.bin
same /hot.bin
expect_eq "$(delta $o0)" 0 "a hot file is not handed off"

log "cold lookup, fill, pages, listing"
for f in /a/b/c/deep.bin /big.bin /many/f7.bin; do
	sha <$D$f >/dev/null	# read before the caches go, to compare
done
echo 0 >$PARAMS/file_cache_bytes	# the cache would hold pages
echo 33554432 >$PARAMS/file_cache_bytes
cold
o0=$(proc static_offloaded)
same /a/b/c/deep.bin
[ "$(delta $o0)" -ge 1 ] || fail "a cold lookup and fill were not handed off"
o0=$(proc static_offloaded)
same /a/b/c/deep.bin
expect_eq "$(delta $o0)" 0 "the same file, now hot"
cold
o0=$(proc static_offloaded)
same /big.bin
[ "$(delta $o0)" -ge 2 ] || fail "cold pages of a streamed file were not read by a worker"
cold
o0=$(proc static_offloaded)
n=$(curl -sS --max-time $(bound 60) $URL/many/ | grep -c 'href="f')
expect_eq "$n" 300 "a cold listing"
[ "$(delta $o0)" -ge 1 ] || fail "the cold listing was not handed off"
same /many/f299.bin

fetch_cold() {	# fetch_cold FIRST END SECONDS: the cold files FIRST..END-1
	cold
	i=$1
	while [ $i -lt $2 ]; do
		curl -s --max-time $3 $URL/many/f$i.bin -o /dev/null &
		i=$((i + 1))
	done
	curl -s --max-time $3 $URL/big.bin -o /dev/null &
}

log "clients leaving with reads queued"
fetch_cold 0 40 0.05
wait || true
same /many/f3.bin
same /big.bin

log "rmmod with reads queued"
fetch_cold 100 160 30
curl -s --max-time 30 $URL/many/ -o /dev/null &
unload
wait || true
kernel_log_clean "$taint0" || fail "the kernel log shows a problem"
umount $D
losetup -d /dev/loop0
