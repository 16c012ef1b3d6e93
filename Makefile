# Every target bootstraps .venv from the pinned requirements on first use, so a new
# machine needs only Python 3.11+ and make (plus Chromium for the browser tests).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
# Where `make site` writes (and the zip beside it): set it to build from a read-only tree.
SITE_DIR ?= site
DEPLOYED ?=
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
# Material 9.8 prints an end-of-life banner for MkDocs 2.0 on every run (not a
# warning, so it never fails a build). This is the documented switch to silence it;
# remove it when we move off Material (its end of life is 2027-05-05).
export NO_MKDOCS_2_WARNING := 1
# Reproducible output: sitemap dates and zip timestamps come from the last commit, or,
# in a tree without .git (a tarball), from the newest last_reviewed date in docs/.
export SOURCE_DATE_EPOCH ?= $(shell (test -e .git && git log -1 --format=%ct 2>/dev/null) || $(PYTHON) scripts/build_zip.py --epoch docs)

.PHONY: help serve site test test-fast lint properdocs bench csp csp-check lock review-report clean sign-off record-change changes-needed

help: ## Show the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# Hashed installs (pip refuses any file whose hash is not in the lock), pip itself pinned.
# The build set is enough for serve/site/csp/review-report; `make test` adds the test tools.
$(BUILD_STAMP): requirements-build.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements-build.txt
	# `import scripts` everywhere (hooks, tools, tests): pyproject.toml, no dependencies.
	# Targets run `python -m mkdocs` from here, so this checkout's own `scripts` comes
	# first on sys.path even when the venv is shared with another checkout.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(STAMP): requirements.txt $(BUILD_STAMP)
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

serve: $(BUILD_STAMP) ## Live preview on http://127.0.0.1:8000
	$(BIN)/python -m mkdocs serve --dev-addr 127.0.0.1:8000

site: $(BUILD_STAMP) ## Build site/ and site.zip (strict: any warning fails); SITE_DIR=... elsewhere
	$(BIN)/python -m mkdocs build --clean --site-dir $(SITE_DIR)
	$(BIN)/python -m scripts.build_zip $(SITE_DIR) $(SITE_DIR).zip

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

review-report: $(BUILD_STAMP) ## List pages due for review in the next 90 days
	$(BIN)/python -m scripts.review_report --within-days 90

.PHONY: pemat
pemat: $(STAMP) ## PEMAT-P / CDC Clear Communication checklist per page (fails on a required item)
	$(BIN)/python -m mkdocs build --clean --site-dir site
	$(BIN)/python -m scripts.pemat_checklist site

# PAGE, BY, ROLE, ORG, NOTE and DATE reach the scripts as environment variables (make
# exports command-line variables), so quotes and $ in names are never run by the shell.
sign-off: $(STAMP) ## Record a clinical sign-off: PAGE=docs/x.md BY="Name" ROLE="Role" ORG="Organisation"
	$(BIN)/python -m scripts.sign_off

record-change: $(STAMP) ## Record a dated change: PAGE=docs/x.md NOTE="What changed, in plain words" (AMEND=1: update today's entry)
	$(BIN)/python -m scripts.changes record

changes-needed: $(STAMP) ## List pages whose content changed since their newest change entry
	$(BIN)/python -m scripts.changes needed

csp: $(BUILD_STAMP) ## Print the Content-Security-Policy header for the built site/
	$(BIN)/python -m scripts.build_csp $(SITE_DIR)

csp-check: $(BUILD_STAMP) ## Compare a deployed CSP (DEPLOYED=config file, folder or URL) with site/
	@test -n "$(DEPLOYED)" || { echo "DEPLOYED is not set: make csp-check DEPLOYED=/etc/nginx/snippets/bone-metastases.conf (or a folder, or the site's https:// URL)"; exit 2; }
	$(BIN)/python -m scripts.build_csp $(SITE_DIR) --check "$(DEPLOYED)"

# Both locks with hashes: requirements-build.txt first, then requirements.txt constrained
# to it (same versions). Existing pins are kept unless an .in file asks otherwise
# (pip-compile reads the old lock as its preference), so a re-run gives the same files.
LOCK = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header --annotation-style=line
lock: ## Re-pin requirements-build.txt and requirements.txt (with hashes) from the .in files
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools==7.6.2
	$(LOCK) -o requirements-build.txt requirements-build.in
	$(LOCK) -o requirements.txt requirements.in
	for f in requirements-build.txt requirements.txt; do \
	  sed -i -e '/^--extra-index-url/d' -e '/^--index-url/d' -e '/^--find-links/d' -e '/^# Fully pinned/d' -e '/./,$$!d' "$$f"; \
	  sed -i -e "1i # Fully pinned (direct and transitive) with hashes. Generated from $${f%.txt}.in by \`make lock\`; do not edit by hand." "$$f"; \
	done

clean: ## Remove build output (keeps .venv and .venv-properdocs)
	rm -rf site site.zip .pytest_cache
