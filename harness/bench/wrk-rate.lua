-- wrk-rate.lua - make bench (HTTP): print "RATE bytes microseconds requests" when wrk ends
-- Defines no response() on purpose: with one, wrk hands every body to Lua as a string
-- (64 MiB each for the big file), and the client, not the server, would be measured.
function done(summary, latency, requests)
	io.write(string.format("RATE %d %d %d\n", summary.bytes, summary.duration, summary.requests))
end
