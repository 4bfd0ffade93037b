# The two commands of the README, and the steps behind them. Every target first
# creates the environment in .venv (or refreshes it when pyproject.toml or
# constraints.txt changed), so each works on a fresh clone with Python 3.11+.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help course compare test lint format benchmark notebooks lab check clean

help:
	@echo "make course     set up, then build the course site into site/ (trains, draws, runs lessons)"
	@echo "make compare    train both networks and print their results side by side"
	@echo "make test       set up, then lint and run the whole test suite"
	@echo "make lab        open the lessons in JupyterLab"
	@echo "make notebooks  write each lesson as an .ipynb beside its .py"
	@echo "make check      check your answers to the exercises"
	@echo "make benchmark  time both implementations (prints numbers, writes benchmarks/results/)"
	@echo "make format     format the code with ruff"
	@echo "make clean      remove the environment and generated files"

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "mnist-course needs Python 3.11 or newer, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable ".[dev]"
	@touch $@

course: $(STAMP)
	$(BIN)/mnist-course site

compare: $(STAMP)
	$(BIN)/mnist-course compare --overwrite

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Lessons are .py files that Jupyter opens as notebooks (jupytext); an .ipynb copy is
# written only when missing, so an .ipynb you worked in is never overwritten.
notebooks: $(STAMP)
	@for lesson in lessons/[0-9]*.py; do \
		notebook=$${lesson%.py}.ipynb; \
		if [ -e "$$notebook" ]; then echo "kept $$notebook (already there)"; \
		else $(BIN)/jupytext --quiet --to ipynb "$$lesson" && echo "wrote $$notebook"; fi; \
	done

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable ".[dev,lessons]"
	cd lessons && ../$(BIN)/jupyter lab

check: $(STAMP)
	$(BIN)/mnist-course check

benchmark: $(STAMP)
	$(BIN)/python benchmarks/benchmark.py

clean:
	rm -rf $(VENV) runs site build benchmarks/results .pytest_cache .ruff_cache .cache
