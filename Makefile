# semisolid: the two commands of the README are the contract.
PY ?= python3.11
ifeq (, $(shell command -v $(PY) 2>/dev/null))
PY := python3
endif
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
# Python writes its bytecode caches (the default) even where the environment turns them off:
# the test tiers import every module of src/ and tests/, and a second run reuses them.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: demo test test-fast docs bench lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/semisolid reproduce --out report/
	@echo "Report written: $(CURDIR)/report/index.html"

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest -n auto --dist loadgroup

# The suite without the tests marked `slow` (under 30 s on an idle 2-core machine).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not slow" -q

# API reference (numpydoc docstrings) and guides; warnings are errors.
docs: $(STAMP)
	$(BIN)/python -m sphinx -b html -W --keep-going -q docs docs/_build/html
	@echo "Docs written: $(CURDIR)/docs/_build/html/index.html"

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts

clean:
	rm -rf $(VENV) out report .pytest_cache docs/_build docs/_api
