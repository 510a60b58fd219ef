# Two entry points, each installing what it needs first:
#   make serve  - the service on the embedded store with the demo community
#   make test   - the whole test suite against a real embedded store
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test schema bench clean

serve: $(VENV)/.installed
	$(BIN)/netmap serve --demo

test: $(VENV)/.installed-test $(CHROMIUM)
	$(BIN)/lint-imports
	$(BIN)/pytest

schema: $(VENV)/.installed
	$(BIN)/netmap export-schema

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[embedded]'
	touch $@

$(VENV)/.installed-test: pyproject.toml
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
	rm -rf $(VENV) .pytest_cache

bench: $(VENV)/.installed
	$(BIN)/netmap bench
