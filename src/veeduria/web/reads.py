"""The read queries behind the web pages and the JSON API, and the records they return.

Handlers stay thin: each page or endpoint calls one function here with a read-only connection
and returns its dataclass (FastAPI serializes dataclasses and documents them in OpenAPI).

Event lists (timeline, map, latest events) are a stop-gap until `veeduria.query.events` lands;
they read the same claims: an event's type, date, country and place are its highest-confidence
claims of each property that no reviewer rejected. An actor takes part in an event when an
`actor` claim of the event names it, or when it is mentioned in the event's evidence sentence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.resolve.figures import Figures
from veeduria.review.state import state_from
from veeduria.store.ids import name_key
from veeduria.store.schema import (
    actor_aliases,
    actors,
    claims,
    death_tolls,
    documents,
    relations,
    review_decisions,
)

__all__ = [
    "ActorDetail",
    "ClaimView",
    "DocumentView",
    "EventDetail",
    "EventFilters",
    "EventRow",
    "Segment",
    "actor_detail",
    "document_view",
    "event_detail",
    "list_events",
]

#: Claims drawn as a whole-sentence underline rather than a word highlight.
SENTENCE_PROPERTIES = {
    ("event", "type"),
    ("relation", "relation"),
    ("toll", "scope"),
    ("toll", "as_of"),
    ("toll", "country"),
}


# -- records ---------------------------------------------------------------------------------
@dataclass
class EventFilters:
    """What the timeline, the map and the network can be narrowed to."""

    types: list[str] = field(default_factory=list)
    country: str | None = None
    actor_id: str | None = None
    date_from: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    date_to: str | None = None
    reviewed_only: bool = False


@dataclass
class EventRow:
    id: str
    type: str
    document_id: str
    date: str | None
    date_precision: str | None
    country: str | None
    place: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    fatalities: int | None
    cluster_id: str | None
    reviewed: bool
    quote: str  # for lists: the actors named (the event page shows the quotes)
    sources: int = 0  # independent sources
    rows: list[str] = field(default_factory=list)  # its per-document event rows


@dataclass
class ReviewView:
    id: int
    decision: str
    reviewer: str
    comment: str | None
    created_at: str


@dataclass
class SourceRef:
    document_id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    language: str | None
    syndicated_of: str | None


@dataclass
class ClaimView:
    id: str
    subject_type: str
    subject_id: str
    property: str
    value: Any
    display: str
    document_id: str
    start: int
    end: int
    quote: str
    confidence: float
    extractor: str
    extractor_version: str
    state: str  # unreviewed / accepted / rejected / edited
    corrects: str | None = None
    author: str | None = None
    reviews: list[ReviewView] = field(default_factory=list)
    source: SourceRef | None = None
    link: str | None = None  # the page of the claim's subject


@dataclass
class Segment:
    """A run of document text covered by the same claims (none for plain text)."""

    start: int
    end: int
    text: str
    claim_ids: list[str]
    kinds: list[str]  # css classes: "actor", "event", "value", "sentence"


@dataclass
class DocumentView:
    id: str
    title: str | None
    publisher: str | None
    author: str | None
    published: str | None
    url: str | None
    language: str | None
    source_kind: str
    syndicated_of: str | None
    length: int
    segments: list[Segment]
    claims: list[ClaimView]


@dataclass
class SourceGroup:
    """An independent source and the syndicated copies of it."""

    source: SourceRef
    copies: list[SourceRef] = field(default_factory=list)


@dataclass
class EventDetail:
    id: str
    type: str
    cluster_id: str | None
    member_ids: list[str]
    summary: EventRow
    claims: list[ClaimView]
    fatalities: Figures | None  # conservative / latest / range / history
    sources: list[SourceGroup]
    actors: list[dict[str, str]]


@dataclass
class RelationView:
    id: str
    type: str
    source_name: str
    target_name: str
    source_actor_id: str | None
    target_actor_id: str | None
    document_id: str
    quote: str


@dataclass
class ActorSource:
    source: SourceRef
    mentions: int


@dataclass
class ActorDetail:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    events: list[EventRow]
    by_month: list[tuple[str, int]]
    relations: list[RelationView]
    sources: list[ActorSource]


# -- events ----------------------------------------------------------------------------------
def list_events(
    store: Any,
    filters: EventFilters,
    *,
    limit: int = 500,
    offset: int = 0,
    newest_first: bool = False,
) -> list[EventRow]:
    """Resolved events (one per cluster) from `veeduria.query.events`, by date."""
    from veeduria.query import events as query_events

    found = query_events.list_events(
        store,
        query_events.EventFilters(
            types=filters.types or None,
            countries=[filters.country] if filters.country else None,
            actor=filters.actor_id,
            date_from=filters.date_from,
            date_to=filters.date_to,
            reviewed_only=filters.reviewed_only,
            newest_first=newest_first,
        ),
        limit=limit,
        offset=offset,
    )
    return [_event_row(e) for e in found]


def _event_row(e: Any) -> EventRow:
    return EventRow(
        id=e.id,
        type=e.type,
        document_id="",
        date=e.date,
        date_precision=e.date_precision,
        country=e.country,
        place=e.place,
        lat=e.lat,
        lon=e.lon,
        geo_precision=e.place_precision if e.lat is not None else None,
        fatalities=e.fatalities,
        cluster_id=None,
        reviewed=bool(e.reviewed),
        quote=", ".join(a.name for a in e.actors[:4]),
        sources=e.independent_sources,
        rows=list(e.rows),
    )


# -- claims ----------------------------------------------------------------------------------
def display_value(prop: str, value: Any) -> str:
    """A claim's value as one short line of text."""
    if isinstance(value, dict):
        if prop == "date":
            shown = str(value.get("value") or "?")
            return shown + (f" – {value['end']}" if value.get("end") else "")
        if prop == "place":
            parts = [value.get("name"), value.get("admin1"), value.get("country")]
            return ", ".join(str(p) for p in parts if p)
        if prop == "actor":
            return f"{value.get('name')} ({value.get('role')})"
        if prop == "relation":
            return f"{value.get('source')} → {value.get('type')} → {value.get('target')}"
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    return str(value)


def _source_ref(row: Any) -> SourceRef:
    return SourceRef(
        document_id=row.id,
        title=row.title,
        publisher=row.publisher,
        published=row.published,
        url=row.url,
        language=row.language,
        syndicated_of=row.syndicated_of,
    )


_SOURCE_COLUMNS = (
    documents.c.id,
    documents.c.title,
    documents.c.publisher,
    documents.c.published,
    documents.c.url,
    documents.c.language,
    documents.c.syndicated_of,
)


def _sources(conn: Connection, doc_ids: Sequence[str]) -> dict[str, SourceRef]:
    if not doc_ids:
        return {}
    rows = conn.execute(
        sa.select(*_SOURCE_COLUMNS).where(documents.c.id.in_(sorted(set(doc_ids))))
    ).all()
    return {row.id: _source_ref(row) for row in rows}


def claim_views(conn: Connection, where: Any, *, with_sources: bool = True) -> list[ClaimView]:
    """Claims matching `where`, with their reviews, sources and subject links."""
    rows = conn.execute(
        sa.select(claims).where(where).order_by(claims.c.document_id, claims.c.start, claims.c.id)
    ).all()
    ids = [row.id for row in rows]
    reviews: dict[str, list[dict[str, Any]]] = {}
    for i in range(0, len(ids), 500):
        for r in conn.execute(
            sa.select(review_decisions)
            .where(review_decisions.c.claim_id.in_(ids[i : i + 500]))
            .order_by(review_decisions.c.id)
        ).all():
            reviews.setdefault(r.claim_id, []).append(dict(r._mapping))
    sources = _sources(conn, [row.document_id for row in rows]) if with_sources else {}
    out = []
    for row in rows:
        value = json.loads(row.value)
        own = reviews.get(row.id, [])
        out.append(
            ClaimView(
                id=row.id,
                subject_type=row.subject_type,
                subject_id=row.subject_id,
                property=row.property,
                value=value,
                display=display_value(row.property, value),
                document_id=row.document_id,
                start=row.start,
                end=row.end,
                quote=row.quote,
                confidence=round(float(row.confidence), 3),
                extractor=row.extractor,
                extractor_version=row.extractor_version,
                state=state_from(own, row.corrects),
                corrects=row.corrects,
                author=row.author,
                reviews=[
                    ReviewView(
                        id=int(r["id"]),
                        decision=r["decision"],
                        reviewer=r["reviewer"],
                        comment=r["comment"],
                        created_at=r["created_at"].isoformat(timespec="seconds"),
                    )
                    for r in own
                ],
                source=sources.get(row.document_id),
                link=_subject_link(row.subject_type, row.subject_id),
            )
        )
    return out


def _subject_link(subject_type: str, subject_id: str) -> str | None:
    if subject_type == "actor":
        return f"/actors/{subject_id}"
    if subject_type == "event":
        return f"/events/{subject_id}"
    return None


# -- documents -------------------------------------------------------------------------------
def segments(text: str, spans: Sequence[ClaimView]) -> list[Segment]:
    """Cut `text` at every claim boundary; each piece lists the claims covering it."""
    cuts = {0, len(text)}
    for c in spans:
        cuts.add(max(0, min(c.start, len(text))))
        cuts.add(max(0, min(c.end, len(text))))
    points = sorted(cuts)
    starts: dict[int, list[ClaimView]] = {}
    for c in spans:
        starts.setdefault(c.start, []).append(c)
    open_claims: list[ClaimView] = []
    out: list[Segment] = []
    for a, b in pairwise(points):
        open_claims = [c for c in open_claims if c.end > a] + starts.get(a, [])
        covering = [c for c in open_claims if c.start <= a and c.end >= b]
        kinds = sorted({_kind(c) for c in covering})
        out.append(Segment(a, b, text[a:b], [c.id for c in covering], kinds))
    return out


def _kind(claim: ClaimView) -> str:
    if (claim.subject_type, claim.property) in SENTENCE_PROPERTIES:
        return "sentence"
    if claim.subject_type == "actor":
        return "actor"
    return "value"


def document_view(conn: Connection, doc_id: str) -> DocumentView | None:
    row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
    if row is None:
        return None
    views = claim_views(conn, claims.c.document_id == doc_id, with_sources=False)
    return DocumentView(
        id=row.id,
        title=row.title,
        publisher=row.publisher,
        author=row.author,
        published=row.published,
        url=row.url,
        language=row.language,
        source_kind=row.source_kind,
        syndicated_of=row.syndicated_of,
        length=row.length,
        segments=segments(row.text, views),
        claims=views,
    )


# -- one event -------------------------------------------------------------------------------
def event_detail(store: Any, conn: Connection, event_id: str) -> EventDetail | None:
    """One resolved event (`veeduria.query.events.get_event`: figures, sources, summary), with
    every claim of its rows as the page shows them (value, quote, source, review state)."""
    from veeduria.query.events import get_event

    found = get_event(store, event_id)
    if found is None:
        return None
    s = found.summary
    members = list(s.rows) or [s.id]
    views = claim_views(
        conn, sa.and_(claims.c.subject_type == "event", claims.c.subject_id.in_(members))
    )
    keys = {name_key(a.name) for a in s.actors}
    ids: dict[str, str] = {}
    if keys:
        for a in conn.execute(
            sa.select(actors.c.id, actors.c.key)
            .where(actors.c.key.in_(sorted(keys)))
            .order_by(actors.c.id)
        ).all():
            ids.setdefault(a.key, a.id)
    groups: dict[str, SourceGroup] = {}
    for src in found.sources:
        ref = SourceRef(
            document_id=src.source.document_id,
            title=src.source.title,
            publisher=src.source.publisher,
            published=src.source.published,
            url=src.source.url,
            language=src.source.language,
            syndicated_of=src.source.syndicated_of,
        )
        if src.independent or ref.syndicated_of is None:
            groups.setdefault(ref.document_id, SourceGroup(source=ref))
    for src in found.sources:
        original = src.source.syndicated_of
        if not src.independent and original is not None and original in groups:
            groups[original].copies.append(
                SourceRef(
                    document_id=src.source.document_id,
                    title=src.source.title,
                    publisher=src.source.publisher,
                    published=src.source.published,
                    url=src.source.url,
                    language=src.source.language,
                    syndicated_of=original,
                )
            )
    return EventDetail(
        id=s.id,
        type=s.type,
        cluster_id=s.id if len(members) > 1 else None,
        member_ids=members,
        summary=_event_row(s),
        claims=views,
        fatalities=found.figures.get("fatalities"),
        sources=list(groups.values()),
        actors=[
            {"name": a.name, "role": a.role, "actor_id": ids.get(name_key(a.name), "")}
            for a in s.actors
        ],
    )


# -- actors ----------------------------------------------------------------------------------
def actor_detail(store: Any, conn: Connection, actor_id: str) -> ActorDetail | None:
    row = conn.execute(sa.select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        return None
    aliases = sorted(
        set(
            conn.execute(
                sa.select(actor_aliases.c.alias).where(actor_aliases.c.actor_id == actor_id)
            ).scalars()
        )
        - {row.name}
    )
    linked = list_events(store, EventFilters(actor_id=actor_id), limit=500)
    months: dict[str, int] = {}
    for e in linked:
        if e.date:
            months[e.date[:7]] = months.get(e.date[:7], 0) + 1
    rels = conn.execute(
        sa.select(relations, claims.c.quote)
        .join(
            claims,
            sa.and_(claims.c.subject_type == "relation", claims.c.subject_id == relations.c.id),
        )
        .where(
            sa.or_(relations.c.source_actor_id == actor_id, relations.c.target_actor_id == actor_id)
        )
        .order_by(relations.c.type, relations.c.id)
        .limit(500)
    ).all()
    mention_counts = conn.execute(
        sa.select(claims.c.document_id, sa.func.count().label("n"))
        .where(claims.c.subject_type == "actor", claims.c.subject_id == actor_id)
        .group_by(claims.c.document_id)
    ).all()
    refs = _sources(conn, [m.document_id for m in mention_counts])
    counts = {m.document_id: int(m.n) for m in mention_counts}
    return ActorDetail(
        id=row.id,
        name=row.name,
        kind=row.kind,
        country=row.country,
        aliases=aliases,
        events=linked,
        by_month=sorted(months.items()),
        relations=[
            RelationView(
                id=r.id,
                type=r.type,
                source_name=r.source_name,
                target_name=r.target_name,
                source_actor_id=r.source_actor_id,
                target_actor_id=r.target_actor_id,
                document_id=r.document_id,
                quote=r.quote,
            )
            for r in rels
        ],
        sources=sorted(
            (ActorSource(source=refs[d], mentions=n) for d, n in counts.items() if d in refs),
            key=lambda s: (s.source.published or "", s.source.document_id),
        ),
    )


def list_actors(
    conn: Connection, *, q: str | None = None, kind: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    """Actors by name (accent-insensitive prefix or word match on any alias)."""
    query = sa.select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country)
    if kind:
        query = query.where(actors.c.kind == kind)
    if q:
        key = name_key(q)
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(
            sa.or_(
                actors.c.key.like(f"%{escaped}%", escape="\\"),
                actors.c.id.in_(
                    sa.select(actor_aliases.c.actor_id).where(
                        actor_aliases.c.normalized.like(f"%{escaped}%", escape="\\")
                    )
                ),
            )
        )
    query = query.order_by(actors.c.name, actors.c.id).limit(limit)
    return [dict(r._mapping) for r in conn.execute(query).all()]


# -- dashboard -------------------------------------------------------------------------------
@dataclass
class TollPoint:
    date: str
    count: int
    toll_id: str
    document_id: str
    claim_id: str = ""  # the claim holding the count (a reviewer's edit when one was made)
    state: str = "unreviewed"


@dataclass
class TollSeries:
    country: str
    points: list[TollPoint]


def toll_countries(conn: Connection) -> list[str]:
    """Countries any toll is, or was moved by a reviewer's edit, stated for."""
    found = {
        c
        for c in conn.execute(
            sa.select(death_tolls.c.country).where(death_tolls.c.country.is_not(None)).distinct()
        ).scalars()
    }
    edited = conn.execute(
        sa.select(claims.c.value)
        .where(claims.c.subject_type == "toll", claims.c.property == "country")
        .distinct()
    ).scalars()
    for raw in edited:
        value = json.loads(raw)
        if isinstance(value, str) and value:
            found.add(value.upper())
    return sorted(found)


def toll_series(store: Any, conn: Connection, *, reviewed_only: bool = False) -> list[TollSeries]:
    """Death-toll figures per country in date order, through `resolve.figures.toll_series`
    (the same as `veeduria tolls`): rejected counts are left out, edited counts show the
    reviewer's value."""
    from veeduria.resolve.figures import toll_series as figures_toll_series

    out: list[TollSeries] = []
    for country in toll_countries(conn):
        points = [
            TollPoint(
                p.as_of,
                p.count,
                p.toll_id,
                p.source.document_id,
                p.claim_id,
                p.state,
            )
            for p in figures_toll_series(store, country, reviewed_only=reviewed_only)
            if p.as_of
        ]
        if points:
            out.append(TollSeries(country, sorted(points, key=lambda p: (p.date, p.count))))
    return out


def distinct_countries(conn: Connection) -> list[str]:
    rows = conn.execute(
        sa.select(claims.c.value)
        .where(claims.c.subject_type == "event", claims.c.property == "country")
        .distinct()
        .limit(300)
    ).scalars()
    out = set()
    for v in rows:
        value = json.loads(v)
        if isinstance(value, str):
            out.add(value)
    return sorted(out)
