"""Merge candidates: pairs of events the clustering almost linked, for a person to decide.

`veeduria resolve` links two reports of an event only when the rules are sure (eval/DEV.md:
conservative, a wrong merge is worse than a missed one). The pairs it came close to linking
(same type, country and compatible dates, sentence similarity just under the bar) are
recorded as machine judgements "unsure" (author `veeduria resolve`, the similarity in the
comment), once per pair. They link nothing; a person's `veeduria review merge` or `split`
outranks them. This module lists the ones still open: no person judged the pair, and the two
events are still apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from veeduria.query.events import EventSummary

__all__ = ["RESOLVER", "MergeCandidate", "merge_candidates"]

#: The author of the machine's "unsure" judgements.
RESOLVER = "veeduria resolve"


@dataclass
class CandidateSide:
    """One of the two events: its resolved summary and the sentence that reported it."""

    event: EventSummary
    row: str  # the event row the judgement names
    quote: str
    document_id: str
    publisher: str | None
    published: str | None


@dataclass
class MergeCandidate:
    judgement_id: int
    left: CandidateSide
    right: CandidateSide
    note: str | None  # why the machine hesitated ("near miss: sentence similarity 0.84")
    created_at: datetime | None

    def as_dict(self) -> dict[str, Any]:
        def side(s: CandidateSide) -> dict[str, Any]:
            e = s.event
            return {
                "event": e.id,
                "row": s.row,
                "type": e.type,
                "date": e.date,
                "country": e.country,
                "place": e.place,
                "fatalities": e.fatalities,
                "reports": e.reports,
                "quote": s.quote,
                "document": s.document_id,
                "publisher": s.publisher,
                "published": s.published,
            }

        return {
            "judgement": self.judgement_id,
            "left": side(self.left),
            "right": side(self.right),
            "note": self.note,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


def merge_candidates(store: Any, *, limit: int = 50) -> list[MergeCandidate]:
    """The open merge candidates, oldest first (within a `resolve` run: most similar first)."""
    from veeduria.query.events import _load, _summary
    from veeduria.resolve.judgements import effective_judgements
    from veeduria.store import reading
    from veeduria.store.resolution import load_judgements
    from veeduria.store.schema import judgements

    with store.engine.connect() as conn:
        counting = effective_judgements(load_judgements(conn, "event")).values()
        pending = sorted(
            (r for r in counting if r.machine and r.judgement == "unsure"), key=lambda r: r.id
        )
        chosen: list[tuple[Any, str, str]] = []
        for rec in pending:
            left_key = reading.event_key_of(conn, rec.left)
            right_key = reading.event_key_of(conn, rec.right)
            if left_key is None or right_key is None or left_key == right_key:
                continue  # a row is gone, or the two were linked since
            chosen.append((rec, left_key, right_key))
            if len(chosen) >= limit:
                break
        if not chosen:
            return []
        keys = sorted({k for _, a, b in chosen for k in (a, b)})
        groups = _load(conn, keys)
        notes = dict(
            conn.execute(
                sa.select(judgements.c.id, judgements.c.comment).where(
                    judgements.c.id.in_([rec.id for rec, _, _ in chosen])
                )
            ).all()
        )

    def side(key: str, row_id: str) -> CandidateSide:
        rows, claims, docs, actor_ids = groups[key]
        summary = _summary(key, rows, claims, docs, actor_ids, reviewed_only=False)
        row = next((r for r in rows if r.id == row_id), rows[0])
        quote = next(
            (c.quote for c in claims if c.subject_id == row.id and c.property == "type"), ""
        )
        doc = docs.get(row.document_id)
        return CandidateSide(
            event=summary,
            row=row_id,
            quote=quote,
            document_id=row.document_id,
            publisher=getattr(doc, "publisher", None),
            published=getattr(doc, "published", None),
        )

    return [
        MergeCandidate(
            judgement_id=rec.id,
            left=side(left_key, rec.left),
            right=side(right_key, rec.right),
            note=notes.get(rec.id),
            created_at=rec.created_at,
        )
        for rec, left_key, right_key in chosen
    ]
