# Postwright: `make run` to try it, `make test` to check it. Each sets everything up itself,
# from the committed lock files only (uv.lock, package-lock.json).
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
# The installer is bootstrapped with pip at this version, which uv.lock also pins (a test checks both agree).
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
TIMES := .phase-times
# uv never downloads a Python of its own: it uses the interpreter the venv was made with.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Candidates, newest first; each is run, because a pyenv shim may exist and still fail.
PYTHON_CANDIDATES = $(PYTHON) python3.14 python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.*/bin/python3) /usr/local/bin/python3 /usr/bin/python3 python3

# $(call phase,NAME,COMMAND): run COMMAND, then print and record how long it took.
define phase
	@start=$$(date +%s%N); $(2) || exit $$?; \
	ms=$$(( ($$(date +%s%N) - start) / 1000000 )); \
	printf '%s %d\n' '$(1)' "$$ms" >> $(TIMES); \
	printf '== %-8s %5d.%01d s\n' '$(1)' $$((ms / 1000)) $$((ms % 1000 / 100))
endef

.PHONY: help install setup run test lint format types archcheck lock upgrade bench chromium demo clean

help:
	@echo "make run      set up, load the demo series and serve Postwright on http://$(HOST):$(PORT)/ with its task worker"
	@echo "make test     set up and run lint, type and architecture checks and the whole test suite (one worker per core)"
	@echo "make lock     refresh uv.lock after editing pyproject.toml (same versions where possible)"
	@echo "make upgrade  refresh uv.lock to the newest versions pyproject.toml allows"
	@echo "make bench    measure pages, diff, rendering, import and export (writes bench/results.md)"

$(PY):
	@best=""; bestv=0; \
	for c in $(PYTHON_CANDIDATES); do \
	  v=$$("$$c" -c 'import sys; print(sys.version_info[0] * 100 + sys.version_info[1])' 2>/dev/null) || continue; \
	  if [ "$$v" -ge 312 ] && [ "$$v" -gt "$$bestv" ]; then best=$$c; bestv=$$v; fi; \
	done; \
	if [ -z "$$best" ]; then \
	  echo "Postwright needs Python 3.12 or newer (Django 6.1), and none that runs was found." >&2; \
	  echo "Install one (e.g. pyenv install 3.13) or name it: make run PYTHON=/path/to/python3.13" >&2; \
	  exit 1; \
	fi; \
	echo "Using $$best ($$("$$best" --version))"; \
	"$$best" -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# --locked: install exactly uv.lock, and fail if pyproject.toml asks for something the lock does not say.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install Bootstrap and the editor (apt-get install -y npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $@

# The editor's JavaScript (CodeMirror, Yjs) bundled from npm packages; built, never committed.
# live-view.js is the review page's read-only view of the same room.
BUNDLE := static/build/live-editor.js
VIEW_BUNDLE := static/build/live-view.js
FRONTEND := $(wildcard frontend/*.js)
$(BUNDLE): $(FRONTEND) package-lock.json node_modules/.installed
	node_modules/.bin/esbuild frontend/live-editor.js --bundle --minify --format=iife \
	  --target=es2020 --log-level=warning --outfile=$@

$(VIEW_BUNDLE): $(FRONTEND) package-lock.json node_modules/.installed
	node_modules/.bin/esbuild frontend/live-view.js --bundle --minify --format=iife \
	  --target=es2020 --log-level=warning --outfile=$@

install: $(VENV)/.installed node_modules/.installed $(BUNDLE) $(VIEW_BUNDLE)

setup:
	$(call phase,install,$(MAKE) --no-print-directory install)
	$(call phase,migrate,$(PY) manage.py migrate --noinput -v 0)
	$(call phase,static,$(PY) manage.py collectstatic --noinput -v 0)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Chromium for the browser tests (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi
	@"$(CHROMIUM)" --version

demo: setup
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  Postwright is running at http://$(HOST):$(PORT)/"
	@echo "  Log in as: demo / postwright-demo"
	@echo "  The task worker runs beside it (reminders, e-mail printed here)."
	@echo "  (Ctrl+C stops the server and the worker.)"
	@echo ""
	@trap 'kill $$worker $$scanner 2>/dev/null; wait' EXIT INT TERM; \
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	$(PY) manage.py send_reminders --every 900 & scanner=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0

types:
	$(VENV)/bin/mypy

archcheck:
	$(VENV)/bin/lint-imports --no-cache

test:
	@rm -f $(TIMES); date +%s%N > $(TIMES).start
	@$(MAKE) --no-print-directory setup
	$(call phase,chromium,$(MAKE) --no-print-directory chromium)
	$(call phase,lint,$(MAKE) --no-print-directory lint)
	$(call phase,types,$(MAKE) --no-print-directory types archcheck)
	$(call phase,tests,$(PY) -m pytest -n auto --dist loadgroup)
	@echo "== phase times (s)"; \
	awk '{ printf "   %-8s %6.1f\n", $$1, $$2 / 1000 }' $(TIMES); \
	total=$$(( ($$(date +%s%N) - $$(cat $(TIMES).start)) / 1000000 )); \
	printf '   %-8s %6.1f\n' total "$$(awk "BEGIN { print $$total / 1000 }")"

format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

lock: | $(UV)
	$(UV) lock

upgrade: | $(UV)
	$(UV) lock --upgrade

bench: setup
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing wrk for the HTTP benchmark (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null \
	    || echo "wrk could not be installed: the benchmark uses its Python load client."; \
	fi
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3 .mypy_cache $(TIMES) $(TIMES).start
