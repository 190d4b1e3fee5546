"""Reading events: the timeline, the map and the event page.

A *resolved event* is the group of per-document event rows that cross-document clustering gave
the same `events.cluster_id`; a row without a cluster is an event of its own. Its id is the
cluster id, or the row's id. Every value shown is computed from claims, preferring reviewed
ones (accepted or edited; see `veeduria.review.state`), and never from rejected or superseded
claims:

- ``date``: the most precise date claimed (day over month over year); among equally precise
  ones the most often claimed, then the earliest;
- ``country``: the most often claimed; ``place``: the most precise (a town over a region over
  a country), then the most often claimed;
- ``fatalities``/``injured``: the conservative figure (`veeduria.resolve.figures`);
- ``independent_sources``: documents that are not syndicated copies of another member's
  document; ``syndicated_copies``: those that are.

With ``reviewed_only`` an event is listed only when it has a reviewed claim, and only reviewed
claims are used and shown.

    from veeduria.query.events import EventFilters, list_events, get_event
    page = list_events(store, EventFilters(countries=["PE"], date_from="2023-01"), limit=50)
    detail = get_event(store, page[0].id)

The timeline query pages through `event_index` (one derived row per resolved event, indexed by
date, type and country; see `veeduria.store.event_index`), falling back to the row-level query
on indexed columns for actor, text and document filters, then reads the claims of the page's
events only (see `veeduria.store.reading.event_page`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from veeduria.resolve.figures import (
    FIGURE_PROPERTIES,
    Figures,
    SourceRef,
    figure_claims,
    figures_by_property,
    source_ref,
)
from veeduria.review.state import ClaimState, claim_state
from veeduria.store.api import ClaimRecord
from veeduria.store.ids import name_key

__all__ = [
    "EventActorRef",
    "EventClaim",
    "EventDetail",
    "EventFilters",
    "EventSource",
    "EventSummary",
    "get_event",
    "list_events",
    "normalize_country",
]

_DATE_RANK = {"day": 0, "month": 1, "year": 2}
_PLACE_RANK = {"place": 0, "admin1": 1, "country": 2}


@dataclass
class EventFilters:
    """What the timeline shows. Every field is optional; all given ones must hold.

    `countries`: ISO alpha-2 codes (see `normalize_country` for names). `actor`: an actor id or
    a name (any alias, accents and case ignored). `date_from`/`date_to`: "YYYY", "YYYY-MM" or
    "YYYY-MM-DD", inclusive; an event dated "2023-01" is within 2023-01-15..2023-01-31.
    `text`: a case-insensitive substring of the sentence that reports the event.
    """

    types: Sequence[str] | None = None
    countries: Sequence[str] | None = None
    actor: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    reviewed_only: bool = False
    document_id: str | None = None
    text: str | None = None
    newest_first: bool = False


@dataclass
class EventActorRef:
    name: str
    role: str
    reports: int = 1  # how many claims name this actor in this role
    actor_id: str | None = None  # the stored actor with this name, when there is one


@dataclass
class EventSummary:
    """One resolved event, as the timeline and the map show it."""

    id: str
    type: str
    date: str | None = None
    date_precision: str | None = None
    date_end: str | None = None
    country: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    place_precision: str | None = None
    admin1: str | None = None
    fatalities: int | None = None  # the conservative figure
    fatalities_latest: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None  # the conservative figure
    actors: list[EventActorRef] = field(default_factory=list)
    reports: int = 0  # documents reporting it
    independent_sources: int = 0
    syndicated_copies: int = 0
    reviewed: bool = False  # at least one of its claims is reviewed
    rows: list[str] = field(default_factory=list)  # the per-document event row ids


@dataclass
class EventSource:
    """A document that reports the event."""

    source: SourceRef
    independent: bool  # False: a syndicated copy of another reporting document
    event_rows: list[str] = field(default_factory=list)


@dataclass
class EventClaim:
    """One claim about the event, with its evidence and review state."""

    id: str
    event_row: str
    property: str
    value: Any
    quote: str
    start: int
    end: int
    source: SourceRef
    confidence: float
    extractor: str
    extractor_version: str
    state: ClaimState
    reviewed: bool
    corrects: str | None = None
    author: str | None = None
    reviews: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class EventDetail:
    """The event page: the summary, every claim, the figures and the sources."""

    summary: EventSummary
    claims: list[EventClaim] = field(default_factory=list)
    figures: dict[str, Figures] = field(default_factory=dict)
    sources: list[EventSource] = field(default_factory=list)


def normalize_country(text: str) -> str | None:
    """An ISO alpha-2 code for a code ("pe") or an English or Spanish name ("Perú", "Peru")."""
    stripped = text.strip()
    if len(stripped) == 2 and stripped.isalpha():
        return stripped.upper()
    from veeduria.nlp.geo import country_code

    return country_code(stripped)


def list_events(
    store: Any, filters: EventFilters | None = None, *, limit: int = 50, offset: int = 0
) -> list[EventSummary]:
    """One page of resolved events, by date (undated last), then id."""
    from veeduria.store import reading

    f = filters or EventFilters()
    with store.engine.connect() as conn:
        names = reading.actor_names(conn, f.actor) if f.actor else None
        page = reading.event_page(
            conn,
            types=f.types,
            countries=f.countries,
            actor_names=names,
            date_from=f.date_from,
            date_to=f.date_to,
            reviewed_only=f.reviewed_only,
            document_id=f.document_id,
            text=f.text,
            newest_first=f.newest_first,
            limit=limit,
            offset=offset,
        )
        keys = [key for key, _ in page]
        groups = _load(conn, keys)
    return [_summary(key, *groups[key], reviewed_only=f.reviewed_only) for key in keys]


def get_event(store: Any, event_id: str, *, reviewed_only: bool = False) -> EventDetail | None:
    """The event with this id (a cluster id or an event row id), or None."""
    from veeduria.store import reading

    with store.engine.connect() as conn:
        key = reading.event_key_of(conn, event_id)
        if key is None:
            return None
        rows, claims, docs, actor_ids = _load(conn, [key])[key]
    summary = _summary(key, rows, claims, docs, actor_ids, reviewed_only=reviewed_only)
    shown = [c for c in claims if claim_state(c) == "accepted"] if reviewed_only else claims
    row_of = {r.id: r for r in rows}
    detail_claims = [
        EventClaim(
            id=c.id,
            event_row=c.subject_id,
            property=c.property,
            value=c.value,
            quote=c.quote,
            start=c.start,
            end=c.end,
            source=source_ref(docs.get(c.document_id), c.document_id),
            confidence=c.confidence,
            extractor=c.extractor,
            extractor_version=c.extractor_version,
            state=claim_state(c),
            reviewed=claim_state(c) == "accepted",
            corrects=c.corrects,
            author=c.author,
            reviews=c.reviews,
        )
        for c in shown
        if c.subject_id in row_of
    ]
    figures = figures_by_property(
        figure_claims(_figure_input(claims), docs), reviewed_only=reviewed_only
    )
    return EventDetail(
        summary=summary,
        claims=detail_claims,
        figures=figures,
        sources=_sources(_reporting(rows, claims, reviewed_only), docs),
    )


def _reporting(
    rows: Sequence[Any], claims: Sequence[ClaimRecord], reviewed_only: bool
) -> list[Any]:
    """The event rows that count as reports: all, or with reviewed_only those with a reviewed
    claim."""
    if not reviewed_only:
        return list(rows)
    with_reviewed = {c.subject_id for c in claims if claim_state(c) == "accepted"}
    return [r for r in rows if r.id in with_reviewed]


# -- internals --------------------------------------------------------------------------

_Group = tuple[list[Any], list[ClaimRecord], dict[str, Any], dict[str, str]]


def _load(conn: Any, keys: Sequence[str]) -> dict[str, _Group]:
    """Rows, claims, documents and actor ids of the resolved events `keys` (a few queries
    for the whole page)."""
    from veeduria.store import reading

    rows = reading.event_members(conn, keys)
    claims = reading.claim_records(conn, "event", [r.id for r in rows])
    docs = reading.document_rows(
        conn, [r.document_id for r in rows] + [c.document_id for c in claims]
    )
    actor_ids = reading.actor_ids_by_key(
        conn,
        {
            name_key(str(c.value["name"]))
            for c in claims
            if c.property == "actor" and isinstance(c.value, dict) and c.value.get("name")
        },
    )
    key_of = {r.id: r.key for r in rows}
    out: dict[str, _Group] = {key: ([], [], {}, actor_ids) for key in keys}
    for row in rows:
        out[row.key][0].append(row)
    for claim in claims:
        out[key_of[claim.subject_id]][1].append(claim)
    for key in keys:
        group_docs = {r.document_id for r in out[key][0]} | {c.document_id for c in out[key][1]}
        out[key][2].update({d: docs[d] for d in group_docs if d in docs})
    return out


def _figure_input(claims: Sequence[ClaimRecord]) -> list[ClaimRecord]:
    return [c for c in claims if c.property in FIGURE_PROPERTIES]


def _usable(claims: Sequence[ClaimRecord], prop: str, reviewed_only: bool) -> list[ClaimRecord]:
    """Claims of `prop` that count: reviewed ones if any (only those with reviewed_only),
    else the unreviewed ones; never rejected or superseded ones."""
    of_prop = [c for c in claims if c.property == prop]
    reviewed = [c for c in of_prop if claim_state(c) == "accepted"]
    if reviewed or reviewed_only:
        return reviewed
    return [c for c in of_prop if claim_state(c) == "unreviewed"]


def _most_common(values: Sequence[str]) -> str | None:
    if not values:
        return None
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _summary(
    key: str,
    rows: Sequence[Any],
    claims: Sequence[ClaimRecord],
    docs: Mapping[str, Any],
    actor_ids: Mapping[str, str],
    *,
    reviewed_only: bool,
) -> EventSummary:
    type_claims = _usable(claims, "type", reviewed_only)
    types = [str(c.value) for c in type_claims] or [str(r.type) for r in rows]
    summary = EventSummary(id=key, type=_most_common(types) or "other")
    summary.rows = [r.id for r in rows]

    dates = [c.value for c in _usable(claims, "date", reviewed_only) if isinstance(c.value, dict)]
    dates = [d for d in dates if d.get("value")]
    if dates:
        best = min(_DATE_RANK.get(str(d.get("precision")), 3) for d in dates)
        precise = [d for d in dates if _DATE_RANK.get(str(d.get("precision")), 3) == best]
        value = _most_common([str(d["value"]) for d in precise])
        chosen = next(d for d in precise if str(d["value"]) == value)
        summary.date = value
        summary.date_precision = chosen.get("precision")
        summary.date_end = chosen.get("end")

    countries = [str(c.value) for c in _usable(claims, "country", reviewed_only)]
    summary.country = _most_common(countries)

    places = [p.value for p in _usable(claims, "place", reviewed_only) if isinstance(p.value, dict)]
    if places:
        best = min(_PLACE_RANK.get(str(p.get("precision")), 3) for p in places)
        precise = [p for p in places if _PLACE_RANK.get(str(p.get("precision")), 3) == best]
        name = _most_common([str(p.get("name")) for p in precise])
        place = next(p for p in precise if str(p.get("name")) == name)
        summary.place = place.get("name")
        summary.lat, summary.lon = place.get("lat"), place.get("lon")
        summary.geonames_id = place.get("geonames_id")
        summary.place_precision = place.get("precision")
        summary.admin1 = place.get("admin1")
        if summary.country is None and place.get("country"):
            summary.country = str(place["country"])

    figures = figures_by_property(
        figure_claims(_figure_input(claims), docs), reviewed_only=reviewed_only
    )
    fatalities = figures["fatalities"]
    summary.fatalities = fatalities.conservative
    summary.fatalities_latest = fatalities.latest
    summary.fatalities_low, summary.fatalities_high = fatalities.low, fatalities.high
    summary.injured = figures["injured"].conservative

    actor_counts: Counter[tuple[str, str]] = Counter()
    for c in _usable(claims, "actor", reviewed_only):
        if isinstance(c.value, dict) and c.value.get("name"):
            actor_counts[(str(c.value["name"]), str(c.value.get("role") or "participant"))] += 1
    summary.actors = [
        EventActorRef(name=name, role=role, reports=n, actor_id=actor_ids.get(name_key(name)))
        for (name, role), n in sorted(actor_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    sources = _sources(_reporting(rows, claims, reviewed_only), docs)
    summary.reports = len(sources)
    summary.independent_sources = sum(1 for s in sources if s.independent)
    summary.syndicated_copies = summary.reports - summary.independent_sources
    summary.reviewed = any(claim_state(c) == "accepted" for c in claims)
    return summary


def _sources(rows: Sequence[Any], docs: Mapping[str, Any]) -> list[EventSource]:
    """The documents reporting the event, oldest first: a document is a syndicated copy when it
    copies another document that reports the same event."""
    by_doc: dict[str, list[str]] = {}
    for row in rows:
        by_doc.setdefault(row.document_id, []).append(row.id)
    sources = []
    for doc_id, row_ids in by_doc.items():
        ref = source_ref(docs.get(doc_id), doc_id)
        independent = ref.syndicated_of is None or ref.syndicated_of not in by_doc
        sources.append(EventSource(source=ref, independent=independent, event_rows=row_ids))
    sources.sort(key=lambda s: (s.source.published or "", s.source.document_id))
    return sources
