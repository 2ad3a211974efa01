# syndicated-ingest. `make ingest` and `make test` set everything up on a fresh machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-installed only when pyproject.toml changes, so repeated runs start at once.
STAMP := $(VENV)/.installed

DUMP ?= seeds
WAREHOUSE ?= warehouse
DATE ?=
WORKERS ?= 2
SHARDS ?= 0
OVERWRITE ?=

INGEST_ARGS = --dump "$(DUMP)" --warehouse "$(WAREHOUSE)" --workers "$(WORKERS)" \
	--shards "$(SHARDS)" $(if $(DATE),--date "$(DATE)") $(if $(filter 1 yes true,$(OVERWRITE)),--overwrite)

.PHONY: ingest test lint eval bench venv clean-warehouse help

help:
	@echo "make ingest [DUMP=seeds] [WAREHOUSE=warehouse] [DATE=YYYY-MM-DD] [WORKERS=2] [OVERWRITE=1]"
	@echo "make test        lint and run the test suite"
	@echo "make eval [SET=seeds|wcxb-text|wcxb-html]   score cleaning against the gold sets"
	@echo "make bench [N=20000] [SEED=7]   time the DAG on a synthetic dump against the naive composition"
	@echo "make bench BENCH_DUMP=path     time one worker and the skeleton run on your own dump against the naive composition"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[dev]'
	touch $@

venv: $(STAMP)

ingest: $(STAMP)
	$(BIN)/python -m tasks ingest $(INGEST_ARGS)

# Scores the real ingest DAG against the gold sets (seeds, WCXB as plain text) and the
# baselines; prints a table and writes build/eval/report.json.
eval: $(STAMP)
	$(BIN)/python -m pipeline.evaluation $(if $(SET),--set $(SET))
	$(BIN)/python -m pipeline.evaluation.stories --seeds tests/cases/stories/*.jsonl

lint: $(STAMP)
	$(BIN)/ruff check pipeline tasks tests

test: $(STAMP) lint
	$(BIN)/python -m pytest

clean-warehouse:
	find warehouse -mindepth 1 ! -name README.md -exec rm -rf {} +

# Benchmark (issue 6): the ingest DAG on a synthetic dump of N articles with 1 and 2 workers,
# against the naive composition; prints a table, writes build/bench/report.json.
N ?= 20000
SEED ?= 7
bench: $(STAMP)
	$(BIN)/python -m pipeline.benchmark --articles $(N) --seed $(SEED) $(if $(BENCH_DUMP),--dump "$(BENCH_DUMP)")
