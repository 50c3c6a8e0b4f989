# bench.mk - `make bench`: pxelab's services against the real peers (reports/bench/)
#
#   make bench         pxelab's DHCP, TFTP, iSCSI and HTTP against dnsmasq, Kea, tftpd-hpa,
#                      tgt and nginx, as ratios, into reports/bench/
#   make bench-http    only the HTTP part (pxelab serve http against nginx, wrk)
.PHONY: bench bench-http
bench: pxelab
	@harness/bench/run-bench

bench-http: pxelab
	@harness/bench/run-bench http
