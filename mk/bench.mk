# bench.mk - `make bench`: pxelab's services against the real peers (reports/bench/)
#
#   make bench         pxelab's DHCP, TFTP, iSCSI and HTTP against dnsmasq, Kea, tftpd-hpa,
#                      tgt and nginx, and a 1000-client storm against dnsmasq + tgt,
#                      as ratios, into reports/bench/
#   make bench-http    only the HTTP part (pxelab serve http against nginx, wrk)
#   make bench-storm   only the storm part (root: namespaces)
#   make $(BUILD)/bench/tftp-load   the TFTP load client run-bench drives (built by make bench)
.PHONY: bench bench-http bench-storm
bench: pxelab $(BUILD)/bench/tftp-load
	@TFTP_LOAD=$(BUILD)/bench/tftp-load harness/bench/run-bench

bench-http: pxelab
	@harness/bench/run-bench http

bench-storm: pxelab
	@harness/bench/run-bench storm

# the TFTP load client (harness/bench/tftp_load.c): run-bench's tftp part
# drives pxelab and tftpd-hpa with it; it parses with libpxelab's TFTP codec
$(BUILD)/bench/tftp-load: harness/bench/tftp_load.c $(LIB)
	@mkdir -p $(dir $@)
	$(COMPILE) $(LDFLAGS) -o $@ $< $(LIB) $(PXL_LDLIBS) $(LDLIBS)

# integration check bench-tftp-load runs it
test: $(BUILD)/bench/tftp-load
