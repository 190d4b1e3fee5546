"""Fixtures for the import tests: the handmade evidence base of tests/export, and the real
reference files under /work/shared/data (tests using them skip when they are absent)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "export"))

from evidence import build_evidence

from veeduria.store import open_store
from veeduria.store.sql import SQLStore


@pytest.fixture
def evidence(sqlite_url: str) -> Iterator[SQLStore]:
    store = open_store(sqlite_url)
    store.upgrade()
    build_evidence(store)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[SQLStore]:
    store = open_store(f"sqlite:///{tmp_path / 'target.db'}")
    store.upgrade()
    try:
        yield store
    finally:
        store.close()
