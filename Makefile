# Next Round: `make serve` to preview the hub, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: serve build check test lint test-js system-deps clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# --ignore-scripts: vnu-jar's postinstall would download a Java runtime when none is on PATH; Java is a
# system package here (system-deps), so nothing is fetched besides the locked packages.
node_modules/.installed: package.json package-lock.json | system-deps
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $@

serve: $(VENV)/.installed
	$(PY) -m generator serve --port $(PORT)

build: $(VENV)/.installed
	$(PY) -m generator build

# Debian packages the tests need: Java runs the Nu HTML checker, Chromium the browser tests,
# poppler's pdftotext reads printed PDFs, Node runs the worksheet's unit tests and holds axe-core.
SYSTEM_TOOLS := java:default-jre-headless chromium:chromium pdftotext:poppler-utils node:nodejs npm:npm
system-deps:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/ruff format --check generator tests
	$(VENV)/bin/mypy

test-js: system-deps node_modules/.installed
	node --test tests/js/

test: $(VENV)/.installed system-deps node_modules/.installed lint test-js
	$(VENV)/bin/pytest

clean:
	rm -rf public .cache $(VENV) node_modules
