# compare.mk - `make compare-dhcp`: one scenario against pxelab's DHCP server, dnsmasq, Kea,
# ISC dhcpd, busybox udhcpd and libslirp's DHCP (pxelab compare, docs/compare.md)
#
#   make compare-dhcp                                   the six servers on pxe-to-ipxe, 2 runs each
#   make compare-dhcp COMPARE_RUNS=3 COMPARE_ARGS='--tftp tftpd-hpa --iscsi tgt'
#
# Results: a table on the terminal, reports/compare/<id>/compare.md and junit.xml.

COMPARE_SERVERS  ?= builtin,dnsmasq,kea,isc-dhcpd,udhcpd,slirp
COMPARE_RUNS     ?= 2
COMPARE_SCENARIO ?= scenarios/pxe-to-ipxe.scn
COMPARE_ARGS     ?=

.PHONY: compare-dhcp

compare-dhcp: pxelab vm-images
	./pxelab compare --dhcp $(COMPARE_SERVERS) --runs $(COMPARE_RUNS) $(COMPARE_ARGS) $(COMPARE_SCENARIO)
