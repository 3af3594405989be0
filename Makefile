# One command runs the main job (`make run`), one runs the tests (`make test`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast benchmark quality clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The main job on the sample documents: Prefect's temporary local server, briefings under outputs/.
run: $(STAMP)
	$(BIN)/briefings run --inbox seeds

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

benchmark: $(STAMP)
	$(BIN)/python benchmarks/translation.py --quick

# Pinned minimum scores for language identification and summaries (third-party data in ../shared/eval).
quality: $(STAMP)
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf $(VENV) outputs/2* outputs/index.html outputs/feeds outputs/.state
