"""The store's declared public surface (what ingest, nlp, review and the CLI import)."""

from __future__ import annotations

import veeduria.store
from veeduria.store.sql import SQLStore


def test_exported_names() -> None:
    assert sorted(veeduria.store.__all__) == [
        "ClaimRecord",
        "DatabaseNotFound",
        "DocumentRecord",
        "MissingDependency",
        "SchemaMissing",
        "SchemaOutdated",
        "SchemaTooNew",
        "SearchHit",
        "Store",
        "StoreError",
        "open_store",
    ]
    for name in veeduria.store.__all__:
        assert hasattr(veeduria.store, name), name


def test_open_store_gives_an_sql_store(sqlite_url: str) -> None:
    with veeduria.store.open_store(sqlite_url) as store:
        assert isinstance(store, SQLStore)
        assert store.url == sqlite_url
        assert repr(store) == f"SQLStore({sqlite_url!r})"
