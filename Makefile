# allstats: two commands do all set-up on a fresh machine with Python 3.11:
#   make lab    starts JupyterLab on the notebooks and prints the address to open
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
# `make present` for a class: LESSON= names today's notebook, POOL= its warm kernels,
# OTHER_POOL= the warm kernels of every other notebook, IDLE_TIMEOUT= the seconds after which
# a kernel nobody is connected to stops (see README, "A class on one machine")
LESSON ?=
POOL ?= 30
OTHER_POOL ?= 1
IDLE_TIMEOUT ?= 30

BIN    := $(VENV)/bin
STAMP  := $(VENV)/.allstats-installed
# the package, JupyterLab, Voila and nbconvert, and the tools of the tests and benchmarks
EXTRAS := lab,present,test
# axe-core, pinned (tests/browser/axe/package-lock.json), for the accessibility tests
AXE    := tests/browser/axe/node_modules/axe-core/axe.min.js
# reveal.js's CSS, themes and fonts and jQuery for `make slides`, from npm, served locally
NPM_PACKAGES := reveal.js@4.6.0 jquery@3.7.1
REVEAL := $(VENV)/npm/.allstats-npm-installed
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:python
export MPLBACKEND ?= Agg

ifeq ($(OPEN_BROWSER),yes)
  LAB_BROWSER := --open
  VOILA_BROWSER :=
else
  LAB_BROWSER :=
  VOILA_BROWSER := --no-browser
endif

.PHONY: help venv axe lab test test-unit test-notebooks bench bench-class notebooks present slides html clean

help:
	@echo "make lab      start JupyterLab on the notebooks and print the address to open (PORT=, OPEN_BROWSER=yes)"
	@echo "make test     run every test"
	@echo "make bench    run the benchmarks and print a table (bench-class: only the class of 30)"
	@echo "make present  serve the notebooks as a code-free Voila app (PRESENT_PORT=, LESSON=, POOL=, OTHER_POOL=, IDLE_TIMEOUT=)"
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
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	$(BIN)/python -c "import matplotlib.pyplot"   # build the font cache now, not inside a notebook
	touch $(STAMP)

# the accessibility tests inject this copy of axe-core into every page (npm, from the lock file)
axe: $(AXE)

$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

lab: $(STAMP)
	$(BIN)/python -m scripts.lab --ip=$(HOST) --port=$(PORT) $(LAB_BROWSER) notebooks

test: test-unit test-notebooks

# the tests, and every docstring example in the library (--doctest-modules)
test-unit: $(STAMP) $(AXE) $(REVEAL)
	$(BIN)/python -m pytest --doctest-modules src tests

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL) notebooks

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# 30 students at one lesson: page, first widget, chart update, memory, kernels left (loopback)
bench-class: $(STAMP)
	$(BIN)/python -m benchmarks class

notebooks: $(STAMP)
	$(BIN)/python -m scripts.execute_notebooks notebooks/*.ipynb

# Voila on 127.0.0.1:$(PRESENT_PORT), code stripped, / redirects to notebooks/00_start_here.ipynb;
# warm kernels: POOL of LESSON's notebook and OTHER_POOL of every other one
present: $(STAMP)
	$(if $(and $(filter command line,$(origin POOL)),$(if $(LESSON),,no-lesson)),\
	  $(error POOL=$(POOL) sizes the pool of today's lesson: name it too, e.g. make present LESSON=03_relative_survival POOL=$(POOL)))
	$(BIN)/python -m scripts.present notebooks --Voila.ip=$(HOST) --port=$(PRESENT_PORT) $(VOILA_BROWSER) \
	  $(if $(LESSON),--lesson=$(LESSON) --lesson-pool=$(POOL),) --other-pool=$(OTHER_POOL) \
	  --idle-timeout=$(IDLE_TIMEOUT)

# the notebooks as reveal.js slideshows with live widgets, on 127.0.0.1:$(SLIDES_PORT)
slides: $(STAMP) $(REVEAL)
	$(BIN)/python -m scripts.slides notebooks --Voila.ip=$(HOST) --port=$(SLIDES_PORT) $(VOILA_BROWSER)

# static handout of the executed notebooks: code hidden, pictures inline, readable offline
html: $(STAMP)
	$(BIN)/python -m scripts.build_html notebooks build/html

clean:
	rm -rf build .pytest_cache
