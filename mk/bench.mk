# bench.mk - `make bench`: pxelab's services against the real peers (reports/bench/)
#
#   make bench         pxelab's DHCP, TFTP, iSCSI and HTTP against dnsmasq, Kea, tftpd-hpa,
#                      tgt and nginx, and a 1000-client storm against dnsmasq + tgt,
#                      as ratios, into reports/bench/
#   make bench-http    only the HTTP part (pxelab serve http against nginx, wrk)
#   make bench-storm   only the storm part (root: namespaces)
.PHONY: bench bench-http bench-storm
bench: pxelab
	@harness/bench/run-bench

bench-http: pxelab
	@harness/bench/run-bench http

bench-storm: pxelab
	@harness/bench/run-bench storm
