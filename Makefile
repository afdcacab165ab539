# Two commands do all set-up: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.lock pyproject.toml | cksum | cut -d' ' -f1)
SHARED ?= ../shared
ADDR ?= 127.0.0.1:8000
# Development commands run with DEBUG on unless told otherwise: with DEBUG off the app
# refuses to start without a real SECRET_KEY (README "Production settings").
DEV := DEBUG=$${DEBUG:-true}
# pip-audit's vulnerability service: pypi (PyPI's JSON API) or osv (osv.dev).
AUDIT_SERVICE ?= pypi

.PHONY: install run test lint format lock bench-import bench-sweep demo clean bench-pages screenshots bench-api bench-load bench-ical audit deploy-check

# The development lock (a superset of the runtime lock, same pins), every file checked by hash.
$(STAMP): requirements/dev.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
	  -r requirements/dev.lock
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## run: install, migrate, load the sample reports and demo users, serve on $(ADDR)
## The server runs with DEBUG off (DEBUG=true make run turns it on), so the demo shows the
## app's own 404 and 500 pages, not Django's debug pages that list every URL; its
## SECRET_KEY is made once into var/dev-secret-key, and WhiteNoise serves the static files.
RUN_HOST = $(firstword $(subst :, ,$(ADDR)))
run: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEV) $(BIN)/python manage.py load_demo --shared $(SHARED)
	@mkdir -p var && test -s var/dev-secret-key || \
	  $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/dev-secret-key
	DEBUG=$${DEBUG:-false} SECRET_KEY=$${SECRET_KEY:-$$(cat var/dev-secret-key)} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$(RUN_HOST)} \
	  SITE_URL=$${SITE_URL:-http://$(ADDR)} $(BIN)/python manage.py runserver $(ADDR)

## test: install, lint, run the test suite, score the parser against the goldens
test: install lint
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest
	@if [ -d $(SHARED)/goldens ]; then \
	  $(BIN)/python $(SHARED)/tools/score_extract.py --goldens $(SHARED)/goldens \
	    --reports $(SHARED)/seeds --min 1.0 \
	    --command "env DEBUG=true $(BIN)/python manage.py parse_report {path} --format json"; \
	else echo "no $(SHARED)/goldens: extract score skipped"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin after changing pyproject.toml. pip-tools (in a throw-away venv) writes
## requirements/runtime.lock (the image's: `dependencies` only) and requirements/dev.lock
## (plus the `dev` extra, held to the runtime pins), both with hashes. Existing pins are kept
## unless pyproject.toml needs others; `make lock LOCK_ARGS=--upgrade` moves them all.
LOCK_ARGS ?=
PIP_COMPILE = .venv-lock/bin/pip-compile --quiet --strip-extras --generate-hashes --allow-unsafe \
  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --disable-pip-version-check 'pip-tools>=7.4'
	$(PIP_COMPILE) -o requirements/runtime.lock pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements/runtime.lock -o requirements/dev.lock pyproject.toml
	rm -rf .venv-lock

bench-import: install
	$(DEV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(DEV) $(BIN)/python manage.py bench_import --shared $(SHARED)

## bench-sweep: England-scale data in a PostgreSQL database of its own (DATABASE_URL, default
## $(BENCH_DATABASE_URL)) and a Redis database of its own (BENCH_REDIS_URL); times the whole
## sweep (first of the day, and later), and planning beside its candidate scan, at 1x and 10x
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/8
BENCH_SWEEP_ENV = $(DEV) DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} REDIS_URL=$(BENCH_REDIS_URL)
bench-sweep: install
	@psql $(dir $(BENCH_DATABASE_URL))postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
	  || psql $(dir $(BENCH_DATABASE_URL))postgres -c 'CREATE DATABASE "$(notdir $(BENCH_DATABASE_URL))"'
	$(BENCH_SWEEP_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BENCH_SWEEP_ENV) $(BIN)/python manage.py bench_sweep --reset

## bench-pages: render times of the pages on bench-load's England-scale PostgreSQL database
## (BENCH_LOAD_DATABASE_URL; built once), as the largest and a small provider's manager and a regulator
bench-pages: install
	$(DEV) $(BIN)/python -m compliance.devtools.bench_pages

## screenshots: PNGs of the main pages at desktop and phone widths into var/screenshots/
## (sample data, served on loopback, Debian's chromium at /usr/bin/chromium)
screenshots: install
	$(DEV) $(BIN)/python -m compliance.devtools.screenshots --out var/screenshots --seeds $(SHARED)/seeds

## bench-api: p50/p95 server time of each API list and summary endpoint beside raw SQL, at
## England scale, in a PostgreSQL database of its own (created, migrated and filled if empty)
BENCH_API_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bench_load
bench-api: install
	$(DEV) DATABASE_URL=$(BENCH_API_DATABASE_URL) $(BIN)/python manage.py bench_api --setup

## bench-load: req/s, p50, p99 of the API and pages under gunicorn + wrk at England scale (3,500
## homes, 10 years) in a PostgreSQL database of its own, built once and reused (BENCH_LOAD_DATABASE_URL)
bench-load: install
	$(BIN)/python -m compliance.devtools.bench_load

## bench-ical: the calendar feed's writer against the icalendar package (time, and whether
## icalendar reads the feed back as the same events); ICALENDAR_PATH names where icalendar is
bench-ical: install
	$(DEV) ICALENDAR_PATH=$(ICALENDAR_PATH) $(BIN)/python -m compliance.devtools.bench_ical

demo: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_demo --shared $(SHARED)

## audit: check every pinned dependency for known vulnerabilities. Fails (non-zero) when a
## package could not be checked or the service cannot be reached, never "passes" unchecked.
audit: install
	$(BIN)/pip-audit --requirement requirements/dev.lock --no-deps --disable-pip --strict \
	  --progress-spinner off --vulnerability-service $(AUDIT_SERVICE)

## deploy-check: Django's deployment checklist with the README's production settings
## (example values; a real deployment checks its own environment the same way)
deploy-check: install
	DEBUG=false SECRET_KEY=deploy-check-only-0123456789abcdefghijklmnopqrstuvwxyzABCD \
	  ALLOWED_HOSTS=compliance.example.org SECURE_SSL_REDIRECT=true SESSION_COOKIE_SECURE=true \
	  SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=true SECURE_HSTS_PRELOAD=true \
	  SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto,https \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
