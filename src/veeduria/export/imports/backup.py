"""Restore a `veeduria export backup` file into an empty database, all or nothing.

The header must name this format and a schema revision this veeduria knows: a backup from an
older revision is restored into a database at that revision, then migrated to the newest one
in the same transaction. The database must be empty (every table); the file must end with the
trailer whose counts match what was read. Everything is inserted in one transaction: any error
rolls it back and the database is left as empty as it was. On PostgreSQL the id sequences are
moved past the restored ids, so new reviews and judgements can be appended afterwards.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.export.backup import FORMAT, FORMAT_VERSION, backup_tables
from veeduria.export.imports import ImportFailure
from veeduria.store import migrate
from veeduria.store.dialect import IMMEDIATE
from veeduria.store.sql import SQLStore

__all__ = ["RestoreResult", "decode_row", "import_backup", "table_counts"]

BATCH = 500


@dataclass
class RestoreResult:
    schema_revision: str
    counts: dict[str, int] = field(default_factory=dict)


def table_counts(conn: Connection) -> dict[str, int]:
    return {
        t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in backup_tables()
    }


def _decoder(column: sa.Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, sa.types.TypeDecorator):
        kind = kind.impl_instance
    if isinstance(kind, sa.LargeBinary):
        return lambda v: None if v is None else base64.b64decode(v, validate=True)
    if isinstance(kind, sa.DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, sa.Boolean):
        return lambda v: None if v is None else bool(v)
    return None


def decode_row(table: sa.Table, raw: dict[str, Any]) -> dict[str, Any]:
    """The row as the database takes it; ValueError names unknown or missing columns."""
    names = set(table.c.keys())
    unknown = sorted(set(raw) - names)
    if unknown:
        raise ValueError(f"table {table.name} has no column {', '.join(unknown)}")
    missing = sorted(names - set(raw))
    if missing:
        raise ValueError(f"row of {table.name} lacks column {', '.join(missing)}")
    out: dict[str, Any] = {}
    for name, value in raw.items():
        decode = _decoder(table.c[name])
        out[name] = decode(value) if decode is not None else value
    return out


def _lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    return enumerate(stream, start=1)


def import_backup(
    store: SQLStore, path: Path | str, stream: IO[str] | None = None
) -> RestoreResult:
    """Restore the backup at `path` (or read from `stream`, named `path` in messages)."""
    where = str(path)
    own = stream is None
    fh: IO[str] = open(path, encoding="utf-8") if stream is None else stream  # noqa: SIM115
    try:
        return _restore(store, where, fh)
    finally:
        if own:
            fh.close()


def _parse(where: str, n: int, line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportFailure(f"{where}, line {n}: not valid JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise ImportFailure(f"{where}, line {n}: expected a JSON object")
    return value


def _restore(store: SQLStore, where: str, fh: IO[str]) -> RestoreResult:
    lines = _lines(fh)
    first = next(lines, None)
    if first is None:
        raise ImportFailure(f"{where}, line 1: empty file, not a veeduria backup")
    header = _parse(where, *first)
    if header.get("format") != FORMAT:
        raise ImportFailure(
            f'{where}, line 1: not a veeduria backup (no "format": "{FORMAT}" header)'
        )
    if header.get("format_version") != FORMAT_VERSION:
        raise ImportFailure(
            f"{where}, line 1: backup format version {header.get('format_version')!r}, "
            f"this veeduria reads version {FORMAT_VERSION}"
        )
    head = migrate.head_revision()
    revision = header.get("schema_revision")
    older = revision != head and isinstance(revision, str) and revision in migrate.known_revisions()
    if revision != head and not older:
        raise ImportFailure(
            f"{where}, line 1: the backup is at schema revision {revision!r}, which this "
            f"veeduria (at {head!r}) does not know: restore it with a veeduria at least as new "
            "as the one that wrote it"
        )
    with store.engine.connect() as conn:
        _refuse_if_not_empty(conn, store, where)  # before any schema change
    if not older:
        store.upgrade()
    # A backup from an older revision: this table changed since when its rows do not fit.
    hint = (
        f" (the backup is at schema revision {revision}, this veeduria at {head}: if the table "
        "changed since, restore the backup with the veeduria version that wrote it, upgrade "
        "that database and back it up again)"
        if older
        else ""
    )
    tables = {t.name: t for t in backup_tables()}
    counts = {name: 0 for name in tables}
    with store.engine.connect() as conn:
        conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            _refuse_if_not_empty(conn, store, where)
            if older:
                assert isinstance(revision, str)
                _schema_at(conn, revision)  # in this transaction: undone with the rows
            batch: list[dict[str, Any]] = []
            batch_table: sa.Table | None = None
            batch_line = 0
            trailer: dict[str, Any] | None = None
            last = 1

            def flush() -> None:
                nonlocal batch
                if batch and batch_table is not None:
                    try:
                        conn.execute(batch_table.insert(), batch)
                    except sa.exc.DBAPIError as exc:
                        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                        raise ImportFailure(
                            f"{where}, lines {batch_line}-{batch_line + len(batch) - 1}: "
                            f"cannot insert into {batch_table.name}: {reason}{hint}"
                        ) from None
                batch = []

            for n, line in lines:
                last = n
                if trailer is not None:
                    if line.strip():
                        raise ImportFailure(f"{where}, line {n}: data after the end line")
                    continue
                record = _parse(where, n, line)
                if record.get("end") is True:
                    trailer = record
                    continue
                name, raw = record.get("t"), record.get("r")
                table = tables.get(name) if isinstance(name, str) else None
                if table is None or not isinstance(raw, dict):
                    raise ImportFailure(f"{where}, line {n}: unknown table {name!r}")
                try:
                    row = decode_row(table, raw)
                except (ValueError, TypeError) as exc:
                    raise ImportFailure(f"{where}, line {n}: {exc}{hint}") from None
                if table is not batch_table or len(batch) >= BATCH:
                    flush()
                    batch_table, batch_line = table, n
                batch.append(row)
                counts[table.name] += 1
            flush()
            if trailer is None:
                raise ImportFailure(
                    f"{where}, line {last}: truncated backup: the file ends without its end "
                    "line; nothing was restored"
                )
            expected = trailer.get("counts")
            if (
                not isinstance(expected, dict)
                or any(expected.get(k, 0) != v for k, v in counts.items())
                or set(expected) - set(counts)
            ):
                raise ImportFailure(
                    f"{where}: the end line's counts {expected} do not match the rows read "
                    f"{counts}; nothing was restored"
                )
            if older:
                migrate.upgrade(conn)  # the restored rows go through the later migrations
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn)
            from veeduria.store.event_index import refresh_keys

            refresh_keys(conn)  # derived, not in the backup: rebuilt from what was restored
    return RestoreResult(schema_revision=head, counts=counts)


def _schema_at(conn: Connection, revision: str) -> None:
    """Bring the empty database to the backup's older `revision`: up from no schema or an
    older one, down from a newer one (it holds no rows)."""
    from alembic import command

    current = migrate.current_revision(conn)
    if current is None or migrate.is_ancestor(current, revision):
        migrate.upgrade(conn, revision)
    else:
        command.downgrade(migrate.alembic_config(connection=conn), revision)


def _refuse_if_not_empty(conn: Connection, store: SQLStore, where: str) -> None:
    present = set(sa.inspect(conn).get_table_names())
    held = {
        t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        for t in backup_tables()
        if t.name in present
    }
    existing = {k: v for k, v in held.items() if v}
    if existing:
        rows = ", ".join(f"{v} {k}" for k, v in sorted(existing.items()))
        raise ImportFailure(
            f"cannot restore {where}: the database {store!r} is not empty ({rows}); "
            "restore a backup only into an empty database"
        )


def _reset_sequences(conn: Connection) -> None:
    for table in backup_tables():
        for col in table.primary_key.columns:
            if isinstance(col.type, sa.Integer) and col.autoincrement in (True, "auto"):
                seq = conn.execute(
                    sa.text("SELECT pg_get_serial_sequence(:t, :c)"),
                    {"t": table.name, "c": col.name},
                ).scalar_one_or_none()
                if seq:
                    conn.execute(
                        sa.text(
                            f"SELECT setval(:s, COALESCE((SELECT MAX({col.name}) FROM "
                            f"{table.name}), 0) + 1, false)"
                        ),
                        {"s": seq},
                    )
