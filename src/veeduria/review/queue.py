"""The review queue: the next claim worth a person's time.

Order (value first):

1. claims that carry or surround deaths: every claim about an event (or an event cluster) with a
   fatality figure, and every death-toll claim;
2. everything else;

and within each tier the least confident claims first, then figures before types, dates,
places and actors, then by document and position. Reviewers' own edit claims are never queued.

Done means *decided by anyone*: each claim needs one decision, so two reviewers working the
queue do not repeat each other. For agreement studies, `second_opinion=True` queues the claims
someone else decided and this reviewer has not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veeduria.resolve.figures import SourceRef, source_ref
from veeduria.store.api import ClaimRecord

__all__ = ["QueueFilters", "QueueItem", "next_claims"]


@dataclass
class QueueFilters:
    """Only claims about events of this country (ISO alpha-2; also its death tolls), this
    event type, or with this actor (id or name)."""

    country: str | None = None
    type: str | None = None
    actor: str | None = None


@dataclass
class QueueItem:
    """A claim to review, with what a reviewer needs to judge it."""

    claim: ClaimRecord
    tier: int  # 0: deaths involved; 1: the rest
    source: SourceRef
    event_type: str | None = None  # for event claims: the row's type
    sentence: str | None = None  # the sentence that reports the event or toll, for context
    context: list[ClaimRecord] = field(default_factory=list)  # the subject's other claims


def next_claims(
    store: Any,
    filters: QueueFilters | None = None,
    *,
    reviewer: str | None = None,
    second_opinion: bool = False,
    limit: int = 1,
) -> list[QueueItem]:
    """The next `limit` claims to review, most valuable first."""
    import sqlalchemy as sa

    from veeduria.store import reading
    from veeduria.store.schema import events

    f = filters or QueueFilters()
    with store.engine.connect() as conn:
        names = reading.actor_names(conn, f.actor) if f.actor else None
        found = reading.queue_claims(
            conn,
            reviewer=reviewer,
            second_opinion=second_opinion,
            country=f.country.upper() if f.country else None,
            event_type=f.type,
            actor_names=names,
            limit=limit,
        )
        docs = reading.document_rows(conn, [c.document_id for c, _ in found])
        items = []
        for claim, tier in found:
            event_type = None
            if claim.subject_type == "event":
                event_type = conn.execute(
                    sa.select(events.c.type).where(events.c.id == claim.subject_id)
                ).scalar_one_or_none()
            context = [
                c
                for c in reading.claim_records(conn, claim.subject_type, [claim.subject_id])
                if c.id != claim.id
            ]
            sentence = next(
                (c.quote for c in context if c.property in ("type", "scope", "as_of")), None
            )
            items.append(
                QueueItem(
                    claim=claim,
                    tier=tier,
                    source=source_ref(docs.get(claim.document_id), claim.document_id),
                    event_type=event_type,
                    sentence=sentence if sentence != claim.quote else None,
                    context=context,
                )
            )
    return items
