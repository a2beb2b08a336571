# Host-side helpers for the notebook's benches (bench/tiny, bench/loadgen,
# bench/journey), sourced by their run scripts (bash, set -euo pipefail,
# $top the repository).  Each bench boots ONE guest with tests/vm/run, whose
# scenario is the bench's guest.sh, so that every ratio comes from one boot.
kver=${KVER:-$("$top/scripts/kver")}

# bench_module DEST: this tree's module/ copied to DEST and built there
bench_module() {
	rm -rf "$1"
	"$top/scripts/copy-module" "$1"
	make -C "/lib/modules/$kver/build" M="$1" modules >"$1/build.log" 2>&1 ||
		{ tail -n 20 "$1/build.log" >&2; return 1; }
}

# bench_tools DIR C_FILE...: the test tools (htstress, httpraw) and each
# C_FILE built static into DIR
bench_tools() {
	local d=$1 c
	shift
	make -C "$top" vm-tools >/dev/null
	rm -rf "$d"
	mkdir -p "$d"
	cp "$top/build/vm/tools/htstress" "$top/build/vm/tools/httpraw" "$d/"
	for c in "$@"; do
		gcc -O2 -Wall -Wextra -static -o "$d/$(basename "$c" .c)" "$c"
	done
}

# bench_initramfs OUT KO TOOLDIR OVERLAY BINARY...: the test initramfs with
# KO and the dynamic BINARYs, then the tree OVERLAY (the kernel unpacks
# concatenated cpio archives one after the other)
bench_initramfs() {
	local out=$1 ko=$2 tools=$3 ov=$4
	shift 4
	"$top/tests/vm/mkinitramfs" "$out.base" "$kver" "$ko" "$tools" "$@"
	(cd "$ov" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.overlay"
	cat "$out.base" "$out.overlay" >"$out"
	rm -f "$out.base" "$out.overlay"
}

# bench_boot INITRAMFS LOGDIR SCENARIO TIMEOUT APPEND: one boot; the lines
# the guest marks with "-- " are shown; fails unless the scenario passed.
# tsc=reliable: the TSC as clocksource, not the emulated HPET whose every
# read traps (bench/run says why that matters)
bench_boot() {
	"$top/tests/vm/run" --initrd "$1" --timeout "$4" --logdir "$2" \
		--append "tsc=reliable $5" "$3" |
		grep --line-buffered -E "^\[$3\] (-- |FAIL|khttpd-vm)|^(PASS|FAIL|vm):" || true
	grep -q "^KHTTPD-VM-RESULT: PASS $3\$" "$2/$3.log" || {
		echo "$3: the guest did not finish cleanly: see $2/$3.log" >&2
		return 1
	}
}
