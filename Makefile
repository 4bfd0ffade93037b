# Thin aliases, on Linux and macOS, for the README's commands. Every OS runs the same
# through uv: `uv run mnist-course course` and `uv run mnist-course test`. uv creates
# .venv from uv.lock (the one tested set of dependencies) the first time, and refreshes
# it whenever pyproject.toml or uv.lock changes.

UV ?= uv
RUN := $(UV) run

.PHONY: help course compare test lint format benchmark notebooks lab check doctor clean

help:
	@echo "make course     build the course site into site/ (uv run mnist-course course)"
	@echo "make test       lint and run the whole test suite (uv run mnist-course test)"
	@echo "make doctor     say what is installed and what is missing"
	@echo "make compare    train both networks and print their results side by side"
	@echo "make lab        open the lessons in JupyterLab"
	@echo "make notebooks  write each lesson as an .ipynb beside its .py"
	@echo "make check      check your answers to the exercises"
	@echo "make benchmark  time both implementations (prints numbers, writes benchmarks/results/)"
	@echo "make format     format the code with ruff"
	@echo "make clean      remove the environment and generated files"

course:
	$(RUN) mnist-course course

test:
	$(RUN) mnist-course test

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .

format:
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

doctor:
	$(RUN) mnist-course doctor

compare:
	$(RUN) mnist-course compare --overwrite

# Lessons are .py files that Jupyter opens as notebooks (jupytext); an .ipynb copy is
# written only when missing, so an .ipynb you worked in is never overwritten.
notebooks:
	@for lesson in lessons/[0-9]*.py; do \
		notebook=$${lesson%.py}.ipynb; \
		if [ -e "$$notebook" ]; then echo "kept $$notebook (already there)"; \
		else $(RUN) jupytext --quiet --to ipynb "$$lesson" && echo "wrote $$notebook"; fi; \
	done

lab:
	cd lessons && $(RUN) --group lessons jupyter lab

check:
	$(RUN) mnist-course check

benchmark:
	$(RUN) python benchmarks/benchmark.py

clean:
	rm -rf .venv runs site build benchmarks/results .pytest_cache .ruff_cache .cache node_modules
