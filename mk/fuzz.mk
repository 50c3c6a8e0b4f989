# fuzz.mk - libFuzzer targets, sanitizer builds and valgrind runs (included by the Makefile)
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_TARGETS="dhcp wire"] [FUZZ_JOBS=2]
#                      build the targets (clang, -fsanitize=fuzzer,address,undefined,
#                      into build-fuzz/) and run each N seconds (default 10) on its
#                      seeds (fixtures/fuzz/<t>/) and working corpus
#                      (reports/fuzz/corpus/<t>/); crashes land in
#                      reports/fuzz/artifacts/<t>/ -> keep them in
#                      fixtures/fuzz-regressions/<t>/ once fixed
#   make fuzz-build    only build them
#   make fuzz-replay   replay every seed and regression input through the targets
#   make fuzz-seeds    regenerate fixtures/fuzz/ from fixtures/captures and fixtures/packets
#   make fuzz-list     print the targets (every harness/fuzz/fuzz_NAME.c but the helpers)
#   make asan          unit tests + scenarios/pxe-to-ipxe.scn + the regression inputs
#                      under ASan+UBSan (build-asan/, its own build-asan/pxelab)
#   make valgrind      unit tests (CK_FORK=no) and the fuzz inputs (replay drivers of the
#                      normal build) under valgrind; any error or leak fails
#
# The sanitizer builds re-enter this Makefile with BUILD=<their folder>, CC
# and CFLAGS=FUZZ_CFLAGS or ASAN_CFLAGS on the command line (the project's
# own flags are in PXL_CFLAGS, added to any CFLAGS), so they share every
# compile rule and never touch build/ or ./pxelab.  A CFLAGS given to the
# outer make does not reach them: set FUZZ_CFLAGS or ASAN_CFLAGS instead.

# every harness/fuzz/fuzz_NAME.c is target NAME, except the shared helpers
# (fuzz_util.c, fuzz_main.c): a new target needs no list edited here
FUZZ_HELPERS := util main
FUZZ_TARGETS ?= $(filter-out $(FUZZ_HELPERS),$(sort $(patsubst harness/fuzz/fuzz_%.c,%,$(wildcard harness/fuzz/fuzz_*.c))))
FUZZ_SECONDS ?= 10
FUZZ_JOBS    ?= 1
FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build-fuzz
ASAN_CC      ?= $(CC)
ASAN_BUILD   ?= build-asan

SAN_FLAGS    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := -O1 -g $(SAN_FLAGS) -fsanitize=fuzzer-no-link \
		-fsanitize-coverage-ignorelist=$(CURDIR)/harness/fuzz/coverage-ignore.txt
ASAN_CFLAGS  := -O1 -g $(SAN_FLAGS)
FUZZ_COMMON  := harness/fuzz/fuzz.h harness/fuzz/fuzz_util.c

.PHONY: fuzz fuzz-build fuzz-replay fuzz-seeds fuzz-list asan asan-build valgrind

# ---- rules used inside the sanitizer builds (BUILD is build-fuzz or build-asan there) ----

# a libFuzzer binary: the target, the shared helpers, libFuzzer's main
$(BUILD)/fuzz/fuzz-%: harness/fuzz/fuzz_%.c $(FUZZ_COMMON) $(LIB)
	@mkdir -p $(dir $@)
	$(COMPILE) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< harness/fuzz/fuzz_util.c $(LIB) $(PXL_LDLIBS) $(LDLIBS)

# a replay binary: the target and helpers with fuzz_main.c instead of libFuzzer (any compiler)
$(BUILD)/fuzz/replay-%: harness/fuzz/fuzz_%.c $(FUZZ_COMMON) harness/fuzz/fuzz_main.c $(LIB)
	@mkdir -p $(dir $@)
	$(COMPILE) $(LDFLAGS) -o $@ $< harness/fuzz/fuzz_util.c harness/fuzz/fuzz_main.c $(LIB) \
		$(PXL_LDLIBS) $(LDLIBS)

# pxelab itself, linked inside the build folder (never ./pxelab)
$(BUILD)/pxelab: $(BUILD)/harness/src/main.o $(LIB)
	$(LINK) -o $@ $^ $(PXL_LDLIBS) $(LDLIBS)

# ---- user-facing targets ----

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: $(FUZZ_CC) not found (make deps installs clang)" >&2; exit 2; }
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) CFLAGS='$(FUZZ_CFLAGS)' \
		$(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz/fuzz-%)

fuzz: fuzz-build
	@harness/fuzz/run-fuzz --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS) --build $(FUZZ_BUILD) $(FUZZ_TARGETS)

fuzz-replay: fuzz-build
	@harness/fuzz/run-fuzz --replay --build $(FUZZ_BUILD) $(FUZZ_TARGETS)

fuzz-seeds:
	@harness/fuzz/make-seeds

fuzz-list:
	@echo $(FUZZ_TARGETS)

asan-build:
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) CC=$(ASAN_CC) CFLAGS='$(ASAN_CFLAGS)' \
		$(ASAN_BUILD)/pxelab $(UNIT_SRCS:harness/tests/unit/%.c=$(ASAN_BUILD)/tests/%) \
		$(FUZZ_TARGETS:%=$(ASAN_BUILD)/fuzz/replay-%)

asan: asan-build vm-images
	@harness/fuzz/run-asan --build $(ASAN_BUILD) $(FUZZ_TARGETS)

valgrind: $(UNIT_BINS) $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)
	@harness/fuzz/run-valgrind $(UNIT_BINS) -- $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)
