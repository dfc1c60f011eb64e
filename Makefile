# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: install run test test-pg migrate seed fixtures clean prod-check vnu

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py create_demo_users

# The web server and, beside it, one background-job worker (upload previews and imports, big
# exports), stopped with it (Ctrl+C). Without --no-reload the worker's autoreloader would leave
# its child behind when stopped.
run: seed
	@$(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The W3C HTML validator for tests/citizen/test_html_valid.py (needs Java; skipped without it).
VNU_VERSION := 26.9.27
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	@command -v npm >/dev/null 2>&1 && npm install --no-save --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION) \
		|| echo "vnu-jar not installed (npm missing or offline): HTML validation tests will be skipped"

vnu: $(VNU_JAR)

test: install vnu
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The whole suite on the local PostgreSQL, where search runs its indexed backend (the tests
# marked `postgresql` are skipped on SQLite). pytest-django creates and drops test_<name>.
PG_URL ?= postgres://postgres@127.0.0.1:5432/portal_dev

test-pg: install vnu
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

fixtures: install
	$(BIN)/python manage.py build_fixtures

# The Dockerfile's steps in a virtualenv, gunicorn on PostgreSQL, a smoke test (docker/prod-check.sh).
prod-check:
	bash docker/prod-check.sh

clean:
	rm -rf $(VENV) .venv-prod db.sqlite3 staticfiles node_modules
