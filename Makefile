# The two commands a new user needs:  make demo   and   make test
# Both create .venv (Python 3.11+) from the hash-pinned requirements.lock on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# requirements.lock: what veeduria needs to run. requirements-dev.lock: that plus the test tools,
# the FollowTheMoney extra (PyICU compiles against ICU: Debian's libicu-dev and pkg-config) and
# the Dask extra (`veeduria extract --engine dask`).
# A stamp names each lock's hash, so a changed lock reinstalls and an unchanged one does nothing.
RUN_STAMP := $(VENV)/.run-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements-dev.lock pyproject.toml | sha256sum | cut -c1-16)
PIP := $(BIN)/pip install --quiet --disable-pip-version-check --no-deps

.PHONY: install install-dev demo test lint bench lock clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("veeduria needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-build-isolation -e .
	@rm -f $(VENV)/.run-*
	@touch $@

$(DEV_STAMP): requirements-dev.lock pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes -r requirements-dev.lock
	$(PIP) --no-build-isolation -e .
	@rm -f $(VENV)/.dev-* $(VENV)/.run-*
	@touch $@ $(RUN_STAMP)

install: $(RUN_STAMP)

install-dev: $(DEV_STAMP)

demo: install
	$(BIN)/veeduria demo

test: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install-dev
	$(BIN)/python bench/ingest.py

UV_COMPILE := uv pip compile pyproject.toml requirements/extra.in --override requirements/overrides.txt \
	--generate-hashes --python-version 3.11 --universal --no-header --extra models --extra postgres \
	--extra embeddings

lock:
	$(UV_COMPILE) -o requirements.lock
	$(UV_COMPILE) --extra ftm --extra dask --extra dev -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
