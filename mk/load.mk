# load.mk - the suite on a busy machine (included by the Makefile)
#
#   make test-under-load [LOAD_RUNS=3] [LOAD_CPUS=2]
#       keeps LOAD_CPUS cores busy with stress-ng (package stress-ng) and runs
#       `make test` LOAD_RUNS times in a row under it; fails at the first run
#       that fails.  Each run's output is in reports/load/run-N.log.  The
#       stress-ng process is started here and killed by its PID when the runs
#       end, pass or fail, and on Ctrl-C.

LOAD_RUNS ?= 3
LOAD_CPUS ?= 2

.PHONY: test-under-load

test-under-load: pxelab vm-images
	@harness/tests/under-load $(LOAD_RUNS) $(LOAD_CPUS)
