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
# pip itself comes first, at the lock's version and hashes: a venv's own pip may be
# old enough to misread an extra in hash-checking mode (pip 23.2 turned weasel's
# `smart-open[http]` into an unpinned requirement once a newer smart-open was out).
$(VENV)/.installed: $(LOCK) pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	sed -n '/^pip==/,/^[^ ]/{/^pip==/p;/^ *--hash/p;}' $(LOCK) > $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/pip.lock
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

# Migrate, load outlets, start a Celery worker (its log in var/worker.log), ingest
# seeds/ through it, serve; the demo logins are printed last, once the site answers.
PORT ?= 8000
run: export DEBUG ?= true
run: export DJANGO_RUNSERVER_HIDE_WARNING ?= true
run: install
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py load_outlets
	@set -e; log="$${VAR_DIR:-var}/worker.log"; mkdir -p "$$(dirname "$$log")"; \
	$(BIN)/celery -A attribution worker --loglevel=INFO --concurrency=1 >"$$log" 2>&1 & \
	worker=$$!; \
	trap 'kill $$worker $$logins 2>/dev/null' EXIT INT TERM; \
	echo "Celery worker started (its log: $$log)"; \
	$(BIN)/python manage.py ingest seeds; \
	$(BIN)/python manage.py create_demo_accounts --wait-for http://127.0.0.1:$(PORT)/ & \
	logins=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: export DEBUG ?= true
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
# Of those, the groups that start servers, workers and browsers run one at a time.
SERIAL := browser or worker or faults
TEST_WORKERS ?= 2

# The whole suite in two runs: everything but the SERIAL groups in parallel, then
# those in one process, since browsers, workers and faults share ports, a broker and
# two cores. `.ci/run` runs the same two through .ci/suite.
test: install browser
	@$(call timed,test,the whole suite (in $(TEST_WORKERS) processes then the serial groups),\
		SERIAL="$(SERIAL)" TEST_WORKERS=$(TEST_WORKERS) PYTHON=$(BIN)/python .ci/suite)

# Bytecode is written here even where the environment says not to: pytest keeps the
# assertion rewriting of every test module there, seconds of each run's collection.
# The fast tests run in parallel, one pytest-xdist process per core, each with a test
# database of its own (pytest-django suffixes its name with the worker's id);
# worksteal moves tests from a busy process to an idle one near the end.
test-fast: install
	@$(call timed,test-fast,the suite without the slow groups ($(SLOW)) in $(TEST_WORKERS) processes,\
		env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -m "not ($(SLOW))" \
		-n $(TEST_WORKERS) --dist worksteal)

lint: install
	@$(call timed,lint,ruff check + ruff format --check + mypy,\
		$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy)

types: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Development settings (DEBUG on): the settings refuse to load without SECRET_KEY
# otherwise, and this check needs no secret.
migrations-check: export DEBUG ?= true
migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities in the locked packages (pip-audit over requirements.lock).
# Needs PyPI; says so when it could check nothing (AUDIT_STRICT=1 fails).
audit: install
	$(BIN)/python .ci/audit.py

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
