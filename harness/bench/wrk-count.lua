-- wrk-count.lua - make bench (HTTP): N requests on one connection, then the elapsed time into OUT; ends wrk
-- usage: wrk -t1 -c1 -d120s -s wrk-count.lua URL -- N OUT [range SIZE]  (random 4 KiB ranges of a SIZE-byte file)
-- wrk runs for its -d whatever the script says; timing N requests in the script and ending wrk
-- (SIGTERM to its pid, the parent of os.execute's shell) gives the time of exactly N.
local n, out, done, size, range, t0 = 0, nil, 0, 0, false, nil
local function now()
	local p = io.popen("date +%s.%N")
	local t = tonumber(p:read("*l"))
	p:close()
	return t
end
function init(args)
	n, out = tonumber(args[1]), args[2]
	range = args[3] == "range"
	size = tonumber(args[4] or "0")
	math.randomseed(42)
	t0 = now()
end
function request()
	if range then
		local off = math.random(0, size / 4096 - 1) * 4096
		return wrk.format("GET", nil, { Range = "bytes=" .. off .. "-" .. (off + 4095) })
	end
	return wrk.format("GET")
end
function response(status, headers, body)
	if status ~= 200 and status ~= 206 then
		n = -1
	end
	done = done + 1
	if done == n or n < 0 then
		local f = io.open(out, "w")
		f:write(string.format("%d %d %.6f\n", done, status, now() - t0))
		f:close()
		os.execute("kill -TERM $PPID")
	end
end
