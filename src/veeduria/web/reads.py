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

from veeduria.review.state import state_from
from veeduria.store.ids import canonical_json, name_key
from veeduria.store.schema import (
    actor_aliases,
    actors,
    claims,
    death_tolls,
    documents,
    events,
    relations,
    review_decisions,
)
from veeduria.web.sqlutil import json_text

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
    quote: str


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
class FigurePoint:
    value: int
    claim_id: str
    document_id: str
    published: str | None
    state: str


@dataclass
class Figures:
    """Fatalities as sources report them: the default display is the conservative figure."""

    conservative: int | None
    latest: int | None
    low: int | None
    high: int | None
    reviewed_basis: bool  # True when the conservative figure rests on reviewed claims
    history: list[FigurePoint] = field(default_factory=list)


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
    fatalities: Figures
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
def _prop_subquery(prop: str, column: str = "value") -> Any:
    c = claims.alias(f"c_{prop}_{column}")
    rejected = sa.exists().where(
        review_decisions.c.claim_id == c.c.id, review_decisions.c.decision.in_(("reject", "edit"))
    )
    return (
        sa.select(c.c[column])
        .where(
            c.c.subject_type == "event",
            c.c.subject_id == events.c.id,
            c.c.property == prop,
            ~rejected,
        )
        .order_by(c.c.confidence.desc(), c.c.id)
        .limit(1)
        .scalar_subquery()
    )


def _reviewed_condition() -> Any:
    """An event is reviewed when a reviewer accepted (or edited) its type claim."""
    c = claims.alias("c_reviewed")
    return sa.exists().where(
        c.c.subject_type == "event",
        c.c.subject_id == events.c.id,
        c.c.property == "type",
        sa.or_(
            c.c.corrects.is_not(None),
            sa.exists().where(
                review_decisions.c.claim_id == c.c.id,
                review_decisions.c.decision == "accept",
            ),
        ),
    )


def actor_event_condition(conn: Connection, actor_id: str) -> Any:
    """Events the actor takes part in: named by an event `actor` claim, or mentioned inside the
    event's evidence sentence."""
    row = conn.execute(sa.select(actors.c.name).where(actors.c.id == actor_id)).first()
    if row is None:
        return sa.false()
    names = {row.name} | set(
        conn.execute(
            sa.select(actor_aliases.c.alias).where(actor_aliases.c.actor_id == actor_id)
        ).scalars()
    )
    dialect = conn.dialect.name
    named = claims.alias("c_actor_named")
    mention = claims.alias("c_actor_mention")
    return sa.or_(
        sa.exists().where(
            named.c.subject_type == "event",
            named.c.subject_id == events.c.id,
            named.c.property == "actor",
            json_text(named.c.value, "name", dialect).in_(sorted(names)),
        ),
        sa.exists().where(
            mention.c.subject_type == "actor",
            mention.c.subject_id == actor_id,
            mention.c.document_id == events.c.document_id,
            mention.c.start >= events.c.start,
            mention.c.end <= events.c.end,
        ),
    )


def list_events(
    conn: Connection,
    filters: EventFilters,
    *,
    limit: int = 500,
    offset: int = 0,
    newest_first: bool = False,
) -> list[EventRow]:
    """Events matching `filters`, one per cluster, ordered by date (undated last)."""
    dialect = conn.dialect.name
    date_json = _prop_subquery("date")
    date_value = json_text(date_json, "value", dialect)
    country_json = _prop_subquery("country")
    other = events.alias("e_other")
    query = sa.select(
        events.c.id,
        events.c.type,
        events.c.document_id,
        events.c.cluster_id,
        date_json.label("date"),
        country_json.label("country"),
        _prop_subquery("place").label("place"),
        _prop_subquery("fatalities").label("fatalities"),
        _prop_subquery("type", "quote").label("quote"),
        _reviewed_condition().label("reviewed"),
    ).where(
        sa.or_(
            events.c.cluster_id.is_(None),
            events.c.id
            == sa.select(sa.func.min(other.c.id))
            .where(other.c.cluster_id == events.c.cluster_id)
            .scalar_subquery(),
        )
    )
    if filters.types:
        query = query.where(events.c.type.in_(filters.types))
    if filters.country:
        query = query.where(country_json == canonical_json(filters.country.upper()))
    if filters.actor_id:
        query = query.where(actor_event_condition(conn, filters.actor_id))
    if filters.date_from:
        query = query.where(date_value >= filters.date_from)
    if filters.date_to:
        query = query.where(date_value <= filters.date_to + "~")
    if filters.reviewed_only:
        query = query.where(_reviewed_condition())
    undated = sa.case((date_value.is_(None), 1), else_=0)
    order = date_value.desc() if newest_first else date_value
    query = query.order_by(undated, order, events.c.id).limit(limit).offset(offset)
    return [_event_row(row) for row in conn.execute(query).all()]


def _event_row(row: Any) -> EventRow:
    date = json.loads(row.date) if row.date else None
    place = json.loads(row.place) if row.place else None
    country = json.loads(row.country) if row.country else None
    lat = lon = None
    geo_precision = None
    if place and place.get("lat") is not None and place.get("lon") is not None:
        lat, lon = float(place["lat"]), float(place["lon"])
        geo_precision = place.get("precision") or "place"
    return EventRow(
        id=row.id,
        type=row.type,
        document_id=row.document_id,
        date=date.get("value") if isinstance(date, dict) else None,
        date_precision=date.get("precision") if isinstance(date, dict) else None,
        country=country if isinstance(country, str) else None,
        place=place.get("name") if isinstance(place, dict) else None,
        lat=lat,
        lon=lon,
        geo_precision=geo_precision,
        fatalities=json.loads(row.fatalities) if row.fatalities else None,
        cluster_id=row.cluster_id,
        reviewed=bool(row.reviewed),
        quote=row.quote or "",
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
def figures(history_claims: Sequence[ClaimView]) -> Figures:
    """Conservative (lowest reviewed, else lowest), latest (by publication), range, history."""
    active = [c for c in history_claims if c.state in ("accepted", "unreviewed")]
    points = [
        FigurePoint(
            value=int(c.value),
            claim_id=c.id,
            document_id=c.document_id,
            published=c.source.published if c.source else None,
            state=c.state,
        )
        for c in active
        if isinstance(c.value, int | float)
    ]
    points.sort(key=lambda p: (p.published or "", p.value))
    if not points:
        return Figures(None, None, None, None, False, [])
    reviewed = [p.value for p in points if p.state == "accepted"]
    values = [p.value for p in points]
    return Figures(
        conservative=min(reviewed) if reviewed else min(values),
        latest=points[-1].value,
        low=min(values),
        high=max(values),
        reviewed_basis=bool(reviewed),
        history=points,
    )


def source_groups(refs: Sequence[SourceRef]) -> list[SourceGroup]:
    """Independent sources first-published order, each with its syndicated copies."""
    by_id = {r.document_id: r for r in refs}
    groups: dict[str, SourceGroup] = {}
    for ref in sorted(by_id.values(), key=lambda r: (r.published or "", r.document_id)):
        if ref.syndicated_of is None or ref.syndicated_of not in by_id:
            groups.setdefault(ref.document_id, SourceGroup(source=ref))
    for ref in by_id.values():
        if ref.syndicated_of is not None and ref.syndicated_of in by_id:
            groups.setdefault(ref.syndicated_of, SourceGroup(source=by_id[ref.syndicated_of]))
            groups[ref.syndicated_of].copies.append(ref)
    return list(groups.values())


def event_detail(conn: Connection, event_id: str) -> EventDetail | None:
    row = conn.execute(sa.select(events).where(events.c.id == event_id)).first()
    if row is None:
        return None
    members = [row.id]
    if row.cluster_id is not None:
        members = list(
            conn.execute(
                sa.select(events.c.id)
                .where(events.c.cluster_id == row.cluster_id)
                .order_by(events.c.id)
            ).scalars()
        )
    views = claim_views(
        conn, sa.and_(claims.c.subject_type == "event", claims.c.subject_id.in_(members))
    )
    summary = list_events_by_ids(conn, [row.id])[0]
    refs = [v.source for v in views if v.source is not None]
    actor_names = sorted(
        {
            (str(v.value.get("name")), str(v.value.get("role")))
            for v in views
            if v.property == "actor" and isinstance(v.value, dict)
        }
    )
    keys = {name_key(n) for n, _ in actor_names}
    found: dict[str, str] = {}
    if keys:
        for a in conn.execute(
            sa.select(actors.c.id, actors.c.key).where(actors.c.key.in_(sorted(keys)))
        ).all():
            found.setdefault(a.key, a.id)
    return EventDetail(
        id=row.id,
        type=row.type,
        cluster_id=row.cluster_id,
        member_ids=members,
        summary=summary,
        claims=views,
        fatalities=figures([v for v in views if v.property == "fatalities"]),
        sources=source_groups(refs),
        actors=[
            {"name": n, "role": r, "actor_id": found.get(name_key(n), "")} for n, r in actor_names
        ],
    )


def list_events_by_ids(conn: Connection, ids: Sequence[str]) -> list[EventRow]:
    """Summaries of these events, in the order given (clustering not applied)."""
    if not ids:
        return []
    query = sa.select(
        events.c.id,
        events.c.type,
        events.c.document_id,
        events.c.cluster_id,
        _prop_subquery("date").label("date"),
        _prop_subquery("country").label("country"),
        _prop_subquery("place").label("place"),
        _prop_subquery("fatalities").label("fatalities"),
        _prop_subquery("type", "quote").label("quote"),
        _reviewed_condition().label("reviewed"),
    ).where(events.c.id.in_(list(ids)))
    rows = {row.id: _event_row(row) for row in conn.execute(query).all()}
    return [rows[i] for i in ids if i in rows]


# -- actors ----------------------------------------------------------------------------------
def actor_detail(conn: Connection, actor_id: str) -> ActorDetail | None:
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
    linked = list_events(conn, EventFilters(actor_id=actor_id), limit=500)
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


@dataclass
class TollSeries:
    country: str
    points: list[TollPoint]


def toll_series(conn: Connection) -> list[TollSeries]:
    """Death-toll figures per country in date order (as_of, else the publication date)."""
    rows = conn.execute(
        sa.select(
            death_tolls.c.id,
            death_tolls.c.country,
            death_tolls.c.count.label("figure"),
            death_tolls.c.as_of,
            death_tolls.c.document_id,
            documents.c.published,
        )
        .join(documents, documents.c.id == death_tolls.c.document_id)
        .where(death_tolls.c.country.is_not(None))
        .order_by(death_tolls.c.country, death_tolls.c.id)
    ).all()
    series: dict[str, list[TollPoint]] = {}
    for r in rows:
        date = r.as_of or r.published
        if not date:
            continue
        series.setdefault(r.country, []).append(TollPoint(date, int(r.figure), r.id, r.document_id))
    return [
        TollSeries(country, sorted(points, key=lambda p: (p.date, p.count)))
        for country, points in sorted(series.items())
    ]


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
