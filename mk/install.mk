# install.mk - the data folder compiled in (included by the Makefile)
#
# The data folder, PREFIX/share/pxelab, is compiled in (PXL_DATADIR); the
# environment variable PXELAB_DATADIR overrides it at run time.

PREFIX     ?= /usr/local
DATADIR    ?= $(PREFIX)/share/pxelab

PXL_CFLAGS += -DPXL_DATADIR='"$(DATADIR)"'

.PHONY: FORCE

# PXL_DATADIR is in every object's flags but only paths.c reads it: that one
# object is rebuilt when the data folder changes (make install PREFIX=/usr
# after a plain make must not install a binary that looks in /usr/local)
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/harness/src/lang/paths.o: $(BUILD)/datadir.stamp
$(BUILD)/tests/test_scenario_paths: $(BUILD)/datadir.stamp
FORCE:
