# Two commands do all set-up: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
SHARED ?= ../shared
ADDR ?= 127.0.0.1:8000

.PHONY: install run test lint format lock bench-import demo clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## run: install, migrate, load the sample reports and demo users, serve on $(ADDR)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo --shared $(SHARED)
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(ADDR)

## test: install, lint, run the test suite, score the parser against the goldens
test: install lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest
	@if [ -d $(SHARED)/goldens ]; then \
	  $(BIN)/python $(SHARED)/tools/score_extract.py --goldens $(SHARED)/goldens \
	    --reports $(SHARED)/seeds --min 1.0 \
	    --command "$(BIN)/python manage.py parse_report {path} --format json"; \
	else echo "no $(SHARED)/goldens: extract score skipped"; fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin every dependency after changing pyproject.toml
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .venv-lock

bench-import: install
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py bench_import --shared $(SHARED)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --shared $(SHARED)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
