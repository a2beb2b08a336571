#!/bin/sh
# Builds the libFuzzer target for the HTTP parser and path normaliser with
# ASan and UBSan and runs it for SECONDS (default 60), seeded from
# tests/fuzz/corpus/.  Exits non-zero if the build fails or the fuzzer
# finds a crash, a leak or a broken invariant (the reproducer is then
# $KHTTPD_FUZZ_DIR/crash-*; replay it with: $KHTTPD_FUZZ_DIR/http_fuzz FILE).
#
#   tests/fuzz/run.sh [SECONDS]
# Environment: KHTTPD_FUZZ_DIR (work dir, default /tmp/khttpd-fuzz),
# KHTTPD_FUZZ_JOBS (parallel workers, default 1), CC, CXX.
set -eu

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${KHTTPD_FUZZ_DIR:-/tmp/khttpd-fuzz}
jobs=${KHTTPD_FUZZ_JOBS:-1}
CC=${CC:-clang}
CXX=${CXX:-clang++}
san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer -I$root/module/lib/http -I$root/tests/unit/http"

mkdir -p "$work/obj" "$work/corpus"
for f in http_parser http_path; do
	$CC $cflags $san -std=gnu11 -Wall -Wextra -Werror \
		-c "$root/module/lib/http/$f.c" -o "$work/obj/$f.o"
done
$CXX $cflags $san -std=c++17 -c "$root/tests/unit/http/harness.cc" \
	-o "$work/obj/harness.o"
$CXX $cflags $san -std=c++17 "$here/http_fuzz.cc" "$work/obj/harness.o" \
	"$work/obj/http_parser.o" "$work/obj/http_path.o" -o "$work/http_fuzz"

parallel=
if [ "$jobs" -gt 1 ]; then
	parallel="-jobs=$jobs -workers=$jobs"
fi
# New inputs go to $work/corpus; the seeds in the tree are only read.
set +e
"$work/http_fuzz" -max_total_time="$secs" -max_len=4096 -timeout=10 \
	-rss_limit_mb=2048 -dict="$here/http.dict" -print_final_stats=1 \
	-artifact_prefix="$work/" $parallel "$work/corpus" "$here/corpus"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
	echo "run.sh: fuzzer failed (exit $rc); reproducers:" >&2
	ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null >&2 || true
	exit 1
fi
echo "run.sh: no findings in ${secs}s"
