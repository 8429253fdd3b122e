# Two commands do everything: `make run` and `make test`. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Every dependency, the dev tools, the build backend and the English pipeline, pinned
# with their hashes (`make lock` writes it from pyproject.toml and requirements.in).
LOCK := requirements.lock

.PHONY: install lock browser run worker test test-fast lint types format migrations-check audit clean

# The lock installs with --require-hashes; then the project itself, with nothing
# more fetched (no dependencies, no build isolation: setuptools is in the lock).
$(VENV)/.installed: $(LOCK) pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed

# Pin again after changing pyproject.toml or requirements.in; commit the result.
lock:
	test -x $(BIN)/uv || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet 'uv>=0.6,<1'; }
	$(BIN)/uv pip compile pyproject.toml requirements.in --extra dev --generate-hashes \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 \
		--no-header --quiet -o $(LOCK)

# The browser tests drive Debian's Chromium (no browser download from Playwright).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@test -x $(CHROMIUM) || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM) || { echo "$(CHROMIUM) is missing: install Debian's chromium" >&2; exit 1; }

# Migrate, load outlets, start a Celery worker, ingest seeds/ through it, serve.
run: export DEBUG ?= true
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_outlets
	$(BIN)/python manage.py create_demo_accounts
	@set -e; \
	$(BIN)/celery -A attribution worker --loglevel=INFO --concurrency=1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py ingest seeds; \
	echo "Serving on http://127.0.0.1:8000/ (admin: /admin/)"; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

worker: install
	$(BIN)/celery -A attribution worker --loglevel=INFO

# Each prints one line at the end: what ran, how long it took, how it ended.
# $(call timed,TARGET,WHAT IT RUNS,COMMAND)
timed = started=$$(date +%s); status=0; $(3) || status=$$?; \
	echo "make $(1): $(2) in $$(( $$(date +%s) - started )) s, exit $$status"; \
	exit $$status

# The slow groups: real browsers, Celery workers, fault injection, schemathesis, and
# single tests that take seconds (child processes, pathological input).
SLOW := browser or worker or faults or schemathesis or slow

test: install browser
	@$(call timed,test,the whole suite (pytest),$(BIN)/python -m pytest)

test-fast: install
	@$(call timed,test-fast,the suite without the slow groups ($(SLOW)),\
		$(BIN)/python -m pytest -m "not ($(SLOW))")

lint: install
	@$(call timed,lint,ruff check + ruff format --check + mypy,\
		$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy)

types: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities in the locked packages (pip-audit over requirements.lock).
# Needs PyPI; says so when it could check nothing (AUDIT_STRICT=1 fails).
audit: install
	$(BIN)/python .ci/audit.py

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
