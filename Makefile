# State Data Hub: `make run` serves the app with demo data, `make test` runs every test.
# Needs only Python 3.11+ and make. Without DATABASE_URL an embedded PostgreSQL is started
# in .pgdata/ (and reused by later commands; `make stop-db` stops it).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := DJANGO_DEBUG=1 $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install setup lint format check stop-db lock clean backup restore load audit bench

# The web server and a worker for the scheduled jobs (config/schedule.py) together: Ctrl-C
# reaches both (one process group), and the worker is stopped if the server ends otherwise.
run: setup
	@echo "Serving on http://$(HOST):$(PORT)/ with a worker for scheduled jobs (Ctrl-C stops both)"
	$(MANAGE) procrastinate worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	$(MANAGE) runserver $(HOST):$(PORT)

setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) load_survey assessments/data/survey_2024.yaml
	-$(MANAGE) load_baseline  # the 2024 report's figures; refused (and skipped) if 2024 has responses
	$(MANAGE) seed_demo_responses
	$(MANAGE) load_survey assessments/data/ai_readiness.yaml
	$(MANAGE) import_resources hub/data/existing_resources.csv
	$(MANAGE) seed_sharing_demo
	$(MANAGE) seed_hiring_demo
	$(MANAGE) seed_ai_demo
	$(MANAGE) seed_inventory_demo

# Two workers (pytest-xdist), one test database each: the suite uses both cores. "worksteal"
# lets the worker that finishes first take tests queued for the other (the long browser
# journeys otherwise leave one core idle at the end). --durations=25 lists the slowest tests
# at the end: the suite must stay under 10 minutes on a 2-core machine.
TEST_WORKERS ?= 2

test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: lint
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check
	$(VENV)/bin/bandit -q -c pyproject.toml --severity-level low -r config accounts jobs hub assessments sharing inventory hiring ai_registry

# Dependency audit: needs the vulnerability database online, so it is not in `make check`.
audit: install
	$(PY) -m pip install --quiet pip-audit
	$(VENV)/bin/pip-audit -r requirements.lock

# Load test on loopback against gunicorn (needs wrk: apt-get install wrk); prints the figures.
load: install
	$(PY) scripts/loadtest.py $(LOAD_ARGS)

# make backup [FILE=backups/x.dump]; make restore FILE=backups/x.dump
backup: install
	$(MANAGE) backup_database $(FILE)

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/....dump" && exit 2)
	$(MANAGE) restore_database --yes $(FILE)

# Resource hub at scale: seed a separate database first (README, "Resource hub").
bench-hub: install
	$(MANAGE) bench_resources

# The site search at scale (/search/): `seed_scale --resources 100000` first.
bench-search: install
	$(MANAGE) bench_site_search

# Needs assessment at scale: `seed_scale --responses 10000` first (README, "Needs assessment").
bench-assessments: install
	$(MANAGE) bench_assessments

# Sharing at scale: `seed_scale --requests 20000` in a separate database first (README, "Data sharing").
bench-sharing: install
	$(MANAGE) bench_sharing

# The pages users wait for, with no application cache, against DATABASE_URL (seed it with
# seed_scale first, see scripts/bench.py): `make bench BENCH_ARGS="--runs 30"`.
bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

stop-db: install
	$(PY) -m config.devdb stop

# Re-pin every dependency after changing pyproject.toml (run on a machine with the registry).
lock:
	rm -rf /tmp/sdh-lock && $(PYTHON) -m venv /tmp/sdh-lock
	/tmp/sdh-lock/bin/pip install --quiet ".[dev]"
	/tmp/sdh-lock/bin/pip freeze --exclude state-data-hub > requirements.lock

clean: stop-db
	rm -rf $(VENV) .pgdata staticfiles .pytest_cache
