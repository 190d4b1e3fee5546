"""Bulk writes for ingest: many documents in one transaction, with COPY on PostgreSQL.

`write_documents` stores a batch of new documents, their original bytes (`blobs`) and, in the
same transaction, the checkpoints of the table files they came from (`ingest_checkpoints`), so a
crash leaves either the whole batch and its checkpoint or neither.

- PostgreSQL: the rows are COPYed (psycopg 3 `cursor.copy`) into temporary tables dropped at
  commit, then moved with `INSERT ... SELECT ... ON CONFLICT DO NOTHING`, because COPY into a
  table with a unique constraint fails on the first conflict. `RETURNING id` says which
  documents this batch stored; one that another writer stored meanwhile is left out.
- SQLite: one `executemany` per table, inside `BEGIN IMMEDIATE` (no other writer can interleave,
  so what is checked first is still true when inserting).

Triggers (immutability, full-text search) and foreign keys apply as for single inserts. A batch
that the database refuses raises; the caller writes its documents one by one instead, so only
the faulty one fails (see `veeduria.ingest.pipeline`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from veeduria.store.dialect import chunked, insert_ignore
from veeduria.store.schema import blobs, documents, ingest_checkpoints
from veeduria.types import IngestedDocument

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

__all__ = [
    "Checkpoint",
    "NewDocument",
    "blob_row",
    "document_row",
    "load_checkpoint",
    "stored_shas",
    "supports_bulk",
    "write_documents",
]


@dataclass(frozen=True)
class NewDocument:
    """A document to store, with what ingest computed for it."""

    doc: IngestedDocument
    doc_id: str
    sha256: str
    minhash: bytes | None = None
    syndicated_of: str | None = None
    syndication_similarity: float | None = None


@dataclass(frozen=True)
class Checkpoint:
    """How far the ingest of one table file got: a row of `ingest_checkpoints`."""

    path: str
    size: int
    head_sha256: str
    rows_done: int
    byte_offset: int
    before_sha256: str


def supports_bulk(store: object) -> bool:
    """True for stores this module can write to (`SQLStore`); others get single inserts."""
    from veeduria.store.sql import SQLStore

    return isinstance(store, SQLStore)


def blob_row(doc: IngestedDocument, now: datetime) -> dict[str, Any] | None:
    """The `blobs` row for a document's original bytes (None when it has none)."""
    if doc.raw is None:
        return None
    return {
        "sha256": hashlib.sha256(doc.raw).hexdigest(),
        "data": doc.raw,
        "mime": doc.raw_mime,
        "size": len(doc.raw),
        "created_at": now,
    }


def document_row(
    doc: IngestedDocument,
    *,
    doc_id: str,
    sha256: str,
    raw_sha256: str | None,
    minhash: bytes | None,
    syndicated_of: str | None,
    syndication_similarity: float | None,
    now: datetime,
) -> dict[str, Any]:
    """The `documents` row for a document (the same for single and bulk inserts)."""
    return {
        "id": doc_id,
        "sha256": sha256,
        "text": doc.text,
        "length": len(doc.text),
        "url": doc.url,
        "title": doc.title,
        "publisher": doc.publisher,
        "author": doc.author,
        "published": doc.published,
        "published_precision": doc.published_precision,
        "retrieved_at": doc.retrieved_at,
        "ingested_at": now,
        "language": doc.language,
        "source_kind": doc.source_kind,
        "source": doc.source,
        "raw_sha256": raw_sha256,
        "page_starts": json.dumps(doc.page_starts) if doc.page_starts is not None else None,
        "minhash": minhash,
        "syndicated_of": syndicated_of,
        "syndication_similarity": syndication_similarity,
    }


def stored_shas(store: SQLStore, shas: Iterable[str]) -> dict[str, str]:
    """sha256 -> document id for the given text hashes that are already stored."""
    wanted = sorted(set(shas))
    found: dict[str, str] = {}
    if not wanted:
        return found
    with store._read() as conn:
        for chunk in chunked(wanted):
            rows = conn.execute(
                sa.select(documents.c.sha256, documents.c.id).where(documents.c.sha256.in_(chunk))
            )
            found.update({row.sha256: row.id for row in rows})
    return found


def load_checkpoint(store: SQLStore, path: str) -> Checkpoint | None:
    with store._read() as conn:
        row = conn.execute(
            sa.select(ingest_checkpoints).where(ingest_checkpoints.c.path == path)
        ).first()
    if row is None:
        return None
    return Checkpoint(
        path=row.path,
        size=row.size,
        head_sha256=row.head_sha256,
        rows_done=row.rows_done,
        byte_offset=row.byte_offset,
        before_sha256=row.before_sha256,
    )


def write_documents(
    store: SQLStore,
    docs: Sequence[NewDocument],
    *,
    checkpoints: Sequence[Checkpoint] = (),
    finished: Iterable[str] = (),
) -> set[str]:
    """Store new documents in one transaction; return the ids this call stored.

    A document whose text or id is already stored is skipped (not in the result). The
    checkpoints are written and the finished paths' checkpoints deleted in the same
    transaction. Raises (and writes nothing) if the database refuses any row.
    """
    now = datetime.now(UTC)
    blob_rows: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for new in docs:
        blob = blob_row(new.doc, now)
        if blob is not None:
            blob_rows.setdefault(blob["sha256"], blob)
        rows.append(
            document_row(
                new.doc,
                doc_id=new.doc_id,
                sha256=new.sha256,
                raw_sha256=blob["sha256"] if blob is not None else None,
                minhash=new.minhash,
                syndicated_of=new.syndicated_of,
                syndication_similarity=new.syndication_similarity,
                now=now,
            )
        )
    with store._write() as conn:
        if conn.dialect.name == "postgresql":
            _copy_insert(conn, blobs, list(blob_rows.values()), key="sha256")
            stored = set(_copy_insert(conn, documents, rows, key="id"))
        else:
            insert_ignore(conn, blobs, list(blob_rows.values()))
            stored = _sqlite_insert_new(conn, rows)
        _save_checkpoints(conn, checkpoints, finished, now)
    return stored


def _sqlite_insert_new(conn: Connection, rows: list[dict[str, Any]]) -> set[str]:
    """Insert the rows whose id and text hash are not stored (the write lock is held)."""
    taken: set[str] = set()
    for chunk in chunked(rows):
        ids = [r["id"] for r in chunk]
        shas = [r["sha256"] for r in chunk]
        found = conn.execute(
            sa.select(documents.c.id, documents.c.sha256).where(
                sa.or_(documents.c.id.in_(ids), documents.c.sha256.in_(shas))
            )
        )
        for row in found:
            taken.update((row.id, row.sha256))
    fresh = [r for r in rows if r["id"] not in taken and r["sha256"] not in taken]
    if fresh:
        conn.execute(documents.insert(), fresh)
    return {r["id"] for r in fresh}


def _copy_insert(
    conn: Connection, table: sa.Table, rows: list[dict[str, Any]], *, key: str
) -> list[str]:
    """COPY rows into a temporary twin of `table`, then insert those not already there.

    Returns the `key` of every row inserted.
    """
    if not rows:
        return []
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    temp = f"veeduria_bulk_{table.name}"
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE {temp} (LIKE {table.name} INCLUDING DEFAULTS) ON COMMIT DROP"
    )
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(f"COPY {temp} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    finally:
        cursor.close()
    inserted = conn.exec_driver_sql(
        f"INSERT INTO {table.name} ({quoted}) SELECT {quoted} FROM {temp} "
        f'ON CONFLICT DO NOTHING RETURNING "{key}"'
    )
    keys = [str(k) for k in inserted.scalars()]
    conn.exec_driver_sql(f"DROP TABLE {temp}")
    return keys


def _save_checkpoints(
    conn: Connection,
    checkpoints: Sequence[Checkpoint],
    finished: Iterable[str],
    now: datetime,
) -> None:
    done = sorted(set(finished))
    for chunk in chunked(done):
        conn.execute(ingest_checkpoints.delete().where(ingest_checkpoints.c.path.in_(chunk)))
    rows: list[Mapping[str, Any]] = [
        {**asdict(cp), "updated_at": now} for cp in checkpoints if cp.path not in done
    ]
    if not rows:
        return
    insert: Any = (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(
        ingest_checkpoints
    )
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=[ingest_checkpoints.c.path],
            set_={
                c.name: insert.excluded[c.name] for c in ingest_checkpoints.c if c.name != "path"
            },
        ),
        rows,
    )
