# pxelab - network-boot simulation and conformance test harness
#
#   make deps            install the Debian packages (ci/debian-packages.txt)
#   make                 build ./pxelab
#   make check           the quick checks (well under a minute, no QEMU, no disk
#                        images): unit tests (Check), ci/check-layers,
#                        ci/check-kernel-doc, ci/check-seeds
#   make test            unit tests (Check) + integration checks + scenarios
#   make test-scenario NAME    run scenarios/NAME.scn
#   make vm-images       build the boot disks the iSCSI target serves
#   make conformance-iscsi     libiscsi's iscsi-test-cu against pxelab and tgt
#   make clean           remove every build folder (build/, build-*/), ./pxelab
#                        and vm-images/out/
#   make distclean       clean, and empty reports/ (logs, reports, fuzz corpus)
#   make help            this text, and the targets of mk/*.mk
#   make CC=clang CFLAGS='-O2 -g' BUILD=build-clang
#                        CC, CFLAGS, CPPFLAGS, LDFLAGS, LDLIBS are yours: the
#                        project's flags are added to them (PXL_CFLAGS)

CC      ?= cc
BUILD   ?= build

# The user's knobs: CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are yours (make
# CFLAGS=-O0, make CC=clang CFLAGS='-O2 -g' BUILD=build-clang).  The
# project's own flags live in PXL_*, so a command-line CFLAGS never drops
# them; yours come last on each command, so they win where flags conflict
# (e.g. CFLAGS='-O2 -Wno-error').
CFLAGS  ?= -O2 -g
PKGS    := slirp libxml-2.0
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

# A missing pkg-config module stops make here, naming its Debian package,
# rather than as a missing header in the middle of the build.  The goals in
# NOPKG_GOALS need none; check (the unit tests' library) is needed only by
# the goals that build them.
NOPKG_GOALS  := deps check-deps js-deps help clean distclean vm-images uninstall
UNIT_GOALS   := unit check test asan asan-build valgrind %/tests/%
DEB_slirp      := libslirp-dev
DEB_libxml-2.0 := libxml2-dev
DEB_check      := check
GOALS        := $(or $(MAKECMDGOALS),all)
NEEDED_PKGS  := $(if $(filter-out $(NOPKG_GOALS),$(GOALS)),$(PKGS)) \
		$(if $(filter $(UNIT_GOALS),$(GOALS)),check)
MISSING_PKGS := $(strip $(foreach m,$(NEEDED_PKGS),$(if $(shell pkg-config --exists $(m) && echo y),,$(m))))
ifneq ($(MISSING_PKGS),)
# pkg-config's own words first (on stderr), then what to install
$(shell pkg-config --print-errors --exists $(MISSING_PKGS) 2>&1 | sed 's/^/pkg-config: /' >&2)
$(error pkg-config module(s) not found: $(MISSING_PKGS): install the Debian \
	package(s) $(foreach m,$(MISSING_PKGS),$(DEB_$(m))) (`make deps` installs all pxelab needs))
endif

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
# gcc: snprintf truncation is how messages are bounded, on purpose (clang has no such warning)
IS_CLANG := $(findstring clang,$(shell $(CC) --version 2>/dev/null))
WARN    += $(if $(IS_CLANG),,-Wno-format-truncation)
PXL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -Iharness/src $(PKG_CFLAGS) -MMD -MP
PXL_LDLIBS := $(PKG_LIBS) -lm

# the project's flags first, the user's after; CFLAGS also when linking
# objects (-fsanitize=, -flto and the like must be on both steps)
COMPILE = $(CC) $(PXL_CFLAGS) $(CPPFLAGS) $(CFLAGS)
LINK    = $(CC) $(CFLAGS) $(LDFLAGS)

LIB_SRCS  := $(shell find harness/src -name '*.c' ! -path harness/src/main.c | sort)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB       := $(BUILD)/libpxelab.a
UNIT_SRCS := $(sort $(wildcard harness/tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:harness/tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test check unit test-scenario clean distclean help vm-images \
	conformance-iscsi check-deps

all: pxelab

pxelab: $(BUILD)/harness/src/main.o $(LIB)
	$(LINK) -o $@ $^ $(PXL_LDLIBS) $(LDLIBS)

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(COMPILE) -c -o $@ $<

$(BUILD)/tests/%: harness/tests/unit/%.c harness/tests/unit/testlib.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(PXL_CFLAGS) $(CHECK_CFLAGS) -Iharness/tests/unit $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(CHECK_LIBS) $(PXL_LDLIBS) $(LDLIBS)

# double-colon: mk/*.mk may add more `deps::` steps (npm packages for report tests)
deps::
	@ci/install-deps ci/debian-packages.txt

check-deps:
	@ci/install-deps --check ci/debian-packages.txt

unit: $(UNIT_BINS)

# make test: unit tests, then integration checks, then scenarios; one summary line
test: pxelab $(UNIT_BINS) vm-images
	@harness/tests/run-tests $(UNIT_BINS)

# make check: what a commit must pass, in seconds: the unit tests (through
# run-tests, for the same summary line; no integration check, no scenario),
# then the source checks.  Each step runs even when one before it failed.
check: $(UNIT_BINS)
	@rc=0; \
	PXL_TESTS=none PXL_SCENARIOS=none harness/tests/run-tests $(UNIT_BINS) || rc=1; \
	ci/check-layers || rc=1; \
	ci/check-kernel-doc || rc=1; \
	ci/check-seeds || rc=1; \
	exit $$rc

test-scenario: pxelab vm-images
	@test -n "$(NAME)$(filter-out test-scenario,$(MAKECMDGOALS))" || \
		{ echo "usage: make test-scenario NAME (scenarios/NAME.scn)" >&2; exit 2; }
	./pxelab run scenarios/$(or $(NAME),$(filter-out test-scenario,$(MAKECMDGOALS))).scn

vm-images:
	@$(MAKE) --no-print-directory -C vm-images

conformance-iscsi: pxelab
	@harness/tests/integration/conformance-iscsi

# every build folder: build/, the clang, fuzz, ASan builds (build-*/, as
# mk/fuzz.mk names them) and a BUILD= given on the command line
clean:
	rm -rf $(sort build $(BUILD) $(FUZZ_BUILD) $(ASAN_BUILD)) build-*/ pxelab
	@$(MAKE) --no-print-directory -C vm-images clean

# and everything the runs wrote under reports/ (not its README.md)
distclean: clean
	@$(MAKE) --no-print-directory -C vm-images distclean
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

# the usage lines at the top of the Makefile and of each mk/*.mk
help:
	@for f in Makefile $(sort $(wildcard mk/*.mk)); do \
		sed -n '/^#/!q; s/^#\(  .*\)/\1/p' $$f; \
	done

# let `make test-scenario pxe-to-ipxe` name the scenario as a goal
ifneq ($(filter test-scenario,$(MAKECMDGOALS)),)
%:
	@:
endif

# more targets (bench, fuzz, asan, compare-dhcp, gate ...) live in mk/*.mk
-include $(sort $(wildcard mk/*.mk))

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
