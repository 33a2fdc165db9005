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

# Debian packages the tests need, as command:package: Java (11 or later) runs the Nu HTML checker
# (vnu.jar, from npm), Chromium the browser tests, poppler's pdftotext reads printed PDFs, Node runs
# the worksheet's unit tests and npm fetches axe-core and vnu-jar. Missing ones are installed with
# apt-get, through sudo when not root; without apt-get, the message names what to install.
SYSTEM_TOOLS := java:default-jre-headless chromium:chromium pdftotext:poppler-utils node:nodejs npm:npm
system-deps:
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null || missing="$$missing $$pair"; done; \
	if [ -n "$$missing" ]; then \
	  packages=""; for pair in $$missing; do packages="$$packages $${pair#*:}"; done; \
	  if ! command -v apt-get >/dev/null; then \
	    echo "system-deps: these commands are missing and there is no apt-get to install them:" >&2; \
	    for pair in $$missing; do echo "  $${pair%%:*}  (Debian package $${pair#*:})" >&2; done; \
	    echo "system-deps: install them with your package manager (Java must be 11 or later), then run make again" >&2; \
	    exit 1; \
	  fi; \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null; then sudo=sudo; \
	  else \
	    echo "system-deps: missing:$$packages; installing them needs root, and sudo is not installed." >&2; \
	    echo "system-deps: as root, run: apt-get install$$packages" >&2; \
	    exit 1; \
	  fi; \
	  echo "installing:$$packages$${sudo:+ (with sudo)}"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$packages >/dev/null || { \
	    echo "system-deps: apt-get could not install$$packages" >&2; exit 1; }; \
	fi; \
	java=$$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1); \
	if [ "$${java:-0}" -lt 11 ]; then \
	  echo "system-deps: vnu.jar needs Java 11 or later, and \`java -version\` says: $$(java -version 2>&1 | head -n 1)" >&2; \
	  echo "system-deps: install default-jre-headless (or any JRE 11+) and make it the default java." >&2; \
	  exit 1; \
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
