# `make run` and `make test` work on a fresh machine: they build their own venv.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MO := vahti/locale/fi/LC_MESSAGES/django.mo

.PHONY: setup run serve worker test bench clean

$(STAMP): pyproject.toml requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(MO): vahti/locale/fi/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/python -m vahti.i18n

setup: $(STAMP) $(MO)

# Keys are made once, readable by the owner only, and never next to existing data (new keys
# would make its identity codes unreadable): vahti.config.keys refuses then.
var/secrets.env: | $(STAMP)
	mkdir -p var
	umask 077 && $(BIN)/python -m vahti.config.keys --demo --data var/vahti.sqlite3 > $@.tmp && mv $@.tmp $@

# Migrates, creates the demo organisation (once), re-evaluates today's statuses, serves.
# Development mode (VAHTI_DEVELOPMENT=1): debugging on, and the demo accounts sign in with a
# password only; production is `make serve`-style settings without it (docs/deploy.md).
run: setup var/secrets.env
	@set -a && . ./var/secrets.env && set +a && export VAHTI_DEVELOPMENT=1 VAHTI_BASE_URL=http://127.0.0.1:$(PORT) && \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py vahti_demo && \
	$(BIN)/python manage.py vahti_refresh && \
	echo && echo "Vahti: http://127.0.0.1:$(PORT)/   demo login: demo / vahti-esittely-2026" && \
	echo "(development mode: the demo accounts sign in without the second factor)" && \
	echo "(background work: a worker runs beside the server and stops with it)" && echo && \
	{ $(BIN)/python manage.py vahti_worker --no-reload --verbosity 0 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT); }

# The production server (docs/deploy.md): keys and settings come from the environment, never
# development mode. Checks the deployment (errors stop it), migrates, gathers the static files
# and serves with gunicorn (threads: the database waits, the workers do not).
BIND ?= 127.0.0.1:8000
WORKERS ?= 3
THREADS ?= 8
FORWARDED_ALLOW_IPS ?= 127.0.0.1
serve: setup
	@test -z "$$VAHTI_DEVELOPMENT" || { echo "make serve: unset VAHTI_DEVELOPMENT (production only)"; exit 1; }
	$(BIN)/python manage.py check --deploy --fail-level ERROR
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	exec $(BIN)/gunicorn vahti.config.wsgi:application --config python:vahti.config.gunicorn \
	  --bind $(BIND) --workers $(WORKERS) \
	  --threads $(THREADS) --worker-class gthread --backlog 2048 --timeout 60 \
	  --forwarded-allow-ips "$(FORWARDED_ALLOW_IPS)"

# The background worker for production (docs/deploy.md): run one or more beside `make serve`,
# under the service manager (restarted if it stops); on PostgreSQL several machines may run them.
worker: setup
	@test -z "$$VAHTI_DEVELOPMENT" || { echo "make worker: unset VAHTI_DEVELOPMENT (production only)"; exit 1; }
	exec $(BIN)/python manage.py vahti_worker --no-reload

# The hygiene gate first (ruff: lint and format, configured in pyproject.toml), then the tests
# on every core (pytest-xdist: one database per worker). Work stealing: a worker that runs out
# takes tests queued for the other, so the long browser and crawl tests do not leave one core
# idle at the end (measured: 189 s -> 159 s on 2 cores).
TEST_WORKERS ?= auto
test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

bench: setup
	$(BIN)/python bench/evaluate.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
