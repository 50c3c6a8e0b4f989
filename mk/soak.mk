# soak.mk - the fault-injection soak (included by the Makefile)
#
#   make soak [SOAK_SEEDS=20] [SOAK_FIRST=1] [SOAK_JOBS=1] [SOAK_SCENARIO=scenarios/pxe-to-ipxe-lossy.scn]
#       run the lossy scenario once per seed (`pxelab run --set seed=N`),
#       then print and write reports/soak/summary.txt and soak.json: the
#       pass count and the spread (min, median, mean, max, stdev) of the run
#       time and of each stage.  Fails unless every seed passed.
# `make test` runs two seeds: the scenario itself (seed 1, in the scenario
# phase) and seed 2 (harness/tests/integration/lossy-seed).

SOAK_SEEDS    ?= 20
SOAK_FIRST    ?= 1
SOAK_JOBS     ?= 1
SOAK_SCENARIO ?= scenarios/pxe-to-ipxe-lossy.scn

.PHONY: soak

soak: pxelab vm-images
	@rm -rf reports/soak
	@harness/tests/soak --seeds $(SOAK_SEEDS) --first $(SOAK_FIRST) --jobs $(SOAK_JOBS) \
		--reports reports/soak $(SOAK_SCENARIO)
