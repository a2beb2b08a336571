-- wrk script for bench/cold: each request asks for another file of the
-- benchmark's docroot, and done() prints one line the guest script parses.
--   wrk -t T ... -s paths.lua URL -- hot N T    /hot/0.bin .. /hot/(N-1).bin
--   wrk -t T ... -s paths.lua URL -- cold N T   /cold/DD/NNNNN.bin
-- Thread t of T asks for files t, t+T, t+2T, ... (modulo N): in cold mode no
-- file is asked for twice until all N were, so every cold request is for a
-- file nobody read since the caches were dropped.
local next_tid = 0

function setup(thread)
	thread:set("tid", next_tid)
	next_tid = next_tid + 1
end

function init(args)
	mode, count, stride = args[1], tonumber(args[2]), tonumber(args[3])
	i = tid
end

function request()
	local n, path = i % count
	if mode == "cold" then
		path = string.format("/cold/%02d/%05d.bin", math.floor(n / 500), n)
	else
		path = string.format("/hot/%d.bin", n)
	end
	i = i + stride
	return wrk.format("GET", path)
end

-- latencies in microseconds; errors: connect, read, write and timeout;
-- status: responses other than 2xx and 3xx
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("WRK requests=%d duration_us=%d p50=%d p90=%d p99=%d max=%d errors=%d status=%d\n",
		summary.requests, summary.duration, latency:percentile(50),
		latency:percentile(90), latency:percentile(99), latency.max,
		e.connect + e.read + e.write + e.timeout, e.status))
end
