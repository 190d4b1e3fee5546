"""The JSON API under /api: everything the pages show, with OpenAPI at /api/openapi.json."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from veeduria.query.geo import Cluster, EventPoint, MapPoint, cluster_points, event_points
from veeduria.query.network import EventRef, Network, actor_network, event_network
from veeduria.store.api import SearchHit
from veeduria.web import reads
from veeduria.web.auth import AuthError
from veeduria.web.deps import (
    ConnDep,
    FiltersDep,
    NotFound,
    ReaderDep,
    ReviewerDep,
    date_param,
    services,
)
from veeduria.web.review import ReviewQueue, queue

__all__ = ["router"]

router = APIRouter(prefix="/api")


# -- models ----------------------------------------------------------------------------------
@dataclass
class Me:
    name: str
    role: str
    team: bool
    csrf_token: str


@dataclass
class Stats:
    counts: dict[str, int]


@dataclass
class Dashboard:
    counts: dict[str, int]
    latest_events: list[reads.EventRow]
    tolls: list[reads.TollSeries]


@dataclass
class SearchFacet:
    value: str
    count: int


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]
    facets: dict[str, list[SearchFacet]]
    actors: list[dict[str, Any]]


@dataclass
class DocumentItem:
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    language: str | None
    source_kind: str
    length: int
    syndicated_of: str | None


@dataclass
class EventList:
    events: list[reads.EventRow]
    limit: int
    offset: int


@dataclass
class MapResult:
    zoom: int
    total: int
    unplaced: int  # events with neither a place nor a known country
    clusters: list[Cluster]
    truncated: bool = False  # more events match than the limit (the newest are shown)


@dataclass
class FilterOptions:
    types: dict[str, str]
    countries: list[str]
    relation_types: dict[str, str]
    actor_kinds: dict[str, str]


class ReviewRequest(BaseModel):
    decision: Literal["accept", "reject", "edit"]
    comment: str | None = Field(default=None, max_length=2000)
    new_value: Any = None


@dataclass
class PatternStepItem:
    number: int
    id: str
    label: str
    types: list[str]
    absent: bool


@dataclass
class PatternItem:
    name: str
    title: str
    description: str
    version: int
    steps: list[PatternStepItem]


@dataclass
class PatternResult:
    pattern: PatternItem
    as_of: str | None  # chains whose window closes after this are not reported yet
    country: str | None
    reviewed_only: bool
    findings: list[dict[str, Any]]  # `PatternRun.as_dicts()`: the same as `patterns run --json`


@dataclass
class WatchRuleItem:
    id: int
    actor: str | None
    event_type: str | None
    country: str | None


@dataclass
class WatchlistItem:
    id: int
    name: str
    rules: list[WatchRuleItem]
    feed: str  # the Atom feed's path


# -- who -------------------------------------------------------------------------------------
@router.get("/me", response_model=Me, summary="The caller, their role and a CSRF token")
def me(request: Request, who: ReaderDep) -> Me:
    return Me(who.name, who.role, services(request).settings.team, request.state.csrf)


# -- overview --------------------------------------------------------------------------------
@router.get("/stats", response_model=Stats, summary="Counts of what the evidence base holds")
def stats(request: Request, who: ReaderDep) -> Stats:
    return Stats(_stats(request))


def _stats(request: Request) -> dict[str, int]:
    from veeduria.store.sql import SQLStore

    store = services(request).store
    assert isinstance(store, SQLStore)
    return store.stats()


@router.get("/dashboard", response_model=Dashboard, summary="Counts, latest events, toll series")
def dashboard(request: Request, conn: ConnDep, who: ReaderDep) -> Dashboard:
    return Dashboard(
        counts=_stats(request),
        latest_events=reads.list_events(
            services(request).store, reads.EventFilters(), limit=10, newest_first=True
        ),
        tolls=reads.toll_series(services(request).store, conn),
    )


@router.get("/tolls", response_model=list[reads.TollSeries], summary="Death-toll series")
def tolls(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    reviewed_only: Annotated[bool, Query(description="only reviewed figures")] = False,
) -> list[reads.TollSeries]:
    return reads.toll_series(services(request).store, conn, reviewed_only=reviewed_only)


@router.get("/filters", response_model=FilterOptions, summary="Values the filter forms offer")
def filters(request: Request, conn: ConnDep, who: ReaderDep) -> FilterOptions:
    return filter_options(conn, request.state.lang)


def filter_options(conn: Any, lang: str) -> FilterOptions:
    from veeduria.ontology import load_ontology

    onto = load_ontology()
    return FilterOptions(
        types={k: t.label(lang) for k, t in onto.event_types.items()},
        countries=reads.distinct_countries(conn),
        relation_types={
            k: (r.es if lang == "es" else r.en) for k, r in onto.relation_types.items()
        },
        actor_kinds={k: v.get(lang, k) for k, v in onto.entity_kinds.items()},
    )


# -- search and documents --------------------------------------------------------------------
@router.get("/search", response_model=SearchResult, summary="Full-text search with facets")
def search(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    q: Annotated[str, Query(max_length=500)] = "",
    language: Annotated[str | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> SearchResult:
    return run_search(request, conn, q, language, limit)


def run_search(
    request: Request, conn: Any, q: str, language: str | None, limit: int
) -> SearchResult:
    from veeduria.store.sql import SQLStore

    store = services(request).store
    assert isinstance(store, SQLStore)
    # One search serves the facets and, without a language filter, the hits too.
    every = store.search(q, limit=max(500, limit)) if q.strip() else []
    hits = every[:limit]
    if language and q.strip():
        hits = store.search(q, limit=limit, language=language)
    facets = {
        "language": _facet(h.language or "?" for h in every),
        "year": _facet((h.published or "?")[:4] for h in every),
    }
    matched = reads.list_actors(conn, q=q, limit=20) if q.strip() else []
    return SearchResult(q, hits, facets, matched)


def _facet(values: Iterable[str]) -> list[SearchFacet]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return [SearchFacet(k, v) for k, v in sorted(counts.items())]


@router.get("/documents", response_model=list[DocumentItem], summary="Documents, ingest order")
def documents(
    request: Request,
    who: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    language: str | None = None,
) -> list[DocumentItem]:
    from veeduria.store.sql import SQLStore

    store = services(request).store
    assert isinstance(store, SQLStore)
    return [
        DocumentItem(
            d.id,
            d.title,
            d.publisher,
            d.published,
            d.language,
            d.source_kind,
            d.length,
            d.syndicated_of,
        )
        for d in store.list_documents(limit=limit, offset=offset, language=language)
    ]


@router.get(
    "/documents/{doc_id}",
    response_model=reads.DocumentView,
    summary="A document's text cut into segments, each with the claims covering it",
)
def document(doc_id: str, conn: ConnDep, who: ReaderDep) -> reads.DocumentView:
    found = reads.document_view(conn, doc_id)
    if found is None:
        raise NotFound(f"no document {doc_id!r}")
    return found


# -- events, actors, claims ------------------------------------------------------------------
@router.get("/events", response_model=EventList, summary="Events, filtered, one per cluster")
def list_events(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> EventList:
    return EventList(
        reads.list_events(services(request).store, filters, limit=limit, offset=offset),
        limit,
        offset,
    )


@router.get("/events/{event_id}", response_model=reads.EventDetail, summary="One event")
def event(event_id: str, request: Request, conn: ConnDep, who: ReaderDep) -> reads.EventDetail:
    found = reads.event_detail(services(request).store, conn, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r}")
    return found


@router.get("/actors", response_model=list[dict[str, Any]], summary="Find actors by name")
def actors(
    conn: ConnDep,
    who: ReaderDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    return reads.list_actors(conn, q=q, kind=kind, limit=limit)


@router.get("/actors/{actor_id}", response_model=reads.ActorDetail, summary="One actor")
def actor(actor_id: str, request: Request, conn: ConnDep, who: ReaderDep) -> reads.ActorDetail:
    found = reads.actor_detail(services(request).store, conn, actor_id)
    if found is None:
        raise NotFound(f"no actor {actor_id!r}")
    return found


@router.get("/claims/{claim_id}", response_model=reads.ClaimView, summary="One claim")
def claim(claim_id: str, conn: ConnDep, who: ReaderDep) -> reads.ClaimView:
    from veeduria.store.schema import claims

    found = reads.claim_views(conn, claims.c.id == claim_id)
    if not found:
        raise NotFound(f"no claim {claim_id!r}")
    return found[0]


# -- timeline, map, network ------------------------------------------------------------------
@dataclass
class TimelineResult:
    events: list[EventPoint]
    limit: int
    truncated: bool  # more events match than `limit`


def _points(
    request: Request, conn: Any, filters: reads.EventFilters, limit: int, newest: bool
) -> list[EventPoint]:
    key = (
        tuple(filters.types),
        filters.country,
        filters.actor_id,
        filters.date_from,
        filters.date_to,
        filters.reviewed_only,
        limit,
        newest,
    )
    return services(request).lists.get(
        conn,
        key,
        lambda: event_points(
            conn,
            types=filters.types or None,
            countries=[filters.country] if filters.country else None,
            actor=filters.actor_id,
            date_from=filters.date_from,
            date_to=filters.date_to,
            reviewed_only=filters.reviewed_only,
            newest_first=newest,
            limit=limit,
        ),
    )


@router.get("/timeline", response_model=TimelineResult, summary="Dated events for the timeline")
def timeline(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=20000)] = 1000,
) -> TimelineResult:
    found = _points(request, conn, filters, limit + 1, newest=True)
    dated = [e for e in found[:limit] if e.date]
    return TimelineResult(dated, limit, len(found) > limit)


@router.get("/map", response_model=MapResult, summary="Events placed and clustered for a zoom")
def map_events(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    filters: FiltersDep,
    zoom: Annotated[int, Query(ge=0, le=18)] = 3,
    limit: Annotated[int, Query(ge=1, le=100000, description="newest events drawn")] = 5000,
) -> MapResult:
    found = _points(request, conn, filters, limit + 1, newest=True)
    truncated = len(found) > limit
    found = found[:limit]
    points = [
        MapPoint(e.id, e.lat, e.lon, e.precision or "place", e.type, e.date, e.place or e.country)
        for e in found
        if e.lat is not None and e.lon is not None
    ]
    return MapResult(
        zoom, len(found), len(found) - len(points), cluster_points(points, zoom), truncated
    )


@router.get("/network", response_model=Network, summary="Actors and events, or actors only")
def network(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    filters: FiltersDep,
    mode: Literal["events", "actors"] = "events",
    relation: Annotated[list[str] | None, Query(description="relation types")] = None,
    kind: Annotated[list[str] | None, Query(description="actor kinds")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 300,
) -> Network:
    if mode == "actors":
        return actor_network(
            conn,
            relation_types=relation or [],
            country=filters.country,
            actor_id=filters.actor_id,
            limit=limit,
        )
    from veeduria.ontology import load_ontology

    onto = load_ontology()
    lang = request.state.lang
    refs = [
        EventRef(
            e.id,
            e.type,
            f"{onto.event_types[e.type].label(lang) if e.type in onto.event_types else e.type}"
            f" · {e.date or '?'}",
            e.date,
            e.country,
            tuple(e.rows),
        )
        for e in _points(request, conn, filters, limit, newest=True)
    ]
    return event_network(conn, refs, actor_kinds=kind or [])


# -- review ----------------------------------------------------------------------------------
@router.get("/review/queue", response_model=ReviewQueue, summary="Claims waiting for review")
def review_queue(
    request: Request,
    conn: ConnDep,
    who: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ReviewQueue:
    return queue(services(request).store, conn, limit=limit)


@router.post(
    "/claims/{claim_id}/review",
    response_model=reads.ClaimView,
    summary="Accept, reject or edit a claim (reviewer role, CSRF token)",
)
def review(
    request: Request, claim_id: str, body: ReviewRequest, conn: ConnDep, who: ReviewerDep
) -> reads.ClaimView:
    from veeduria.review.decisions import decide
    from veeduria.store.schema import claims

    store = services(request).store
    if not reads.claim_views(conn, claims.c.id == claim_id, with_sources=False):
        raise NotFound(f"no claim {claim_id!r}")
    decide(
        store,
        claim_id,
        body.decision,
        who.name,
        comment=body.comment,
        value=body.new_value if body.decision == "edit" else None,
    )
    conn.rollback()  # end the read snapshot taken before the write, to see the decision
    return reads.claim_views(conn, claims.c.id == claim_id)[0]


class JudgementRequest(BaseModel):
    left: str = Field(min_length=1, max_length=64)
    right: str = Field(min_length=1, max_length=64)
    judgement: Literal["same", "not_same"]
    comment: str | None = Field(default=None, max_length=2000)


@router.get(
    "/review/candidates",
    response_model=list[dict[str, Any]],
    summary="Pairs of events `veeduria resolve` almost linked, for a person to decide",
)
def review_candidates(
    request: Request, who: ReaderDep, limit: Annotated[int, Query(ge=1, le=200)] = 20
) -> list[dict[str, Any]]:
    from veeduria.review.candidates import merge_candidates

    return [c.as_dict() for c in merge_candidates(services(request).store, limit=limit)]


@router.post(
    "/judgements",
    response_model=dict[str, Any],
    summary="Record that two events (or actors) are the same or not (reviewer role, CSRF token)",
)
def add_judgement(request: Request, body: JudgementRequest, who: ReviewerDep) -> dict[str, Any]:
    from dataclasses import asdict

    from veeduria.review.decisions import judge

    result = judge(
        services(request).store,
        body.left,
        body.right,
        body.judgement,
        who.name,
        comment=body.comment,
    )
    return asdict(result)


# -- watchlists ------------------------------------------------------------------------------
@router.get(
    "/watchlists",
    response_model=list[WatchlistItem],
    summary="`veeduria watch` lists: name, rules and Atom feed (read-only)",
)
def watchlists(request: Request, who: ReaderDep) -> list[WatchlistItem]:
    return list_watchlists(request)


def list_watchlists(request: Request) -> list[WatchlistItem]:
    """Name, rules and feed only: the lists' e-mail addresses and webhooks are not shown."""
    from veeduria.store.watch import list_watchlists as stored_watchlists

    store: Any = services(request).store
    return [
        WatchlistItem(
            w.id,
            w.name,
            [WatchRuleItem(r.id, r.actor, r.event_type, r.country) for r in w.rules],
            f"/watch/{w.id}/feed.atom",
        )
        for w in stored_watchlists(store.engine)
    ]


# -- export ----------------------------------------------------------------------------------
#: Formats the pages' download menu offers (the backup is a whole-store copy for admins, and
#: ignores filters; it is served here but not offered in the menu).
MENU_FORMATS = ("csv", "jsonl", "geojson", "ftm", "graphml", "acled")


@router.get(
    "/export/{fmt}",
    summary="The events matching the filters as a download (csv zip, jsonl, geojson, ftm, "
    "graphml, acled; backup: admins only)",
    response_class=StreamingResponse,
)
def export(
    request: Request,
    who: ReaderDep,
    fmt: Annotated[str, Path(description="export format, `veeduria export --help`")],
    type: Annotated[list[str] | None, Query(description="event types (repeatable)")] = None,
    country: Annotated[list[str] | None, Query(description="ISO alpha-2 (repeatable)")] = None,
    since: Annotated[str | None, Query(description="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(description="YYYY[-MM[-DD]]")] = None,
    reviewed_only: bool = False,
) -> StreamingResponse:
    from veeduria.export import FORMAT_INFO, ExportFilters, ExportOptions, stream_export

    info = FORMAT_INFO.get(fmt)
    if info is None:
        raise ValueError(f"fmt: unknown export format {fmt!r}; use one of {', '.join(FORMAT_INFO)}")
    if fmt == "backup" and not who.can("admin"):
        raise AuthError(403, "only an admin may download a backup")
    filters = ExportFilters(
        types=tuple(t for t in (type or []) if t),
        countries=tuple(c.upper() for c in (country or []) if c),
        since=date_param(since),
        until=date_param(until),
        reviewed_only=reviewed_only,
    )
    store: Any = services(request).store
    return StreamingResponse(
        stream_export(store, fmt, ExportOptions(filters)),
        media_type=info.media_type,
        headers={"Content-Disposition": f'attachment; filename="veeduria-{fmt}{info.suffix}"'},
    )


def export_links(filters: reads.EventFilters) -> list[tuple[str, str]]:
    """(format, URL) of the download menu for a page's filters."""
    from urllib.parse import urlencode

    params: list[tuple[str, str]] = [("type", t) for t in filters.types]
    if filters.country:
        params.append(("country", filters.country))
    if filters.date_from:
        params.append(("since", filters.date_from))
    if filters.date_to:
        params.append(("until", filters.date_to))
    if filters.reviewed_only:
        params.append(("reviewed_only", "true"))
    query = urlencode(params)
    return [(fmt, f"/api/export/{fmt}" + (f"?{query}" if query else "")) for fmt in MENU_FORMATS]


# -- patterns --------------------------------------------------------------------------------
def pattern_items(lang: str) -> list[PatternItem]:
    """The shipped patterns, titles and step labels in the interface language."""
    from veeduria.query.patterns import builtin_patterns
    from veeduria.web.i18n import translator

    _ = translator(lang)
    return [
        PatternItem(
            p.name,
            _(p.title),
            _(p.description),
            p.version,
            [PatternStepItem(s.number, s.id, _(s.title), list(s.types), s.absent) for s in p.steps],
        )
        for p in builtin_patterns().values()
    ]


@router.get("/patterns", response_model=list[PatternItem], summary="The shipped patterns")
def patterns(request: Request, who: ReaderDep) -> list[PatternItem]:
    return pattern_items(request.state.lang)


def run_pattern_for(
    request: Request, name: str, country: str | None, reviewed_only: bool, as_of: str | None
) -> PatternResult:
    """Run a shipped pattern (`query.patterns.run_pattern`); 404 unknown, 422 too loose."""
    from datetime import date

    from veeduria.query.patterns import TooManyChains, builtin_patterns, run_pattern

    found = builtin_patterns().get(name)
    if found is None:
        raise NotFound(f"no pattern {name!r}; shipped: {', '.join(sorted(builtin_patterns()))}")
    item = next(p for p in pattern_items(request.state.lang) if p.name == name)
    day = None
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError:
            raise ValueError(f"as_of: invalid date {as_of!r}: use YYYY-MM-DD") from None
    engine: Any = services(request).read_engine
    try:
        run = run_pattern(
            engine,
            found,
            country=country.upper() if country else None,
            reviewed_only=reviewed_only,
            as_of=day,
        )
    except TooManyChains as exc:
        raise ValueError(str(exc)) from exc
    return PatternResult(
        item,
        run.as_of.isoformat() if run.as_of else None,
        run.country,
        run.reviewed_only,
        run.as_dicts(),
    )


@router.get(
    "/patterns/{name}",
    response_model=PatternResult,
    summary="Run a pattern: every chain found, each step with its events, quotes and sources",
)
def pattern_run(
    request: Request,
    who: ReaderDep,
    name: str,
    country: Annotated[str | None, Query(description="ISO alpha-2", max_length=2)] = None,
    reviewed_only: bool = False,
    as_of: Annotated[
        str | None, Query(description="YYYY-MM-DD; default: the newest publication date")
    ] = None,
) -> PatternResult:
    return run_pattern_for(request, name, country or None, reviewed_only, as_of or None)
