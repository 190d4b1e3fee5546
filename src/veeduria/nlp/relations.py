"""Actor relations read off extracted events (recognizes, supports, opposes, ...).

Why from events: the diplomatic events already name who speaks and about whom, so the
precise relations (a government recognizing another, an intergovernmental body's statement)
follow from them with the same quote; anything vaguer is left to review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from veeduria.types import Relation, Span

if TYPE_CHECKING:
    from veeduria.nlp.events import Candidate, DocContext

__all__ = ["find_relations"]


def find_relations(ctx: DocContext, events: list[Candidate]) -> list[Relation]:
    """`recognizes` from diplomatic recognitions, with the event's sentence as evidence."""
    out: list[Relation] = []
    gov = _governments(ctx)
    for c in events:
        if c.type != "diplomatic_recognition" or not c.actors or ctx.dominant is None:
            continue
        source = c.actors[0].name
        target = gov.get(ctx.dominant)
        if not target or source == target:
            continue
        out.append(
            Relation(
                type="recognizes",
                source=source,
                target=target,
                evidence=Span(c.sent.start, c.sent.end),
                confidence=0.6,
            )
        )
    return out


def _governments(ctx: DocContext) -> dict[str, str]:
    from veeduria.nlp.events import _countries

    return {
        code: str(c.get("gov") or f"Government of {c.get('name')}")
        for code, c in _countries().items()
    }
