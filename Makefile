# Signpost. `make run` serves the app on SQLite with the curated data; `make test` runs every test.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi.py

TRANSLATIONS := signpost/translations

.PHONY: help install run db translations test test-fast test-browser lint format typecheck assets browser-deps bench soak soak-deps fallback clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed ## Create the virtualenv and install the pinned requirements

db: install ## Create or upgrade the database and load the curated data (which builds the fallback pages)
	$(BIN)/flask db upgrade
	$(BIN)/flask data load --commit

translations: install ## Extract every message into messages.pot, merge it into each language's .po and compile the .mo files
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k N_ --no-location --sort-output \
	  --project Signpost --copyright-holder "" -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

fallback: install ## Build the fallback pages (999, 101, each nation's helplines) from data/ alone
	$(BIN)/flask fallback build

run: db ## Serve the app on 127.0.0.1:$(PORT) (SQLite under instance/ unless SIGNPOST_DATABASE_URL is set)
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

browser-deps: ## Install what the tests run besides Python: Debian's Chromium, poppler (PDF pages) and nginx (its config is checked with nginx -t); needs root and the Debian registry
	@missing=; for tool in /usr/bin/chromium:chromium /usr/bin/pdfinfo:poppler-utils /usr/sbin/nginx:nginx; do \
	  [ -x $${tool%%:*} ] || missing="$$missing $${tool#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install$$missing (sudo apt-get install$$missing) to run the browser and deployment tests"; exit 1; fi; fi

test: install browser-deps lint typecheck ## Lint (with the import contracts), mypy, then the whole suite: unit, integration (SQLite, and PostgreSQL if SIGNPOST_TEST_DATABASE_URL is set), browser
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: install ## Unit and integration tests only, no browser
	$(BIN)/pytest -m "not browser"

test-browser: install browser-deps ## Browser tests only
	$(BIN)/pytest -m browser

lint: install ## ruff lint and format check, the import contracts in pyproject.toml (lint-imports), complexity <= 15
	$(BIN)/ruff check signpost tests
	$(BIN)/ruff format --check signpost tests
	$(BIN)/lint-imports
	$(BIN)/python tools/complexity.py

format: install ## Format the code
	$(BIN)/ruff check --fix signpost tests
	$(BIN)/ruff format signpost tests

typecheck: install ## mypy on signpost/
	$(BIN)/mypy

assets: ## Rebuild the compiled CSS and JS in signpost/static from npm (needs Node.js and npm)
	bash assets/build.sh

bench: install ## Benchmarks against the budgets in DESIGN.md (separate from the tests; needs wrk and PostgreSQL)
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; else echo "Install wrk (sudo apt-get install wrk)"; exit 1; fi; }
	PYTHONPATH=. $(BIN)/python -m bench

soak-deps: ## Install Debian's nginx, wrk and redis-server for the soak (needs root and the Debian registry)
	@for tool in nginx:nginx wrk:wrk redis-server:redis-server; do \
	  command -v $${tool%%:*} >/dev/null || PATH=$$PATH:/usr/sbin command -v $${tool%%:*} >/dev/null || missing="$$missing $${tool#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install$$missing (sudo apt-get install$$missing)"; exit 1; fi; fi

soak: install soak-deps ## Production topology (nginx, 2 gunicorn, PostgreSQL, Redis) under load and faults; writes RESILIENCE.md
	PATH=$$PATH:/usr/sbin PYTHONPATH=. $(BIN)/python -m bench.soak $(SOAK_ARGS)

clean: ## Remove the virtualenv and local database
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
