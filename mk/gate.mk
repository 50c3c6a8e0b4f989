# gate.mk - the CI regression gate, JUnit merge and the report tests' npm packages
#
#   make gate                  run the scenario suite and judge it against fixtures/baselines
#   make gate-update-baseline  rewrite fixtures/baselines from a fresh run (review the diff)
#   make deps                  also installs harness/tests/js (xunit-viewer, pinned by its package-lock.json)

.PHONY: gate gate-update-baseline js-deps

gate: pxelab vm-images
	@ci/gate

gate-update-baseline: pxelab vm-images
	@ci/gate --update-baseline

# npm packages stay inside the repo (node_modules is git-ignored); skipped
# with a note when the machine has no npm
js-deps:
	@if ! command -v npm >/dev/null; then \
		echo "deps: npm not found: the junit-viewer test will be skipped"; \
	elif [ harness/tests/js/node_modules/.package-lock.json -nt harness/tests/js/package-lock.json ]; then \
		echo "deps: harness/tests/js is up to date"; \
	else \
		echo "deps: npm ci in harness/tests/js"; \
		cd harness/tests/js && npm ci --no-audit --no-fund --loglevel=error; \
	fi

deps:: js-deps
