# Every target creates the project's virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Only what `pip install .` installs: the environment a user of the package has (bench-import).
RUNTIME_VENV := .venv-runtime
RUNTIME_STAMP := $(RUNTIME_VENV)/.installed

.PHONY: generate test check fuzz demo bench bench-import clean-venv api-diff record

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Regenerate everything under generated/ from specs/.
generate: $(STAMP)
	$(BIN)/python -m generator generate

## The API change report: the working tree's specs against AGAINST (default HEAD), or only
## VENUES="a b"; exits 1 when a change breaks callers of the generated clients.
api-diff: $(STAMP)
	$(BIN)/python -m generator diff --against $(or $(AGAINST),HEAD) $(VENUES)

## Record a fixture from the live venue: make record VENUE=derive_v3 OP=get_open_orders
## ARGS="subaccount_id=123"; credentials from VENUES_<VENUE>_<NAME> (base URL: VENUES_<VENUE>_BASE_URL).
record: $(STAMP)
	$(BIN)/python -m generator record $(VENUE) $(OP) $(foreach a,$(ARGS),--arg $(a))

## Run every test.
test: $(STAMP)
	$(BIN)/python -m pytest

## Prove generated/ matches the specs, then lint and type-check the generated package.
check: $(STAMP)
	$(BIN)/python -m generator check
	$(BIN)/ruff check generated/venues generator tests
	$(BIN)/mypy --strict generated/venues

## Hostile responses at full count (10,000 cases per venue); `make test` runs a smaller count.
fuzz: $(STAMP)
	$(BIN)/python tests/fuzz_responses.py --cases 10000

## The `venues open-orders` tool against local doubles of all five venues (no account needed).
demo: $(STAMP)
	$(BIN)/python demo/run.py

BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

## Benchmarks (bench/): our clients against the floor, httpx and CCXT; writes BENCHMARKS.md.
bench: $(BENCH_STAMP) $(RUNTIME_STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.import_bench --python $(RUNTIME_VENV)/bin/python

$(RUNTIME_STAMP): pyproject.toml
	rm -rf $(RUNTIME_VENV)
	$(PYTHON) -m venv $(RUNTIME_VENV)
	$(RUNTIME_VENV)/bin/pip install --quiet --disable-pip-version-check .
	touch $(RUNTIME_STAMP)

## Import and client construction time per venue, in a runtime-only environment; BENCHMARKS.md.
bench-import: $(STAMP) $(RUNTIME_STAMP)
	$(BIN)/python -m bench.import_bench --python $(RUNTIME_VENV)/bin/python

clean-venv:
	rm -rf $(VENV) $(RUNTIME_VENV)
