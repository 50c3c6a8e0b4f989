# bench.mk - `make bench`: pxelab's services against the real peers (reports/bench/)
.PHONY: bench
bench: pxelab
	@harness/bench/run-bench
