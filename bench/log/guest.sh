# bench/log's guest half: bench/log/run installs it as /scenarios/logbench.sh
# and /init sources it (busybox sh, "set -e", tests/vm/lib.sh loaded).
#
# What the access log costs, in one boot: khttpd with log=0, khttpd with
# log=1 and khttpd-logd writing /tmp/access.log (tmpfs), nginx without and
# with its access log (/tmp, combined), each under keep-alive (wrk, 2
# threads, c=32) and connection per request (htstress, c=32), in rounds.
# One line per run:
#   LOG server=S mode=M round=R rps X lines N dropped D
DUR=${bench_dur:-3}
ROUNDS=${bench_rounds:-3}

wrk_rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }
hts_rps() { sed -n 's/.*"requests_per_s":\([0-9.]*\).*/\1/p' "$1"; }

insmod /khttpd.ko || fail "insmod"
wait_listen 8081
mkdir -p /var/log/nginx /var/lib/nginx /tmp/nginx
nginx -c /etc/nginx-log.conf -e /tmp/nginx.err || fail "nginx"
wait_listen 8083
khttpd-logd -o /tmp/access.log &
logd=$!
for port in 8081 8082 8083; do
	expect_eq "$(curl -sS --max-time 5 http://127.0.0.1:$port/)" \
		"khttpd: in-kernel HTTP/1.1 server" "body on $port"
	wrk -d 1s -t 1 -c 32 http://127.0.0.1:$port/ >/dev/null	# TCG warm-up
done
log "logbench: ${DUR}s per run, $ROUNDS rounds, $(nproc) CPUs"
r=1
while [ $r -le "$ROUNDS" ]; do
	for srv in khttpd khttpd+log nginx nginx+log; do
		case $srv in
		khttpd) port=8081; echo 0 >$PARAMS/log ;;
		khttpd+log) port=8081; echo 1 >$PARAMS/log ;;
		nginx) port=8082 ;;
		nginx+log) port=8083 ;;
		esac
		for mode in keepalive close; do
			: >/tmp/access.log
			: >/tmp/nginx-access.log	# both append (O_APPEND)
			d0=$(proc log_dropped)
			if [ $mode = keepalive ]; then
				wrk -d "${DUR}s" -t 2 -c 32 http://127.0.0.1:$port/ >/tmp/out
				rps=$(wrk_rps /tmp/out)
			else
				htstress -d "$DUR" -c 32 -t 2 --json http://127.0.0.1:$port/ >/tmp/out
				rps=$(hts_rps /tmp/out)
			fi
			sleep 1
			lines=$(( $(wc -l </tmp/access.log) + $(wc -l </tmp/nginx-access.log) ))
			echo "LOG server=$srv mode=$mode round=$r rps $rps lines $lines dropped $(( $(proc log_dropped) - d0 ))"
		done
	done
	r=$((r + 1))
done
kill -TERM $logd
wait $logd || :
kill "$(cat /tmp/nginx.pid)"
rmmod khttpd
