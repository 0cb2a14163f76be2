# The two set-up commands: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Exported so that links in mail made by `flask` commands point at the same port.
export PORT ?= 5000
export FLASK_APP := wsgi:app

.PHONY: help run test test-sqlite test-postgres test-browser scaleout screenshots lint fmt seed migrate install install-test bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Install the app into .venv

install-test: $(VENV)/.installed-test ## Install the app and the test tools into .venv

migrate: install ## Bring the database schema up to date
	$(BIN)/flask db upgrade

run: migrate ## Install, migrate, load the demo board once, serve on http://127.0.0.1:$(PORT)
	@$(BIN)/flask seed-demo --if-empty
	@echo ""
	@echo "  Governance is at http://127.0.0.1:$(PORT)"
	@echo "  Demo logins (password demo-password-2026):"
	@echo "    admin@demo.test  secretary@demo.test  chair@demo.test  parent@demo.test  auditor@demo.test"
	@echo ""
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

seed: migrate ## Load the demo board into the database
	$(BIN)/flask seed-demo

test: install-test ## Install the test tools, lint, and run the whole suite on SQLite and PostgreSQL
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python scripts/run_tests.py

test-sqlite: install-test ## Run the suite on SQLite only
	$(BIN)/python -m pytest

test-browser: install-test ## Run the browser tests (Chromium, axe-core) only
	$(BIN)/python scripts/browser_tests.py

scaleout: install-test ## Start HAProxy, 2 gunicorn, PostgreSQL, Redis on loopback; run tests/deploy/ (SERVE=1 keeps it up)
	$(BIN)/python scripts/scaleout.py $(if $(SERVE),--serve)

screenshots: install-test ## Run the browser tests and refresh the README's pictures in docs/
	GOVERNANCE_DOCS_SCREENSHOTS=1 $(BIN)/python scripts/browser_tests.py

lint: install-test ## ruff, mypy, and the import contracts (lint-imports)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

fmt: install-test ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[bench]'
	@touch $@

BENCH_DB ?= sqlite
BENCH_SCALE ?= 0.1
bench: $(VENV)/.installed-bench ## Benchmark against a minimal Flask floor (BENCH_DB=sqlite|postgresql BENCH_SCALE=0.1); needs wrk
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
	$(BIN)/python scripts/bench.py --db $(BENCH_DB) --scale $(BENCH_SCALE)
