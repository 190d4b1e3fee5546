"""The evidence base: documents, claims and decisions in SQLite or PostgreSQL.

    from veeduria.store import open_store
    store = open_store("sqlite:///veeduria.db")   # or postgresql://user@host/db
    store.upgrade()            # create or migrate the schema (idempotent)
    store.add_document(doc, doc_id=..., sha256=...)
    store.save_extraction(extraction)   # -> number of new claims
    store.search("Anez")                # accent- and case-insensitive

`open_store` returns a `SQLStore` (see `veeduria.store.sql`), which implements the `Store`
protocol of `veeduria.store.api` plus a few extras: `check_schema()`, `schema_revision()`,
`match_document_ids(prefix)` and `engine`. Errors a user can fix are `StoreError`s with a
message that says how. Nothing here touches a database at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from veeduria.store.api import ClaimRecord, DocumentRecord, SearchHit, Store
from veeduria.store.errors import (
    DatabaseNotFound,
    MissingDependency,
    SchemaMissing,
    SchemaOutdated,
    SchemaTooNew,
    StoreError,
)

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

__all__ = [
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


def open_store(url: str, *, must_exist: bool = False) -> SQLStore:
    """Open the evidence base at `url` (see `veeduria.config.resolve_db_url`).

    With `must_exist`, a SQLite file that is not there raises DatabaseNotFound instead of
    being created empty: read commands use it so a typo in a path is not silently "no data".
    A bad URL raises `veeduria.config.ConfigError`.
    """
    from veeduria.config import display_url, sqlite_path
    from veeduria.store.sql import SQLStore

    if must_exist:
        path = sqlite_path(url)
        if path is not None and not path.exists():
            raise DatabaseNotFound(
                f"no evidence base at {display_url(url)} ({path} does not exist): "
                "run `veeduria init` or `veeduria ingest` first"
            )
    return SQLStore(url)
