# Every target creates the project's virtual environment on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: generate test check lint typecheck clean-venv

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

clean-venv:
	rm -rf $(VENV)
