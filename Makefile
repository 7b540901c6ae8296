# The front door: `make serve` and `make test` install what they need, build and run.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PORT    ?= 8000
# Material's red banner about MkDocs 2.0 does not apply: mkdocs is pinned to 1.6.1
# (requirements-dev.txt), the version this site is built and tested with.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test check lint browsers site stdlib wheel pyodide-build install bench mutation clean

$(BIN)/.installed: requirements-dev.txt pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(BIN)/.installed node_modules/.installed

## wheel: the pure-Python calculator wheel (and hijridate's) that the browser loads
wheel: install
	rm -rf dist build/lib  # build/lib: setuptools would pack stale modules from an earlier tree
	$(BIN)/python -m build --wheel --no-isolation --outdir dist . >/dev/null
	$(BIN)/pip download -q --no-deps --only-binary=:all: --dest dist \
	  "$$(grep -E '^hijridate==' requirements-dev.txt)"  # the pin requirements-dev.txt holds

## pyodide-build: the browser wheel built by Pyodide's build tool (pyodide-build, offline) equals
## `make wheel`'s byte for byte (tests/test_pyodide_build.py, also part of `make test`). pyodide-build
## needs Python >= 3.12: PY names it (`make pyodide-build PY=python3.12`); the Pages workflow runs
## this in python:3.12-bookworm. Unlike `make test`, fails instead of skipping without one.
pyodide-build: wheel
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "pyodide-build needs Python >= 3.12: PY=$(PY) is older (make pyodide-build PY=python3.12)"; exit 1; }
	IQAMA_PYODIDE_BUILD_PYTHON="$$(command -v $(PY))" $(BIN)/python -m pytest -rs \
	  tests/test_pyodide_build.py

## stdlib: the trimmed, precompiled standard library the worker loads (rebuilt when its inputs change)
stdlib: wheel
	$(BIN)/python site_src/build/stdlib.py

## site: the whole static site in site/
site: stdlib
	$(BIN)/mkdocs build --strict --quiet

## serve: build, then serve the site on http://127.0.0.1:$(PORT) as GitHub Pages serves it
serve: site
	$(BIN)/python site_src/pages_server.py --port $(PORT) --site site

## browsers: Chromium, Firefox ESR, WebKitGTK's driver and Xvfb from the distribution, when missing
## (Debian/Ubuntu as root or with password-less sudo; elsewhere one line says what to install)
browsers:
	@$(PY) site_src/browsers.py

## lint: ruff, mypy and the rule files' schemas (python -m calculator check-rules)
lint: install
	$(BIN)/ruff check calculator site_src tests
	$(BIN)/mypy
	$(BIN)/python -m calculator check-rules

## check: day-to-day work: lint, then the fast unit tests on every core (no site build, no browser)
FAST_TESTS := tests --ignore=tests/site --ignore=tests/browser \
	--ignore=tests/test_pyodide_cases.py --ignore=tests/test_trimmed_stdlib.py \
	--ignore=tests/test_pyodide_build.py -m "not browser"
check: lint
	$(BIN)/python -m pytest -q -n auto $(FAST_TESTS)

## test: the whole suite (lint, unit, case files, Pyodide, built site, three browser engines)
test: lint browsers site
	$(BIN)/python -m pytest

## bench: speed and size figures (not part of the suite)
bench: site
	$(BIN)/python site_src/bench/benchmark.py

## mutation: mutation testing (mutmut) of calculator/engine/ and the policy modules against the
## fast tests ([tool.mutmut] in pyproject.toml); prints the score and every survivor. Not in `make test`.
mutation: install
	$(BIN)/pip install -q -r requirements-mutation.txt
	rm -rf mutants && mkdir -p .cache
	@start=$$(date +%s); \
	nice -n 15 $(BIN)/python -m mutmut run --max-children $${MUTATION_JOBS:-2} >.cache/mutation.log 2>&1; \
	echo "mutmut run: $$(( $$(date +%s) - start )) s (log: .cache/mutation.log)"
	$(BIN)/python tests/mutation_report.py

clean:
	rm -rf site dist build *.egg-info mutants
