"""JSON Lines: one record per line, tagged by `record` (event, actor, relation, toll).

Each record carries its picked values and every claim that counts, with quote, span,
extractor and review state, so a script can re-weigh the evidence itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.engine import Connection

from veeduria.export import ExportOptions
from veeduria.export.selection import Selection
from veeduria.export.textio import jsonl_chunks, plain

__all__ = ["export_jsonl", "records"]


def _record(kind: str, view: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"record": kind}
    out.update(plain(view))
    return out


def records(sel: Selection) -> Iterator[dict[str, Any]]:
    for event in sel.events():
        rec = _record("event", event)
        rec["geo_precision"] = event.geo_precision
        yield rec
    for actor in sel.actors():
        yield _record("actor", actor)
    for relation in sel.relations():
        yield _record("relation", relation)
    for toll in sel.tolls():
        yield _record("toll", toll)


def export_jsonl(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    return jsonl_chunks(records(Selection(conn, options.filters)))
