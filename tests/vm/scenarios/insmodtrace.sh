# How "insmod khttpd.ko port=1999" reaches khttpd (docs/notebook.md, part 1):
# function_graph on the kernel's module loader and parameter functions and
# on khttpd's own, during the load, a later sysfs write, a load with an
# unknown parameter and one with an invalid port.  Each trace is printed and
# its call order asserted, so the notebook's answer cannot go stale.
T=/sys/kernel/tracing
[ -w $T/current_tracer ] || fail "no tracefs at $T"
grep -qw function_graph $T/available_tracers || fail "no function_graph tracer"

# the loader (kernel/module/main.c), the parameter code (kernel/params.c),
# and the system call busybox insmod made: init_module or finit_module.
# parse_one() and kernel_param_lock() are inlined into their callers in
# Debian's build, so they have no entry of their own: the module's
# param_lock shows as the mutex_lock() that parse_args() or
# param_attr_store() calls directly (trace_stop keeps only those, and the
# ones khttpd's .set makes).
kfuncs="__x64_sys_init_module __x64_sys_finit_module load_module parse_args
	unknown_module_param_cb do_init_module do_one_initcall
	param_attr_store mutex_lock mutex_unlock"
# khttpd's: the .set of its unsigned tunables (port among them), its init,
# and what opens the listener; cached as ":mod:khttpd" filters that ftrace
# applies when the module comes (prepare_coming_module(), before parse_args)
mfuncs="uint_param_set khttpd_init khttpd_server_start khttpd_server_listen"

# one pass over the ~50,000 names (slow under TCG)
missing=$(awk -v want="$(echo $kfuncs)" '
	BEGIN { n = split(want, w, " "); for (i = 1; i <= n; i++) left[w[i]] = 1 }
	$1 in left { delete left[$1] }
	END { for (f in left) printf " %s", f }' $T/available_filter_functions)
[ -z "$missing" ] || fail "not traceable on this kernel:$missing"

trace_setup() {
	echo nop >$T/current_tracer
	echo >$T/set_ftrace_filter
	for f in $kfuncs; do
		echo "$f" >>$T/set_ftrace_filter
	done
	for f in $mfuncs; do
		# an __init function is gone once its module has loaded
		[ "$f" != khttpd_init ] || [ ! -e /sys/module/khttpd ] || continue
		echo "$f:mod:khttpd" >>$T/set_ftrace_filter
	done
	# only this shell and what it starts (insmod)
	read -r self rest </proc/self/stat
	echo "$self" >$T/set_ftrace_pid
	echo 1 >$T/options/function-fork
	echo function_graph >$T/current_tracer
	echo >$T/trace
	echo 1 >$T/tracing_on
}

# trace_stop FILE WHAT: FILE gets the trace (one task at a time is traced,
# so one call stack, whatever CPU it ran on), mutex_lock/unlock kept only
# where parse_args, param_attr_store or uint_param_set call them, and
# FILE.calls the functions entered in order, one per line, such a mutex
# call as "mutex_lock@CALLER"
trace_stop() {
	echo 0 >$T/tracing_on
	awk '/^#/ { next }
	     {
		if (match($0, /\| *[A-Za-z0-9_][A-Za-z0-9_.]*( \[[a-z_]+\])?\(\)/)) {
			f = substr($0, RSTART, RLENGTH)
			sub(/^\| */, "", f); sub(/ \[.*$/, "", f); sub(/\(\)$/, "", f)
			# a function of a module that is gone by the time the
			# trace is read has no name any more, only its address
			if (f ~ /^0x/)
				f = "unnamed"
			top = stack[depth]
			if (f ~ /^mutex_(un)?lock$/) {
				if (top != "parse_args" && top != "param_attr_store" &&
				    top != "uint_param_set")
					next
				print f "@" top >(calls)
			} else {
				print f >(calls)
			}
			if ($0 ~ /\{ *$/)
				stack[++depth] = f
		} else if ($0 ~ /\| *\}/ && depth > 0) {
			depth--
		}
		print
	     }' calls="$1.calls" $T/trace >"$1"
	echo nop >$T/current_tracer
	echo >$T/set_ftrace_pid
	echo "-- trace of $2:"
	cat "$1"
}

# in_order CALLS FUNC...: each FUNC is entered after the one before it
in_order() {
	calls=$1
	shift
	echo "$*" | tr ' ' '\n' | awk -v calls="$calls" '
		BEGIN { while ((getline f < calls) > 0) seq[++n] = f }
		{ for (i++; i <= n && seq[i] != $0; i++); if (i > n) { print $0; exit 1 } }' \
		>/tmp/missing || fail "call order: no $(cat /tmp/missing) after the calls before it in $*"
}

# absent CALLS FUNC: FUNC was never entered
absent() {
	! grep -qx "$2" "$1" || fail "$2 ran, it should not have"
}

# 1. insmod khttpd.ko port=1999: the loader parses the arguments against
# the module's __param table, calling khttpd's .set under the module's
# kernel_param_lock, before the init function runs; the .set only stores
# the value (the server is not live yet), and the init opens the listener.
trace_setup
insmod /khttpd.ko port=1999 || fail "insmod port=1999"
trace_stop /tmp/load "insmod khttpd.ko port=1999"
expect_eq "$(cat $PARAMS/port)" 1999 "port after load"
wait_listen 1999
grep -qE '^__x64_sys_f?init_module$' /tmp/load.calls || fail "no module system call"
in_order /tmp/load.calls load_module parse_args mutex_lock@parse_args \
	uint_param_set mutex_lock@uint_param_set mutex_unlock@uint_param_set \
	mutex_unlock@parse_args do_init_module do_one_initcall \
	khttpd_init khttpd_server_start khttpd_server_listen
# the listener is opened by the init, never by the .set during the load
awk '/uint_param_set/ { s = 1 } s && /}/ { exit } s && /khttpd_server_listen/ { bad = 1 }
     END { exit bad }' /tmp/load || fail "the load-time .set opened a listener"
absent /tmp/load.calls unknown_module_param_cb
dmesg | grep -q 'khttpd: listening on \*:1999' || fail "no 'listening on *:1999' in the kernel log"

# 2. a write to /sys/module/khttpd/parameters/port: sysfs reaches the same
# .set through param_attr_store(), under the same lock; now it applies live
trace_setup
echo 2000 >$PARAMS/port || fail "writing port=2000"
trace_stop /tmp/write "echo 2000 > $PARAMS/port"
in_order /tmp/write.calls param_attr_store mutex_lock@param_attr_store \
	uint_param_set mutex_lock@uint_param_set khttpd_server_listen \
	mutex_unlock@uint_param_set mutex_unlock@param_attr_store
absent /tmp/write.calls parse_args
wait_listen 2000
unload

# 3. an unknown parameter: parse_one() finds no such name in __param, hands
# it to the loader's unknown_module_param_cb(), which logs and ignores it
trace_setup
insmod /khttpd.ko port=1999 nosuch=1 || fail "insmod with an unknown parameter failed"
trace_stop /tmp/unknown "insmod khttpd.ko port=1999 nosuch=1"
in_order /tmp/unknown.calls parse_args uint_param_set unknown_module_param_cb \
	do_init_module khttpd_init
dmesg | grep -q "khttpd: unknown parameter 'nosuch' ignored" ||
	fail "no 'unknown parameter ignored' in the kernel log"
expect_eq "$(cat $PARAMS/port)" 1999 "port with an unknown parameter beside it"
wait_listen 1999
unload

# 4. an invalid value: khttpd's .set returns -EINVAL, parse_args() fails,
# load_module() unwinds, the init never runs and insmod fails.  The module
# is freed before the trace is read, so its .set shows as an address.
# (busybox insmod then tries again with init_module(), which fails alike.)
trace_setup
err=$( (insmod /khttpd.ko port=0) 2>&1 ) && fail "insmod port=0 loaded"
trace_stop /tmp/invalid "insmod khttpd.ko port=0"
echo "-- insmod said: $err"
in_order /tmp/invalid.calls load_module parse_args mutex_lock@parse_args \
	unnamed mutex_unlock@parse_args
absent /tmp/invalid.calls do_init_module
absent /tmp/invalid.calls khttpd_init
[ ! -e /sys/module/khttpd ] || fail "khttpd is loaded after port=0"
dmesg | grep -q "khttpd: \`0' invalid for parameter \`port'" ||
	fail "no 'invalid for parameter' in the kernel log"

echo >$T/set_ftrace_filter
echo 0 >$T/options/function-fork
