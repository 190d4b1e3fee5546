"""Fixtures for the export tests: an evidence base built from handmade Extractions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from evidence import build_evidence

from veeduria.store import open_store
from veeduria.store.sql import SQLStore


@pytest.fixture
def evidence(sqlite_url: str) -> Iterator[SQLStore]:
    """A SQLite store holding the handmade evidence base."""
    store = open_store(sqlite_url)
    store.upgrade()
    build_evidence(store)
    try:
        yield store
    finally:
        store.close()
