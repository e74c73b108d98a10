# Evidence synthesis: run `make help` for the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install briefing test test-fast validate extract evaluate benchmark sample clean

help: ## List every target
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m synthesis.nlp
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package, its dependencies and the English spaCy pipeline

briefing: $(STAMP) ## Build the default briefing from the shipped sample and print the HTML path
	$(BIN)/synthesis brief

test: $(STAMP) ## Run the whole test suite
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## Run the tests that need no browser, notebook or cluster
	$(BIN)/python -m pytest -m "not browser and not slow"

validate: $(STAMP) ## Validate the shipped sample responses
	$(BIN)/synthesis validate --input data/sample/responses.csv

extract: $(STAMP) ## Extract tools and themes from the sample into outputs/mentions.csv
	$(BIN)/synthesis extract --input data/sample/responses.csv --out outputs/mentions.csv

evaluate: $(STAMP) ## Score extraction against the held-out gold sentences
	$(BIN)/synthesis evaluate --gold data/gold/heldout.jsonl

benchmark: $(STAMP) ## Print speed, memory and size figures (benchmarks/run.py)
	$(BIN)/python benchmarks/run.py

sample: $(STAMP) ## Regenerate the synthetic sample data (seeded, deterministic)
	$(BIN)/python data/sample/generate.py

clean: ## Remove the virtual environment and all run folders
	rm -rf $(VENV) outputs/*/ .pytest_cache
