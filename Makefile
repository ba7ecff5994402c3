# allstats: two commands do all set-up on a fresh machine with Python 3.11:
#   make lab    opens the explainer in JupyterLab
#   make test   runs every test (unit, property, data, explorers, notebooks, browser)
# Both create .venv when it is missing and refresh it when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 8888
PRESENT_PORT ?= 8866
SLIDES_PORT ?= 8867
# OPEN_BROWSER=yes opens a browser tab for `make lab` / `make present`
OPEN_BROWSER ?= no

BIN    := $(VENV)/bin
STAMP  := $(VENV)/.allstats-installed
# axe-core, pinned (tests/browser/axe/package-lock.json), for the accessibility tests
AXE    := tests/browser/axe/node_modules/axe-core/axe.min.js
# reveal.js's CSS, themes and fonts and jQuery for `make slides`, from npm, served locally
NPM_PACKAGES := reveal.js@4.6.0 jquery@3.7.1
REVEAL := $(VENV)/npm/.allstats-npm-installed
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:python
export MPLBACKEND ?= Agg

# Jupyter refuses to start as root unless told; containers and CI machines often run as root
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

ifeq ($(OPEN_BROWSER),yes)
  LAB_BROWSER :=
  VOILA_BROWSER :=
else
  LAB_BROWSER := --no-browser
  VOILA_BROWSER := --no-browser
endif

.PHONY: help venv axe lab test test-unit test-notebooks bench notebooks present slides html clean

help:
	@echo "make lab      open the explainer in JupyterLab on http://$(HOST):$(PORT) (PORT=, OPEN_BROWSER=yes)"
	@echo "make test     run every test"
	@echo "make bench    run the benchmarks and print a table"
	@echo "make present  serve the notebooks as a code-free Voila app (PRESENT_PORT=)"
	@echo "make slides   serve the notebooks as live reveal.js slides (SLIDES_PORT=)"
	@echo "make html     write a static HTML handout to build/html"
	@echo "make notebooks  re-execute every notebook in place (after changing data/ or src/)"

venv: $(STAMP) $(REVEAL)

$(REVEAL): Makefile
	mkdir -p $(VENV)/npm
	npm install --prefix $(VENV)/npm --no-package-lock --no-audit --no-fund --silent $(NPM_PACKAGES)
	touch $(REVEAL)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -c "import matplotlib.pyplot"   # build the font cache now, not inside a notebook
	touch $(STAMP)

# the accessibility tests inject this copy of axe-core into every page (npm, from the lock file)
axe: $(AXE)

$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=$(HOST) --port=$(PORT) $(LAB_BROWSER) $(ALLOW_ROOT) --notebook-dir=notebooks

test: test-unit test-notebooks

# the tests, and every docstring example in the library (--doctest-modules)
test-unit: $(STAMP) $(AXE) $(REVEAL)
	$(BIN)/python -m pytest --doctest-modules src tests

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) notebooks

bench: $(STAMP)
	$(BIN)/python -m benchmarks

notebooks: $(STAMP)
	$(BIN)/python -m scripts.execute_notebooks notebooks/*.ipynb

# Voila on 127.0.0.1:$(PRESENT_PORT), code stripped, / redirects to notebooks/00_start_here.ipynb
present: $(STAMP)
	$(BIN)/python -m scripts.present notebooks --Voila.ip=$(HOST) --port=$(PRESENT_PORT) $(VOILA_BROWSER)

# the notebooks as reveal.js slideshows with live widgets, on 127.0.0.1:$(SLIDES_PORT)
slides: $(STAMP) $(REVEAL)
	$(BIN)/python -m scripts.slides notebooks --Voila.ip=$(HOST) --port=$(SLIDES_PORT) $(VOILA_BROWSER)

# static handout of the executed notebooks: code hidden, pictures inline, readable offline
html: $(STAMP)
	$(BIN)/python -m scripts.build_html notebooks build/html

clean:
	rm -rf build .pytest_cache
