"""A full, lossless backup: every table of the evidence base as JSON lines.

    {"format": "veeduria-backup", "format_version": 1, "schema_revision": "0001", ...}  header
    {"t": "documents", "r": {"id": "...", "text": "...", ...}}                             one row
    ...
    {"end": true, "counts": {"documents": 3, ...}}                                         trailer

Tables come in foreign-key order (`schema.metadata.sorted_tables`, so tables added by later
migrations are included without change here; derived tables such as `event_index` are left
out and rebuilt by the restore); rows in primary-key order, except that in a
table that points at itself (documents.syndicated_of, claims.corrects) rows that point
nowhere come first, then by creation time, so a restore never meets a dangling reference.
Bytes are base64, timestamps ISO 8601 with offset. The trailer's counts let a restore detect a
truncated file. Filters do not apply: a backup is everything, reviews and judgements included.
`veeduria import backup` restores it into an empty database.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.export import ExportOptions
from veeduria.export.textio import json_line
from veeduria.store import migrate
from veeduria.store.schema import metadata

__all__ = [
    "DERIVED_TABLES",
    "FORMAT",
    "FORMAT_VERSION",
    "LOCAL_TABLES",
    "backup_tables",
    "encode_row",
    "export_backup",
    "row_order",
]

FORMAT = "veeduria-backup"
FORMAT_VERSION = 1
_TIME_COLUMNS = ("created_at", "ingested_at")


#: Derived tables, rebuilt from the others on restore rather than backed up.
DERIVED_TABLES = frozenset({"event_facets", "event_index"})
#: Run state that only means something on the machine that wrote it (where an interrupted
#: ingest of a local file stopped), not evidence: left out of backups.
LOCAL_TABLES = frozenset({"ingest_checkpoints"})


def backup_tables() -> list[sa.Table]:
    """Every table of the current schema but the derived and local ones, referenced tables
    first."""
    skipped = DERIVED_TABLES | LOCAL_TABLES
    return [t for t in metadata.sorted_tables if t.name not in skipped]


def self_references(table: sa.Table) -> list[sa.Column[Any]]:
    return [fk.parent for fk in table.foreign_keys if fk.column.table is table]


def row_order(table: sa.Table) -> list[Any]:
    """ORDER BY terms that put referenced rows of the same table first."""
    order: list[Any] = [col.is_not(None) for col in self_references(table)]
    if order:
        order.extend(table.c[name] for name in _TIME_COLUMNS if name in table.c)
    pk = list(table.primary_key.columns) or list(table.columns)
    return order + pk


def encode_value(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def encode_row(row: Any) -> dict[str, Any]:
    return {key: encode_value(value) for key, value in row._mapping.items()}


def export_backup(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    from veeduria import __version__

    tables = backup_tables()
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": migrate.current_revision(conn),
        "veeduria_version": __version__,
        "created_at": datetime.now(UTC).isoformat(),
        "dialect": conn.dialect.name,
        "tables": [t.name for t in tables],
    }
    yield json_line(header).encode("utf-8")
    counts: dict[str, int] = {}
    for table in tables:
        n = 0
        parts: list[str] = []
        result = conn.execution_options(yield_per=1000).execute(
            sa.select(table).order_by(*row_order(table))
        )
        for row in result:
            parts.append(json_line({"t": table.name, "r": encode_row(row)}))
            n += 1
            if len(parts) >= 500:
                yield "".join(parts).encode("utf-8")
                parts = []
        if parts:
            yield "".join(parts).encode("utf-8")
        counts[table.name] = n
    yield json_line({"end": True, "counts": counts}).encode("utf-8")
