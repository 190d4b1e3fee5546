"""Conflicting and evolving figures: every count is kept with its source and date.

Sources disagree ("17 dead" here, "18" there) and counts grow (50 on 12 January, 54 on the
20th). Nothing is averaged or overwritten: every fatality, injury and death-toll claim stays a
claim with its quote and document, and readers get

- ``conservative``: the default display (ONTOLOGY.md): the lowest figure among *reviewed*
  claims (accepted, or a reviewer's edit) when there are any, else the lowest of all claims;
- ``latest``: the figure of the most recently published source (ties: the higher figure);
- ``low``/``high``: the range;
- ``history``: every claim, oldest source first, with its publisher, date, quote and review
  state (rejected and superseded claims included, marked, so the record stays complete).

Rejected claims and claims replaced by an edit never count towards the figures.
With ``reviewed_only`` only reviewed claims count and are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from veeduria.review.state import ClaimState, claim_state
from veeduria.store.api import ClaimRecord

__all__ = [
    "FIGURE_PROPERTIES",
    "FigureClaim",
    "Figures",
    "SourceRef",
    "TollPoint",
    "compute_figures",
    "event_figures",
    "figure_claims",
    "figures_by_property",
    "source_ref",
    "toll_series",
]

#: The event properties that hold counts of people.
FIGURE_PROPERTIES = ("fatalities", "injured")


@dataclass
class SourceRef:
    """Where a claim comes from: the document, as a reader cites it."""

    document_id: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    syndicated_of: str | None = None  # the earlier copy of the same wire story, if any


@dataclass
class FigureClaim:
    """One sourced figure."""

    claim_id: str
    subject_id: str  # the event row (or toll) it is about
    property: str  # fatalities, injured, count
    value: int
    date: str | None  # the date the figure is valid for: as_of, else the source's date
    source: SourceRef
    quote: str
    state: ClaimState
    reviewed: bool
    confidence: float
    extractor: str
    corrects: str | None = None
    reviewer: str | None = None  # who wrote it, for a reviewer's edit


@dataclass
class Figures:
    """The figures for one property (fatalities, injured) of one event."""

    property: str
    conservative: int | None = None
    basis: Literal["reviewed", "unreviewed"] | None = None  # what `conservative` comes from
    latest: int | None = None
    latest_date: str | None = None
    low: int | None = None
    high: int | None = None
    claims: int = 0  # how many claims count (active ones)
    history: list[FigureClaim] = field(default_factory=list)


@dataclass
class TollPoint:
    """A death toll as one source stated it: `count` for `scope` in `country` as of `as_of`."""

    toll_id: str
    claim_id: str  # the claim holding the count (a reviewer's edit when one was made)
    country: str | None
    scope: str | None
    count: int
    as_of: str | None
    as_of_stated: bool  # False: the text gave no date, `as_of` is the source's date
    source: SourceRef
    quote: str  # the sentence that states the toll
    state: ClaimState
    reviewed: bool


def source_ref(row: Any, doc_id: str) -> SourceRef:
    """A SourceRef from a `reading.document_rows` row (or a bare id when it is missing)."""
    if row is None:
        return SourceRef(document_id=doc_id)
    return SourceRef(
        document_id=row.id,
        title=row.title,
        publisher=row.publisher,
        url=row.url,
        published=row.published,
        language=row.language,
        syndicated_of=row.syndicated_of,
    )


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def figure_claims(claims: Iterable[ClaimRecord], documents: Mapping[str, Any]) -> list[FigureClaim]:
    """The integer-valued claims among `claims` as FigureClaims (dated by their source)."""
    out: list[FigureClaim] = []
    for claim in claims:
        value = _as_int(claim.value)
        if value is None:
            continue
        source = source_ref(documents.get(claim.document_id), claim.document_id)
        state = claim_state(claim)
        out.append(
            FigureClaim(
                claim_id=claim.id,
                subject_id=claim.subject_id,
                property=claim.property,
                value=value,
                date=source.published,
                source=source,
                quote=claim.quote,
                state=state,
                reviewed=state == "accepted",
                confidence=claim.confidence,
                extractor=claim.extractor,
                corrects=claim.corrects,
                reviewer=claim.author,
            )
        )
    return out


def compute_figures(
    prop: str, items: Sequence[FigureClaim], *, reviewed_only: bool = False
) -> Figures:
    """Conservative, latest, range and history of one property's claims (a pure function)."""
    history = [i for i in items if i.reviewed] if reviewed_only else list(items)
    history.sort(key=lambda i: (i.date or "", i.value, i.source.document_id, i.claim_id))
    active = [i for i in history if i.state in ("accepted", "unreviewed")]
    figures = Figures(property=prop, history=history, claims=len(active))
    if not active:
        return figures
    reviewed = [i for i in active if i.reviewed]
    basis = reviewed or active
    figures.conservative = min(i.value for i in basis)
    figures.basis = "reviewed" if reviewed else "unreviewed"
    latest = max(active, key=lambda i: (i.date or "", i.value))
    figures.latest, figures.latest_date = latest.value, latest.date
    figures.low = min(i.value for i in active)
    figures.high = max(i.value for i in active)
    return figures


def event_figures(
    store: Any, event_id: str, *, reviewed_only: bool = False
) -> dict[str, Figures] | None:
    """Fatalities and injured figures of a resolved event (cluster id or event row id);
    None when there is no such event."""
    from veeduria.store import reading

    with store.engine.connect() as conn:
        key = reading.event_key_of(conn, event_id)
        if key is None:
            return None
        rows = reading.event_members(conn, [key])
        claims = reading.claim_records(conn, "event", [r.id for r in rows], list(FIGURE_PROPERTIES))
        docs = reading.document_rows(conn, [c.document_id for c in claims])
    return figures_by_property(figure_claims(claims, docs), reviewed_only=reviewed_only)


def figures_by_property(
    items: Sequence[FigureClaim], *, reviewed_only: bool = False
) -> dict[str, Figures]:
    """`compute_figures` for each of FIGURE_PROPERTIES."""
    return {
        prop: compute_figures(
            prop, [i for i in items if i.property == prop], reviewed_only=reviewed_only
        )
        for prop in FIGURE_PROPERTIES
    }


def _pick(claims: Sequence[ClaimRecord], prop: str, reviewed_only: bool) -> ClaimRecord | None:
    """The claim that holds a toll's `prop`: reviewed first, then the machine's."""
    usable = [c for c in claims if c.property == prop and claim_state(c) != "rejected"]
    usable = [c for c in usable if claim_state(c) != "edited"]
    reviewed = [c for c in usable if claim_state(c) == "accepted"]
    if reviewed_only:
        usable = reviewed
    ranked = sorted(usable, key=lambda c: (claim_state(c) != "accepted", c.created_at, c.id))
    return ranked[0] if ranked else None


def toll_series(store: Any, country: str, *, reviewed_only: bool = False) -> list[TollPoint]:
    """Every death toll stated for `country` (ISO alpha-2), ordered by scope, date and count.

    A toll whose count a reviewer rejected is left out; an edited count shows the reviewer's
    value. Without a stated `as_of`, the source's publication date stands in (and
    `as_of_stated` is False). Group by `scope` for one series per scope.
    """
    from veeduria.store import reading

    country = country.upper()
    with store.engine.connect() as conn:
        rows = reading.toll_rows(conn, country)
        claims = reading.claim_records(conn, "toll", [r.id for r in rows])
        docs = reading.document_rows(conn, [r.document_id for r in rows])
    by_toll: dict[str, list[ClaimRecord]] = {}
    for claim in claims:
        by_toll.setdefault(claim.subject_id, []).append(claim)
    points: list[TollPoint] = []
    for row in rows:
        toll_claims = by_toll.get(row.id, [])
        count_claim = _pick(toll_claims, "count", reviewed_only)
        if count_claim is None and (reviewed_only or toll_claims):
            continue  # rejected (or not reviewed)
        count = _as_int(count_claim.value) if count_claim is not None else row._mapping["count"]
        if count is None:
            continue
        values: dict[str, Any] = {"country": row.country, "scope": row.scope, "as_of": row.as_of}
        quote = count_claim.quote if count_claim is not None else ""
        for prop in ("country", "scope", "as_of"):
            picked = _pick(toll_claims, prop, False)
            if picked is not None:
                values[prop] = picked.value
                quote = picked.quote  # the sentence, longer than the figure's words
        if values["country"] != country:
            continue  # a reviewer moved it elsewhere
        source = source_ref(docs.get(row.document_id), row.document_id)
        state = claim_state(count_claim) if count_claim is not None else "unreviewed"
        as_of = values["as_of"]
        points.append(
            TollPoint(
                toll_id=row.id,
                claim_id=count_claim.id if count_claim is not None else "",
                country=values["country"],
                scope=values["scope"],
                count=count,
                as_of=as_of if as_of else source.published,
                as_of_stated=bool(as_of),
                source=source,
                quote=quote,
                state=state,
                reviewed=state == "accepted",
            )
        )
    points.sort(
        key=lambda p: (
            p.scope is None,
            p.scope or "",
            p.as_of or "",
            p.count,
            p.source.document_id,
            p.toll_id,
        )
    )
    return points
