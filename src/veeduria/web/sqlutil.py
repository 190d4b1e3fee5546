"""Small SQL helpers the web's read queries share across SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

__all__ = ["json_text", "read_only_engine"]


def json_text(expr: Any, key: str, dialect: str) -> sa.ColumnElement[str]:
    """The text of field `key` of a JSON object stored as text (claims.value)."""
    if dialect == "postgresql":
        return sa.type_coerce(
            sa.cast(expr, postgresql.JSONB).op("->>")(sa.literal(key)), sa.String()
        )
    return sa.type_coerce(sa.func.json_extract(expr, f"$.{key}"), sa.String())


def read_only_engine(url: str) -> sa.Engine:
    """An engine whose connections refuse writes (the datasette habit for web reads).

    SQLite connections set `PRAGMA query_only`; PostgreSQL sessions default to read-only
    transactions. Writes (reviews) go through the store's own engine.
    """
    from sqlalchemy import event

    from veeduria.store.dialect import make_engine

    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.execute("SET statement_timeout = 10000")
        cursor.close()
        if engine.dialect.name != "sqlite":
            dbapi_connection.commit()

    return engine
