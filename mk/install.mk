# install.mk - `make install` / `make uninstall`, man pages, bash completion (included by the Makefile)
#
#   make install [PREFIX=/usr/local] [DESTDIR=]
#                      pxelab, the scenario suite, fixtures/{tftp,http,peers}, the boot
#                      images (vm-images/out/*.img) under PREFIX/share/pxelab, docs,
#                      man pages pxelab(1) and pxelab-scenario(5), bash completion
#   make uninstall [PREFIX=...] [DESTDIR=]   remove what make install put there
#   make man           build/man/pxelab.1 and pxelab-scenario.5 (from --help and the
#                      scenario language's tables, dist/gen-man)
#   make completion    build/pxelab.bash (from --help, dist/gen-completion)
#
# The data folder, PREFIX/share/pxelab, is compiled in (PXL_DATADIR); the
# environment variable PXELAB_DATADIR overrides it at run time.  DESTDIR
# only prefixes where files are copied, never what is compiled in.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/pxelab
DOCDIR     ?= $(PREFIX)/share/doc/pxelab
MANDIR     ?= $(PREFIX)/share/man
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
INSTALL    ?= install

PXL_CFLAGS += -DPXL_DATADIR='"$(DATADIR)"'

# the installed binary is linked in the build folder, from the same objects
# as ./pxelab: `make install BUILD=DIR` never touches ./pxelab or build/
INSTALL_BIN := $(BUILD)/install/pxelab
MAN_PAGES  := $(BUILD)/man/pxelab.1 $(BUILD)/man/pxelab-scenario.5
COMPLETION := $(BUILD)/pxelab.bash
# what the installed tree holds besides the binary (relative to the source tree)
DATA_FIXTURES := fixtures/tftp fixtures/http fixtures/peers
DOCS       := README.md LICENSE docs/scenario-language.md docs/compare.md \
	      docs/ci-and-reports.md docs/robustness.md

.PHONY: install uninstall man completion FORCE

# PXL_DATADIR is in every object's flags but only paths.c reads it: that one
# object is rebuilt when the data folder changes (make install PREFIX=/usr
# after a plain make must not install a binary that looks in /usr/local)
$(BUILD)/datadir.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' >$@
$(BUILD)/harness/src/lang/paths.o: $(BUILD)/datadir.stamp
$(BUILD)/tests/test_scenario_paths: $(BUILD)/datadir.stamp
FORCE:

$(INSTALL_BIN): $(BUILD)/harness/src/main.o $(LIB)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $^ $(PXL_LDLIBS) $(LDLIBS)

man: $(MAN_PAGES)

# the section is the page's suffix: pxelab.1, pxelab-scenario.5
$(MAN_PAGES): $(BUILD)/man/%: dist/man/%.in dist/gen-man $(INSTALL_BIN) $(BUILD)/datadir.stamp
	@mkdir -p $(dir $@)
	dist/gen-man --datadir '$(DATADIR)' --docdir '$(DOCDIR)' $(INSTALL_BIN) $(subst .,,$(suffix $@)) $< >$@.tmp
	@mv $@.tmp $@

completion: $(COMPLETION)

$(COMPLETION): dist/gen-completion $(INSTALL_BIN)
	@mkdir -p $(dir $@)
	dist/gen-completion $(INSTALL_BIN) >$@.tmp && mv $@.tmp $@

# the boot images are built first (make vm-images); the data folder gets
# only the disk images the scenarios name, not the build's intermediate files
install: $(INSTALL_BIN) man completion vm-images
	$(INSTALL) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(DATADIR)/scenarios' \
		'$(DESTDIR)$(DATADIR)/vm-images/out' '$(DESTDIR)$(DOCDIR)' \
		'$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(MANDIR)/man5' '$(DESTDIR)$(COMPDIR)'
	$(INSTALL) -m 755 $(INSTALL_BIN) '$(DESTDIR)$(BINDIR)/pxelab'
	$(INSTALL) -m 644 scenarios/*.scn '$(DESTDIR)$(DATADIR)/scenarios/'
	$(INSTALL) -m 644 vm-images/out/*.img '$(DESTDIR)$(DATADIR)/vm-images/out/'
	for d in $(DATA_FIXTURES); do \
		$(INSTALL) -d "$(DESTDIR)$(DATADIR)/$$d" && \
		$(INSTALL) -m 644 $$d/* "$(DESTDIR)$(DATADIR)/$$d/" || exit 1; \
	done
	$(INSTALL) -m 644 $(DOCS) '$(DESTDIR)$(DOCDIR)/'
	$(INSTALL) -m 644 $(BUILD)/man/pxelab.1 '$(DESTDIR)$(MANDIR)/man1/pxelab.1'
	$(INSTALL) -m 644 $(BUILD)/man/pxelab-scenario.5 '$(DESTDIR)$(MANDIR)/man5/pxelab-scenario.5'
	$(INSTALL) -m 644 $(COMPLETION) '$(DESTDIR)$(COMPDIR)/pxelab'

# what install wrote (the data folder's own subfolders, by name), then those
# folders if empty: never a recursive rm of a folder the user named
DATA_DIRS := scenarios vm-images/out vm-images $(DATA_FIXTURES) fixtures
uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/pxelab' '$(DESTDIR)$(MANDIR)/man1/pxelab.1' \
		'$(DESTDIR)$(MANDIR)/man5/pxelab-scenario.5' '$(DESTDIR)$(COMPDIR)/pxelab' \
		$(foreach f,$(notdir $(DOCS)),'$(DESTDIR)$(DOCDIR)/$(f)')
	rm -f '$(DESTDIR)$(DATADIR)'/scenarios/*.scn '$(DESTDIR)$(DATADIR)'/vm-images/out/*.img
	for d in $(DATA_FIXTURES); do rm -f "$(DESTDIR)$(DATADIR)/$$d"/*; done
	-for d in $(DATA_DIRS); do rmdir "$(DESTDIR)$(DATADIR)/$$d" 2>/dev/null; done; \
		rmdir '$(DESTDIR)$(DATADIR)' '$(DESTDIR)$(DOCDIR)' 2>/dev/null; true
