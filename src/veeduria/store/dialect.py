"""The few places where SQLite and PostgreSQL differ, kept together.

- Engine set-up: SQLite gets WAL, a 30 s busy timeout and foreign keys on every connection, and
  write transactions that take the write lock up front (`BEGIN IMMEDIATE`), so two writers wait
  for each other instead of failing half-way (the datasette habit).
- Insert-or-ignore: `ON CONFLICT DO NOTHING` in both, through each dialect's insert construct.
- SQLite's limit on bound variables: long `IN (...)` lists are cut into chunks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from veeduria.store.errors import MissingDependency

__all__ = [
    "IMMEDIATE",
    "SQLITE_BUSY_TIMEOUT_MS",
    "chunked",
    "insert_ignore",
    "make_engine",
]

#: How long a SQLite connection waits for another writer before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: Below SQLite's historic 999 bound-variable limit, with room for other parameters.
CHUNK_SIZE = 500
#: Execution option that makes a SQLite transaction start with BEGIN IMMEDIATE.
IMMEDIATE = "veeduria_immediate"

T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """An engine for a resolved URL (see `veeduria.config.resolve_db_url`)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise MissingDependency(
            "PostgreSQL needs the psycopg driver: pip install 'veeduria[postgres]'"
        ) from exc
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    kwargs: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if url == "sqlite://":
        # One shared connection, or every checkout would see a different empty database.
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    engine = sa.create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if url != "sqlite://":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def insert_ignore(conn: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows, skipping those whose primary or unique key is already stored."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        stmt: Any = postgresql.insert(table).on_conflict_do_nothing()
    elif conn.dialect.name == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two backends above are supported
        raise NotImplementedError(conn.dialect.name)
    conn.execute(stmt, list(rows))


def chunked(items: Sequence[T], size: int = CHUNK_SIZE) -> Iterator[Sequence[T]]:
    """Slices of at most `size` items, for IN lists that must stay under variable limits."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
