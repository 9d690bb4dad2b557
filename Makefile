# Every target creates the project's virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate test check fuzz clean-venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Regenerate everything under generated/ from specs/.
generate: $(STAMP)
	$(BIN)/python -m generator generate

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

clean-venv:
	rm -rf $(VENV)
