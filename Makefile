# Guide Desk — everything a developer or CI runs. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_DIR ?= demo-data
DEMO_PORT ?= 8710

.PHONY: help venv deps test demo demo-hq lint bench clean

help:
	@echo "make demo   - set up and run the demo HQ on 127.0.0.1:$(DEMO_PORT)"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - benchmarks (tests/bench), printed as a table"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

deps:
	@bash packaging/install-debian-deps.sh

# Two passes: everything else on every core (pytest-xdist), then the tests that measure time or
# memory (marked serial) alone, so no other test's load sits in their numbers.
test: venv deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n auto -m "not serial"
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m serial

demo: venv deps
	$(VENV)/bin/guide-hq demo --data-dir $(DEMO_DIR)
	$(VENV)/bin/guide-hq serve --data-dir $(DEMO_DIR) --host 127.0.0.1 --port $(DEMO_PORT)

lint: venv
	$(VENV)/bin/ruff check hq guide_app ui tests
	$(VENV)/bin/ruff format --check hq guide_app ui tests
	$(VENV)/bin/mypy

bench: venv deps
	$(PY) -m tests.bench
	$(PY) -m tests.bench.desktop

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
