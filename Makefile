# Postwright: `make run` to try it, `make test` to check it. Each sets everything up itself.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

# Candidates, newest first; each is run, because a pyenv shim may exist and still fail.
PYTHON_CANDIDATES = $(PYTHON) python3.14 python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.*/bin/python3) /usr/local/bin/python3 /usr/bin/python3 python3

.PHONY: help setup run test lint format bench chromium demo clean

help:
	@echo "make run    set up, load the demo series and serve Postwright on http://$(HOST):$(PORT)/"
	@echo "make test   set up and run ruff and the whole test suite (browser tests included)"
	@echo "make bench  measure pages, diff, rendering, import and export (writes bench/results.md)"

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

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install Bootstrap (apt-get install -y npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $@

setup: $(VENV)/.installed node_modules/.installed
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0

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
	@echo "  (Ctrl+C stops the server.)"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: setup chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(PY) -m pytest

lint format:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	@if ! command -v wrk >/dev/null; then \
	  echo "Installing wrk for the HTTP benchmark (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null \
	    || echo "wrk could not be installed: the benchmark uses its Python load client."; \
	fi
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
