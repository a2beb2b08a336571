# The browser test's guest half: tests/browser/run installs it as
# /scenarios/browser.sh with the page in /browser.  It serves the page
# (index.html, a stylesheet, an image) from the docroot until the host asks
# for /done, a directory, whose answer is a 301: the guest waits for
# responses_3xx to move, then checks what was served.
D=/var/www/khttpd
mkdir -p $D/done
cp /browser/* $D/
load docroot=$D
echo "BROWSER-READY"
i=0
while [ "$(proc responses_3xx)" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 3000 ] || fail "the host never asked for /done"
	sleep 0.1
done
grep -E '^(requests_get|responses_[2-5]xx|static_cache_(hits|misses)) ' /proc/khttpd
# the readiness probe, the page, its stylesheet, its image, /done
[ "$(proc requests_get)" -ge 5 ] || fail "fewer GETs than page, stylesheet and image"
[ "$(proc responses_5xx)" = 0 ] || fail "5xx answers"
unload
