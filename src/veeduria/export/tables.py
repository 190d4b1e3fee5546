"""CSV for spreadsheets: events, actors, relations, claims and death tolls.

With `table` set, one CSV; without, a zip holding one CSV per table (written as a stream, so
it can go to stdout or an HTTP response). Values that are lists are joined with "; ";
claim values are JSON. Every row names its source (URL, else publisher and title).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from typing import IO, Any, cast

from sqlalchemy.engine import Connection

from veeduria.export import ExportError, ExportOptions
from veeduria.export.selection import Selection
from veeduria.export.textio import csv_chunks

__all__ = ["TABLES", "export_csv", "table_rows"]

EVENT_COLUMNS = [
    "id", "type", "date", "date_end", "date_precision", "country", "place", "admin1",
    "latitude", "longitude", "geo_precision", "fatalities", "injured", "actors", "quote",
    "reviewed", "cluster_id", "document_id", "source", "source_title", "publisher", "published",
]  # fmt: skip
ACTOR_COLUMNS = [
    "id", "name", "kind", "country", "aliases", "documents", "document_ids", "merged_ids",
]  # fmt: skip
RELATION_COLUMNS = [
    "id", "type", "source", "target", "source_actor_id", "target_actor_id", "quote",
    "reviewed", "document_id", "source_url", "published",
]  # fmt: skip
CLAIM_COLUMNS = [
    "id", "subject_type", "subject_id", "property", "value", "quote", "document_id", "start",
    "end", "extractor", "extractor_version", "confidence", "reviewed", "decision", "corrects",
    "author",
]  # fmt: skip
TOLL_COLUMNS = [
    "id", "country", "count", "as_of", "scope", "quote", "reviewed", "document_id", "source",
]  # fmt: skip


def _events(sel: Selection) -> Iterator[list[Any]]:
    for e in sel.events():
        date = e.date or {}
        place = e.place or {}
        yield [
            e.id, e.type, date.get("value"), date.get("end"), date.get("precision"), e.country,
            place.get("name"), place.get("admin1"), place.get("lat"), place.get("lon"),
            e.geo_precision, e.fatalities, e.injured,
            "; ".join(f"{a.name} ({a.role})" for a in e.actors), e.quote, e.reviewed,
            e.cluster_id, e.document.id, e.document.citation, e.document.title,
            e.document.publisher, e.document.published,
        ]  # fmt: skip


def _actors(sel: Selection) -> Iterator[list[Any]]:
    for a in sel.actors():
        yield [
            a.id, a.name, a.kind, a.country, "; ".join(a.aliases), len(a.document_ids),
            "; ".join(a.document_ids), "; ".join(a.member_ids),
        ]  # fmt: skip


def _relations(sel: Selection) -> Iterator[list[Any]]:
    for r in sel.relations():
        yield [
            r.id, r.type, r.source_name, r.target_name, r.source_actor_id, r.target_actor_id,
            r.quote, r.reviewed, r.document.id, r.document.citation, r.document.published,
        ]  # fmt: skip


def _claims(sel: Selection) -> Iterator[list[Any]]:
    for c in sel.claims():
        yield [
            c.id, c.subject_type, c.subject_id, c.property,
            json.dumps(c.value, ensure_ascii=False, sort_keys=True), c.quote, c.document_id,
            c.start, c.end, c.extractor, c.extractor_version, c.confidence, c.reviewed,
            c.decision, c.corrects, c.author,
        ]  # fmt: skip


def _tolls(sel: Selection) -> Iterator[list[Any]]:
    for t in sel.tolls():
        yield [
            t.id, t.country, t.count, t.as_of, t.scope, t.quote, t.reviewed, t.document.id,
            t.document.citation,
        ]  # fmt: skip


#: table name -> (columns, row generator)
TABLES: dict[str, tuple[list[str], Callable[[Selection], Iterator[list[Any]]]]] = {
    "events": (EVENT_COLUMNS, _events),
    "actors": (ACTOR_COLUMNS, _actors),
    "relations": (RELATION_COLUMNS, _relations),
    "claims": (CLAIM_COLUMNS, _claims),
    "death_tolls": (TOLL_COLUMNS, _tolls),
}


def table_rows(sel: Selection, table: str) -> Iterator[bytes]:
    if table not in TABLES:
        raise ExportError(f"unknown CSV table {table!r}; use one of {', '.join(TABLES)}")
    columns, rows = TABLES[table]
    return csv_chunks(columns, rows(sel))


class _Sink:
    """A write-only, unseekable file for zipfile: it hands the bytes on as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.pos = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self.pos

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts = []
        return out


def export_csv(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    sel = Selection(conn, options.filters)
    if options.table:
        yield from table_rows(sel, options.table)
        return
    sink = _Sink()
    with zipfile.ZipFile(cast(IO[bytes], sink), "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in TABLES:
            with zf.open(f"{table}.csv", "w", force_zip64=True) as member:
                for chunk in table_rows(sel, table):
                    member.write(chunk)
                    yield sink.take()
    yield sink.take()
