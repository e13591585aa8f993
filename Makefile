# Guide Desk — everything a developer or CI runs. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DIR ?= demo-data
DEMO_PORT ?= 8710
DEMO_CUSTOMERS ?= 2000

.PHONY: help venv deps test demo demo-hq lint bench clean translations package

help:
	@echo "make demo   - the demo HQ on 127.0.0.1:$(DEMO_PORT), demo guides' books, and the app signed in"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - benchmarks (tests/bench), printed as a table"
	@echo "make package - the one-folder bundle and its launcher in dist/guide-desk (packaging/build.py)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

deps:
	@bash packaging/install-debian-deps.sh

# Two passes: everything else on every core (pytest-xdist), then the tests that measure time or
# memory (marked serial) alone, so no other test's load sits in their numbers. The bundle's tests
# need a PyInstaller build (1-2 min of one core): it is made beside the parallel pass, whose
# bundle tests then run last. Bytecode caches are written (git ignores them) even where
# PYTHONDONTWRITEBYTECODE is set: without them every test process rewrote the asserts of 440
# modules (10 s) and every HQ or app it started compiled its sources again.
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen
# How the parallel pass spreads the tests over processes (e.g. XDIST="-n auto --dist worksteal").
XDIST ?= -n auto
test: venv deps
	@mkdir -p build
	$(TEST_ENV) $(PY) -m tests.support.bundle_build > build/test-bundle.log 2>&1 & ahead=$$!; \
	$(TEST_ENV) GUIDE_DESK_TEST_BUNDLE_AHEAD=1 $(PY) -m pytest $(XDIST) -m "not serial"; status=$$?; \
	wait $$ahead || echo "the early bundle build failed (build/test-bundle.log); its tests built their own"; \
	exit $$status
	$(TEST_ENV) $(PY) -m pytest -m serial

# Seeds and serves the demo HQ, gives the demo guides realistic books (DEMO_CUSTOMERS each) and
# opens the app as the first of them; without a display, HQ serves on and screenshots are explained.
demo: venv deps
	@bash packaging/install-debian-deps.sh demo
	$(PY) scripts/demo.py --data-dir $(DEMO_DIR) --port $(DEMO_PORT) --customers $(DEMO_CUSTOMERS)

lint: venv
	$(VENV)/bin/ruff check hq guide_app ui release packaging tests scripts
	$(VENV)/bin/ruff format --check hq guide_app ui release packaging tests scripts
	$(VENV)/bin/mypy

# After UI strings change: refresh the .ts from ui/, then (once translated) compile the .qm.
translations: venv
	$(PY) scripts/update_translations.py

bench: venv deps
	$(PY) -m tests.bench
	$(PY) -m tests.bench.desktop
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.window
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.content_view
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench.sale_keystrokes
	$(PY) -m tests.bench.performance_sheet
	$(PY) -m tests.bench.bundle
	$(PY) -m tests.bench.morning

# The app's one-folder bundle laid out as an installation (launcher, app/state.json, app/<version>/);
# UPDATE_ROOT=<a chain's TUF root.json> makes its PCs trust that chain's update repository.
package: venv deps
	$(PY) packaging/build.py $(if $(UPDATE_ROOT),--update-root $(UPDATE_ROOT))

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache build dist
