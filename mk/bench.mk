# bench.mk - `make bench`: pxelab's services against the real peers (reports/bench/)
#
#   make bench         pxelab's DHCP, TFTP and iSCSI against dnsmasq, Kea, tftpd-hpa
#                      and tgt, as ratios, into reports/bench/
.PHONY: bench
bench: pxelab
	@harness/bench/run-bench
