# Two entry points, each installing what it needs first:
#   make serve  - the service on the embedded store with the demo community
#   make test   - the whole test suite against a real embedded store
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test schema bench clean

serve: $(VENV)/.installed
	$(BIN)/netmap serve --demo

test: $(VENV)/.installed-test
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

clean:
	rm -rf $(VENV) .pytest_cache

bench: $(VENV)/.installed
	$(BIN)/netmap bench
