# Next Round: `make serve` to preview the hub, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: serve build check test lint system-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

serve: $(VENV)/.installed
	$(PY) -m generator build --base-url http://127.0.0.1:$(PORT)/
	$(PY) -m http.server --bind 127.0.0.1 --directory public $(PORT)

build: $(VENV)/.installed
	$(PY) -m generator build

# Java runs the Nu HTML checker; Chromium and poppler run the browser and print tests.
system-deps:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/ruff format --check generator tests
	$(VENV)/bin/mypy

test: $(VENV)/.installed system-deps lint
	$(VENV)/bin/pytest

clean:
	rm -rf public .cache $(VENV)
