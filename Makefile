# paperlake - the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint ui bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Set up the venv and build the warehouse from the bundled pages (or $PAPERLAKE_RAW_DIR).
run: $(STAMP)
	$(BIN)/paperlake refresh

## Full test suite (what CI runs).
test: $(STAMP)
	$(BIN)/ruff check pipeline assets tests bench
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline assets tests bench

## Dagster UI on http://127.0.0.1:3000 with the sensor and schedule daemon.
ui: $(STAMP)
	DAGSTER_HOME=$${DAGSTER_HOME:-$$(pwd)/var/dagster_home} $(BIN)/python -c "from assets.instance import ensure_dagster_home; from pipeline.config import Settings; ensure_dagster_home(Settings.from_env())"
	DAGSTER_HOME=$${DAGSTER_HOME:-$$(pwd)/var/dagster_home} $(BIN)/dagster dev -w workspace.yaml

clean:
	rm -rf var
