# Two entry points, each installing what it needs first:
#   make serve  - the service on the embedded store with the demo community
#   make test   - the whole test suite against a real embedded store, then every Cypher
#                 statement it sent checked with Neo4j's own Cypher front end (Node.js)
# netmap needs Python 3.11 or newer (Starlette 1.x and current Strawberry do): the first
# of these that runs and is new enough, unless PYTHON=/path/to/python is given.
SUPPORTED := python3.13 python3.12 python3.11
NEEDED := Python 3.11 or newer (tested on 3.11 and 3.13)
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach p,$(SUPPORTED),$(shell $(p) -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1 && echo $(p))))
endif
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CYPHER_CHECK := tools/cypher-check
CYPHER_OUT := .cypher-check
AXE := tools/axe

.PHONY: serve test check schema bench clean

serve: $(VENV)/.installed
	$(BIN)/netmap serve --demo

test: $(VENV)/.installed-test $(CHROMIUM) $(CYPHER_CHECK)/node_modules/.installed $(AXE)/node_modules/.installed
	$(BIN)/lint-imports
	rm -rf $(CYPHER_OUT) && mkdir -p $(CYPHER_OUT)
	NETMAP_CYPHER_LOG=$(CURDIR)/$(CYPHER_OUT)/statements.jsonl $(BIN)/pytest
	$(BIN)/python -m netmap.store.names > $(CYPHER_OUT)/names.json
	node $(CYPHER_CHECK)/check.mjs $(CYPHER_OUT)/statements.jsonl $(CYPHER_OUT)/names.json

# The inner loop, under a minute: the tests marked `fast` (domain, analysis, store-level
# writes, a smoke of the API). Only the modules that mark some are collected, which saves
# importing the rest. `make test` runs every tier.
FAST_TESTS = $(shell grep -l 'pytest.mark.fast' tests/test_*.py)
check: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(BIN)/pytest -m fast -q $(FAST_TESTS)

# Neo4j's Cypher front end, at the version package-lock.json pins, run with the machine's Node.js.
$(CYPHER_CHECK)/node_modules/.installed: $(CYPHER_CHECK)/package-lock.json
	@command -v node >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	cd $(CYPHER_CHECK) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# axe-core, at the version package-lock.json pins: the browser tests inject it into every page they visit.
$(AXE)/node_modules/.installed: $(AXE)/package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

schema: $(VENV)/.installed
	$(BIN)/netmap export-schema

# Stops at once, before anything is installed, when no suitable Python is found.
define check_python
	@if [ -z "$(PYTHON)" ]; then \
	  echo "netmap needs $(NEEDED): none of $(SUPPORTED) runs here (python3 is $$(python3 --version 2>&1 || echo missing))."; \
	  echo "Install one, or give its path: make PYTHON=/path/to/python3.11 ..."; exit 1; \
	elif ! $(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1; then \
	  echo "netmap needs $(NEEDED); PYTHON=$(PYTHON) is $$($(PYTHON) --version 2>&1 || echo 'not a Python that runs')."; \
	  echo "Install one, or give its path: make PYTHON=/path/to/python3.11 ..."; exit 1; \
	fi
endef

$(VENV)/.installed: pyproject.toml
	$(check_python)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[embedded]'
	touch $@

$(VENV)/.installed-test: pyproject.toml
	$(check_python)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[embedded,test]'
	touch $@ $(VENV)/.installed

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "The browser tests need Chromium at $(CHROMIUM): install it, or set CHROMIUM=path."; exit 1; }
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

clean:
	rm -rf $(VENV) .pytest_cache $(CYPHER_OUT) $(CYPHER_CHECK)/node_modules $(AXE)/node_modules

bench: $(VENV)/.installed
	$(BIN)/netmap bench
