#!/bin/sh
# Builds the libFuzzer targets with ASan and UBSan and runs them for SECONDS
# in all (default 60), each seeded from its corpus in tests/fuzz/:
#   http  the HTTP parser and path normaliser (http_fuzz.cc, corpus/,
#         http.dict), two thirds of the time when both run;
#   cond  the conditional and range logic of static files (cond_fuzz.cc,
#         corpus-cond/, cond.dict), one third.
# Exits non-zero if a build fails or a fuzzer finds a crash, a leak or a
# broken invariant (the reproducer is then $KHTTPD_FUZZ_DIR/TARGET/crash-*;
# replay it with: $KHTTPD_FUZZ_DIR/TARGET_fuzz FILE).
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]     TARGET: http, cond (default both)
# Environment: KHTTPD_FUZZ_DIR (work dir, default /tmp/khttpd-fuzz),
# KHTTPD_FUZZ_JOBS (parallel workers, default 1), CC, CXX.
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-http cond}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${KHTTPD_FUZZ_DIR:-/tmp/khttpd-fuzz}
jobs=${KHTTPD_FUZZ_JOBS:-1}
CC=${CC:-clang}
CXX=${CXX:-clang++}
san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer -I$root/module/lib/http -I$root/module/lib/static -I$root/tests/unit/http"

cc_module() {	# cc_module DIR/NAME...: module/lib/DIR/NAME.c into $work/obj/NAME.o
	for f; do
		$CC $cflags $san -std=gnu11 -Wall -Wextra -Werror \
			-c "$root/module/lib/$f.c" -o "$work/obj/${f##*/}.o"
	done
}

build_http() {
	cc_module http/http_parser http/http_body http/http_path
	$CXX $cflags $san -std=c++17 -c "$root/tests/unit/http/harness.cc" \
		-o "$work/obj/harness.o"
	$CXX $cflags $san -std=c++17 "$here/http_fuzz.cc" "$work/obj/harness.o" \
		"$work/obj/http_parser.o" "$work/obj/http_body.o" \
		"$work/obj/http_path.o" -o "$work/http_fuzz"
}

build_cond() {
	cc_module static/static_cond
	$CXX $cflags $san -std=c++17 -Wall -Wextra -Werror "$here/cond_fuzz.cc" \
		"$work/obj/static_cond.o" -o "$work/cond_fuzz"
}

# conf TARGET: its seeds, dictionary, longest input and share of the time
conf() {
	case $1 in
	http) seeds=$here/corpus dict=$here/http.dict max_len=4096 share=2 ;;
	cond) seeds=$here/corpus-cond dict=$here/cond.dict max_len=256 share=1 ;;
	*) echo "run.sh: unknown target $1 (http, cond)" >&2; exit 2 ;;
	esac
}

fuzz() {	# fuzz TARGET SECONDS
	conf "$1"
	mkdir -p "$work/$1/corpus"
	# New inputs go to $work/TARGET/corpus; the seeds in the tree are only read.
	set +e
	"$work/$1_fuzz" -max_total_time="$2" -max_len="$max_len" -timeout=10 \
		-rss_limit_mb=2048 -dict="$dict" -print_final_stats=1 \
		-artifact_prefix="$work/$1/" $parallel "$work/$1/corpus" "$seeds"
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		echo "run.sh: $1 fuzzer failed (exit $rc); reproducers:" >&2
		ls "$work/$1"/crash-* "$work/$1"/leak-* "$work/$1"/timeout-* 2>/dev/null >&2 || true
		exit 1
	fi
	echo "run.sh: $1: no findings in ${2}s"
}

parallel=
if [ "$jobs" -gt 1 ]; then
	parallel="-jobs=$jobs -workers=$jobs"
fi
mkdir -p "$work/obj"
total=0
for t in $targets; do
	conf "$t"
	total=$((total + share))
	"build_$t"
done
left=$secs
for t in $targets; do
	conf "$t"
	s=$((secs * share / total))
	[ "$t" != "${targets##* }" ] || s=$left	# the last: what rounding left
	left=$((left - s))
	fuzz "$t" "$s"
done
