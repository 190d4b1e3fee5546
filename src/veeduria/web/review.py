"""The review queue as the web shows it: claims with no decision yet, each in its context.

Order: the facts that change what readers see first (event types, fatalities, dates, places,
tolls and relations before actor names), least confident first within each. A stop-gap until
`veeduria.review`'s queue lands; the page and the API only depend on `queue()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.store.schema import claims, documents, review_decisions
from veeduria.web import reads

__all__ = ["ReviewItem", "ReviewQueue", "queue"]

_PRIORITY = [
    ("event", "type"),
    ("event", "fatalities"),
    ("toll", "count"),
    ("relation", "relation"),
    ("event", "date"),
    ("event", "place"),
    ("event", "country"),
    ("event", "actor"),
    ("event", "injured"),
]
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


def queue(conn: Connection, *, limit: int = 50) -> ReviewQueue:
    undecided = sa.and_(
        ~sa.exists().where(review_decisions.c.claim_id == claims.c.id),
        claims.c.corrects.is_(None),
    )
    wanted = sa.or_(
        *(sa.and_(claims.c.subject_type == t, claims.c.property == p) for t, p in _PRIORITY)
    )
    rank = sa.case(
        *(
            (sa.and_(claims.c.subject_type == t, claims.c.property == p), i)
            for i, (t, p) in enumerate(_PRIORITY)
        ),
        else_=len(_PRIORITY),
    )
    ids = list(
        conn.execute(
            sa.select(claims.c.id)
            .where(undecided, wanted)
            .order_by(rank, claims.c.confidence, claims.c.document_id, claims.c.start)
            .limit(limit)
        ).scalars()
    )
    remaining = conn.execute(
        sa.select(sa.func.count()).select_from(claims).where(undecided, wanted)
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
