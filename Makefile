# paperlake - the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The dg CLI lives in its own venv with the project installed: dagster-dg-cli pins dagster to its own
# patch release (1.13.27 while dagster is at 1.13.28), and `dg check defs` imports the definitions
# with dg's own Python. The project's .venv keeps the newest dagster.
DG_VENV  := .venv-dg
DG_STAMP := $(DG_VENV)/.installed

.PHONY: run test lint ui bench clean check-defs dg-dev bytecode

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(DG_STAMP): pyproject.toml
	test -x $(DG_VENV)/bin/python || $(PYTHON) -m venv $(DG_VENV)
	$(DG_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DG_VENV)/bin/python -m pip install --quiet -e . "dagster-dg-cli==1.13.*"
	touch $(DG_STAMP)

## Set up the venv and build the warehouse from the bundled pages (or $PAPERLAKE_RAW_DIR).
run: $(STAMP) bytecode
	$(BIN)/paperlake refresh

## Compile the project's .pyc files, as pip does for an installed package: an editable install
## leaves them to the first import, and where PYTHONDONTWRITEBYTECODE is set every paperlake
## process compiled ~80 modules again (0.1-0.15 s a command). Quick when they are up to date.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q pipeline assets

## Full test suite (what CI runs).
test: $(STAMP) check-defs bytecode
	$(BIN)/ruff check pipeline assets tests bench
	$(BIN)/ruff format --check pipeline assets tests bench
	$(BIN)/python -m pytest -q

## Load and validate the Dagster definitions the way `dg` does (part of `make test`).
check-defs: $(DG_STAMP)
	$(DG_VENV)/bin/dg check defs

lint: $(STAMP)
	$(BIN)/ruff check pipeline assets tests bench
	$(BIN)/ruff format --check pipeline assets tests bench

## Dagster UI on http://127.0.0.1:3000 with the sensor and schedule daemon.
ui: $(STAMP)
	DAGSTER_HOME=$${DAGSTER_HOME:-$$(pwd)/var/dagster_home} $(BIN)/python -c "from assets.instance import ensure_dagster_home; from pipeline.config import Settings; ensure_dagster_home(Settings.from_env())"
	DAGSTER_HOME=$${DAGSTER_HOME:-$$(pwd)/var/dagster_home} $(BIN)/dagster dev -w workspace.yaml

## The same UI through dg (dg dev), on the same Dagster home.
dg-dev: $(DG_STAMP)
	DAGSTER_HOME=$${DAGSTER_HOME:-$$(pwd)/var/dagster_home} $(BIN)/python -c "from assets.instance import ensure_dagster_home; from pipeline.config import Settings; ensure_dagster_home(Settings.from_env())"
	DAGSTER_HOME=$${DAGSTER_HOME:-$$(pwd)/var/dagster_home} $(DG_VENV)/bin/dg dev

clean:
	rm -rf var
