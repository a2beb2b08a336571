# The browser test's guest half: tests/browser/run installs it as
# /scenarios/browser.sh with the page in /browser.  It serves the page
# (index.html, a stylesheet, an image) from the docroot until the host asks
# for /done, a directory, whose answer is a 301: the guest waits for
# responses_3xx to move, then checks what was served.  With listing=1 it
# also lists /names/, whose files links.html fetches through the listing's
# links.
D=/var/www/khttpd
mkdir -p $D/done $D/names
cp /browser/* $D/
printf 'cafe\n' >"$D/names/café.txt"
printf 'nihon\n' >"$D/names/日本.txt"
printf 'space\n' >"$D/names/a b%c.txt"
load docroot=$D listing=1
echo "BROWSER-READY"
i=0
while [ "$(proc responses_3xx)" = 0 ]; do
	i=$((i + 1))
	[ $i -lt 3000 ] || fail "the host never asked for /done"
	sleep 0.1
done
grep -E '^(requests_get|responses_[2-5]xx|static_cache_(hits|misses)) ' /proc/khttpd
# the readiness probe, the page, its stylesheet, its image, links.html,
# the listing, its three files, /done
[ "$(proc requests_get)" -ge 10 ] || fail "fewer GETs than the two pages and what they load"
[ "$(proc responses_5xx)" = 0 ] || fail "5xx answers"
unload
