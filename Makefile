# The two commands a new user needs:  make demo   and   make test
# Both create .venv (Python 3.11+) from the hash-pinned requirements.lock on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The stamp names the lock's hash, so a changed lock reinstalls and an unchanged one does nothing.
LOCK_HASH := $(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(LOCK_HASH)

.PHONY: install demo test lint typecheck bench lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("veeduria needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

demo: install
	$(BIN)/veeduria demo

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/ingest.py

lock:
	uv pip compile pyproject.toml requirements/extra.in --extra models --extra postgres --extra dev \
	  --override requirements/overrides.txt --generate-hashes --python-version 3.11 --universal \
	  --no-header -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
