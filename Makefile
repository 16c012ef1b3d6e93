# Every target bootstraps .venv from the pinned requirements on first use, so a new
# machine needs only Python 3.11+ and make (plus Chromium for the browser tests).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Material 9.8 prints an end-of-life banner for MkDocs 2.0 on every run (not a
# warning, so it never fails a build). This is the documented switch to silence it;
# remove it when we move off Material (its end of life is 2027-05-05).
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: sitemap dates and zip timestamps come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1764028800)

.PHONY: help serve site test test-fast lint properdocs bench csp lock review-report clean

help: ## Show the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	# `import scripts` everywhere (hooks, tools, tests): pyproject.toml, no dependencies.
	# Targets run `python -m mkdocs` from here, so this checkout's own `scripts` comes
	# first on sys.path even when the venv is shared with another checkout.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

serve: $(STAMP) ## Live preview on http://127.0.0.1:8000
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:8000

site: $(STAMP) ## Build site/ and site.zip (strict: any warning fails)
	$(BIN)/python -m mkdocs build --clean --site-dir site
	$(BIN)/python -m scripts.build_zip site site.zip

test: $(STAMP) lint ## Lint, strict build and every check (content, site, links, browser); prints the 10 slowest
	$(BIN)/python -m pytest -n auto --maxprocesses 4

test-fast: $(STAMP) ## Unit and content-rule tests only (no build, no browser): the edit loop
	$(BIN)/python -m pytest -p no:xdist tests/unit tests/content -m "not browser and not nginx"

lint: $(STAMP) ## ruff (Python) and codespell (spelling in code, tests, pages, includes)
	$(BIN)/ruff check scripts tests bench
	$(BIN)/codespell scripts tests docs includes

# After Material's end of life (README "After 2027-05-05"): the same site built with
# ProperDocs, in a venv of its own so the pinned MkDocs in .venv is untouched.
PD_VENV ?= .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed
$(PD_STAMP): requirements.txt requirements-properdocs.txt
	@test -x $(PD_VENV)/bin/python || $(PYTHON) -m venv $(PD_VENV)
	grep -v '^mkdocs==' requirements.txt > $(PD_VENV)/requirements-less-mkdocs.txt
	$(PD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
		-r $(PD_VENV)/requirements-less-mkdocs.txt -r requirements-properdocs.txt
	$(PD_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

properdocs: $(PD_STAMP) ## Build with ProperDocs (MkDocs 1.x fork) and run the built-HTML tests on it
	SITE_BUILDER=properdocs $(PD_VENV)/bin/python -m pytest -p no:xdist tests/site tests/content -m "not browser and not nginx"

bench: $(STAMP) ## Benchmark against plain Material; writes bench/results.{md,json}
	$(BIN)/python -m bench $(BENCH_ARGS)

review-report: $(STAMP) ## List pages due for review in the next 90 days
	$(BIN)/python -m scripts.review_report --within-days 90

csp: $(STAMP) ## Print the Content-Security-Policy header for the built site/
	$(BIN)/python -m scripts.build_csp site

lock: ## Re-pin requirements.txt from requirements.in
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(BIN)/pip-compile --quiet --strip-extras --no-header --annotation-style=line -o requirements.txt requirements.in
	sed -i -e '/^--extra-index-url/d' -e '/^--find-links/d' -e '1i # Fully pinned (direct and transitive). Generated from requirements.in by `make lock`; do not edit by hand.' requirements.txt

clean: ## Remove build output (keeps .venv and .venv-properdocs)
	rm -rf site site.zip .pytest_cache
