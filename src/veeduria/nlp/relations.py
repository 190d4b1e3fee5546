"""Actor relations (recognizes, operates, meets), each a claim with its sentence as quote.

Why few and precise: relations feed the network view, where a wrong edge misleads more than a
missing one. `recognizes` and `meets` follow from the events already extracted (the speaker of
a recognition, the parties of a meeting); `operates` from the way news names a mine's operator
("X, which runs the Y mine", "la mina Y, operada por X").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from veeduria.types import Relation, Span

if TYPE_CHECKING:
    from veeduria.nlp.events import Candidate, DocContext

__all__ = ["find_relations"]

# company ... mine: "Hudbay Minerals, which runs the Constancia copper mine"
_COMPANY_FIRST = re.compile(
    r"^,?\s*(?:which|that|who)\s+(?:runs|operates|owns|controls|ran|operated|owned)\b|"
    r"^,?\s*(?:que|la cual)\s+(?:opera|explota|controla|operaba|explotaba)\b|"
    r"^\s*(?:runs|operates|owns)\b",
    re.IGNORECASE,
)
# mine ... company: "the Fénix mine is run by CGN", "la mina Marlin, operada por Montana"
_MINE_FIRST = re.compile(
    r"\b(?:run|operated|owned|controlled|explotada|operada|controlada|propiedad)\s+(?:by|por|de)\s*$",
    re.IGNORECASE,
)


_MET = re.compile(r"(?i)\b(met|meet|meeting|discuss\w*|talks|reuni\w*|convers\w*)\b")


def find_relations(ctx: DocContext, events: list[Candidate]) -> list[Relation]:
    """Relations stated in the document, deduplicated by (type, source, target)."""
    out: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()

    def add(rtype: str, source: str, target: str, start: int, end: int, conf: float) -> None:
        key = (rtype, source, target)
        if source and target and source != target and key not in seen:
            seen.add(key)
            out.append(Relation(rtype, source, target, Span(start, end), conf))

    gov = _governments()
    for c in events:
        if c.type == "diplomatic_recognition" and c.actors and ctx.dominant:
            speaker = c.actors[0].name
            target = gov.get(ctx.dominant)
            if target:
                add("recognizes", speaker, target, c.sent.start, c.sent.end, 0.6)
        trig = ctx.text[c.trig_start : c.trig_end]
        if c.type == "meeting_or_convention" and _MET.search(trig):
            parties = [a.name for a in c.actors if a.role != "victim"]
            if len(parties) >= 2:
                add("meets", parties[0], parties[1], c.sent.start, c.sent.end, 0.5)
    for sent in ctx.sentences:
        ments = [m for m in ctx.actor_mentions if sent.start <= m[0] < sent.end]
        companies = [m for m in ments if m[3] == "company"]
        mines = [m for m in ments if m[3] == "place"]
        for cs, ce, cname, _k in companies:
            after = [m for m in mines if ce <= m[0] < ce + 60]
            if after and _COMPANY_FIRST.search(ctx.text[ce : after[0][0]]):
                add("operates", cname, after[0][2], sent.start, sent.end, 0.6)
            before = [m for m in mines if cs - 40 < m[1] <= cs]
            if before and _MINE_FIRST.search(ctx.text[before[-1][1] : cs]):
                add("operates", cname, before[-1][2], sent.start, sent.end, 0.6)
    return out


def _governments() -> dict[str, str]:
    from veeduria.nlp.events import _countries

    return {
        code: str(c.get("gov") or f"Government of {c.get('name')}")
        for code, c in _countries().items()
    }
