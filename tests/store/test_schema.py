"""The migrations and `store/schema.py` describe the same tables, on both backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from veeduria.store import open_store
from veeduria.store.errors import SchemaMissing, SchemaOutdated, SchemaTooNew
from veeduria.store.migrate import head_revision
from veeduria.store.schema import metadata
from veeduria.store.sql import SQLStore


def _include(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    # Search structures are created with raw DDL, outside the metadata.
    return (name or "") != "search_vector" and not (name or "").startswith(
        ("documents_fts", "ix_documents_search", "alembic_")
    )


def test_migrations_match_schema(store: SQLStore) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _include}
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_schema_checks(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    try:
        with pytest.raises(SchemaMissing, match="run `veeduria init` or `veeduria ingest` first"):
            store.check_schema()
        store.upgrade()
        store.check_schema()
        assert store.schema_revision() == head_revision()
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = 'zzzz'"))
        with pytest.raises(SchemaTooNew, match="newer version"):
            store.check_schema()
    finally:
        store.close()


def test_outdated_schema_is_reported(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from veeduria.store import migrate

    store = open_store(sqlite_url)
    try:
        store.upgrade()
        monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
        with pytest.raises(SchemaOutdated, match="run `veeduria db upgrade`"):
            store.check_schema()
    finally:
        store.close()


def test_sqlite_connection_settings(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    try:
        with store.engine.connect() as conn:
            pragmas = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
        assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}
    finally:
        store.close()
