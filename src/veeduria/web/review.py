"""The review queue as the web shows it: `veeduria.review.queue.next_claims` (deaths first,
least confident first; decided claims leave the queue for everyone), each claim with the
document text around its quote and the links the pages use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.store.schema import claims, documents, review_decisions
from veeduria.web import reads

__all__ = ["ReviewItem", "ReviewQueue", "queue"]

CONTEXT = 160


@dataclass
class ReviewItem:
    claim: reads.ClaimView
    before: str  # the document text just before the quote
    after: str
    subject_label: str


@dataclass
class ReviewQueue:
    items: list[ReviewItem] = field(default_factory=list)
    remaining: int = 0


def queue(store: Any, conn: Connection, *, limit: int = 50) -> ReviewQueue:
    from veeduria.review.queue import next_claims

    found = next_claims(store, limit=limit)
    ids = [item.claim.id for item in found]
    remaining = conn.execute(
        sa.select(sa.func.count())
        .select_from(claims)
        .where(
            claims.c.corrects.is_(None),
            ~sa.exists().where(review_decisions.c.claim_id == claims.c.id),
        )
    ).scalar_one()
    views = {v.id: v for v in reads.claim_views(conn, claims.c.id.in_(ids))} if ids else {}
    texts: dict[str, str] = {}
    doc_ids = sorted({v.document_id for v in views.values()})
    if doc_ids:
        for row in conn.execute(
            sa.select(documents.c.id, documents.c.text).where(documents.c.id.in_(doc_ids))
        ).all():
            texts[row.id] = row.text
    items = []
    for claim_id in ids:
        view = views[claim_id]
        text = texts.get(view.document_id, "")
        items.append(
            ReviewItem(
                claim=view,
                before=text[max(0, view.start - CONTEXT) : view.start],
                after=text[view.end : view.end + CONTEXT],
                subject_label=f"{view.subject_type} · {view.property}",
            )
        )
    return ReviewQueue(items=items, remaining=int(remaining))
