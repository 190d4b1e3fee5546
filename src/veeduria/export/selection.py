"""What an export contains: filters, the effective value of each claim, and streamed records.

Every export format reads the store through this module, with SQLAlchemy Core, one page of
subjects at a time (keyset pagination by id), so a big store is never held in memory.

Which claims count (the same rule in every format, and the review package's:
`veeduria.review.state.state_from`):

- a claim whose latest review decision is `reject` or `edit` is left out (an edit's new
  claim, which `corrects` it, takes its place);
- with `reviewed_only`, a claim counts only if it is accepted (latest decision `accept`, or a
  reviewer's edit claim not rejected since);
- where a flat format needs one value per property, reviewed claims win over unreviewed ones;
  among the rest, `fatalities` and `injured` take the lowest figure (the ontology's
  "most conservative"), other properties the first claim in the text.

Actors are resolved actors: the name nodes `veeduria resolve` grouped (`actors.resolved_id`)
are one record under the group's representative, and events and relations point at it.

Filters (`--type`, `--country`, `--since`, `--until`) select events. Actors, relations and
claims follow the events: with any filter (or `reviewed_only`), an actor is exported when a
selected event or relation names it, and a relation when both its actors are known and one of
them is exported or the relation is itself reviewed. Death tolls are selected by country and
`as_of` date, and only when `--type` is absent or includes `death_toll_update`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.review.state import state_from
from veeduria.store.dialect import chunked
from veeduria.store.ids import name_key
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

__all__ = [
    "ActorView",
    "ClaimView",
    "DocumentInfo",
    "EventActorView",
    "EventView",
    "ExportFilters",
    "RelationView",
    "ResolvedEventView",
    "Selection",
    "TollView",
    "date_bounds",
]

PAGE = 500
CACHE_LIMIT = 20_000  # documents' metadata kept between pages


@dataclass(frozen=True)
class ExportFilters:
    """The selection an export is asked for; empty means everything."""

    types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    since: str | None = None  # YYYY[-MM[-DD]]
    until: str | None = None
    reviewed_only: bool = False

    @property
    def narrows_events(self) -> bool:
        return bool(self.types or self.countries or self.since or self.until)

    @property
    def narrows(self) -> bool:
        return self.narrows_events or self.reviewed_only

    def date_matches(self, value: str | None, end: str | None = None) -> bool:
        if self.since is None and self.until is None:
            return True
        if not value:
            return False
        low, high = date_bounds(value, end)
        if self.since is not None and high < date_bounds(self.since)[0]:
            return False
        return not (self.until is not None and low > date_bounds(self.until)[1])

    def country_matches(self, country: str | None) -> bool:
        return not self.countries or (country or "").upper() in self.countries


def date_bounds(value: str, end: str | None = None) -> tuple[str, str]:
    """The first and last day a prefix date can mean: "2019-11" -> ("2019-11-01", "2019-11-31").

    The last day may not exist ("-31"); the strings only ever get compared.
    """
    low = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    last = end or value
    high = last + "-12-31"[len(last) - 4 :] if len(last) < 10 else last
    return low[:10], high[:10]


@dataclass
class ClaimView:
    id: str
    subject_type: str
    subject_id: str
    property: str
    value: Any
    document_id: str
    start: int
    end: int
    quote: str
    extractor: str
    extractor_version: str
    confidence: float
    corrects: str | None
    author: str | None
    reviewed: bool  # accepted, or a reviewer's edit
    decision: str | None  # the latest decision on it, if any


@dataclass
class DocumentInfo:
    id: str
    url: str | None
    title: str | None
    publisher: str | None
    published: str | None
    language: str | None
    source_kind: str
    source: str

    @property
    def citation(self) -> str:
        """How a flat format names the source: URL, else publisher and title, else source."""
        if self.url:
            return self.url
        named = " - ".join(p for p in (self.publisher, self.title) if p)
        return named or self.source


@dataclass
class EventActorView:
    name: str
    role: str
    actor_id: str | None
    kind: str | None


@dataclass
class EventView:
    id: str
    document: DocumentInfo
    type: str
    cluster_id: str | None
    quote: str  # the evidence sentence (the `type` claim's quote)
    reviewed: bool
    date: dict[str, Any] | None = None  # {"value", "precision", "end"}
    country: str | None = None
    place: dict[str, Any] | None = None
    fatalities: int | None = None
    injured: int | None = None
    actors: list[EventActorView] = field(default_factory=list)
    claims: list[ClaimView] = field(default_factory=list)

    @property
    def geo_precision(self) -> str | None:
        if self.place and self.place.get("lat") is not None and self.place.get("lon") is not None:
            return str(self.place.get("precision") or "place")
        return "country" if self.country else None


@dataclass
class ResolvedEventView:
    """One real-world event: the rows that clustering grouped (or one row), as
    `veeduria.query.events` computes it (conservative figures, most precise date and place)."""

    summary: Any  # veeduria.query.events.EventSummary
    documents: list[DocumentInfo]  # the reporting documents, oldest first (undated last)
    quote: str  # the evidence sentence of its first row
    extractor: str  # the extractor of its first row's type claim

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(d.citation for d in self.documents))


@dataclass
class ActorView:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    document_ids: list[str]
    claims: list[ClaimView] = field(default_factory=list)
    member_ids: list[str] = field(default_factory=list)  # name nodes resolved to this actor


@dataclass
class RelationView:
    id: str
    document: DocumentInfo
    type: str
    source_name: str
    target_name: str
    source_actor_id: str | None
    target_actor_id: str | None
    quote: str
    reviewed: bool
    claims: list[ClaimView] = field(default_factory=list)


@dataclass
class TollView:
    id: str
    document: DocumentInfo
    country: str | None
    count: int
    as_of: str | None
    scope: str | None
    quote: str
    reviewed: bool
    claims: list[ClaimView] = field(default_factory=list)


def _pick(candidates: Sequence[ClaimView], prop: str) -> ClaimView | None:
    if not candidates:
        return None
    reviewed = [c for c in candidates if c.reviewed]
    pool = reviewed or list(candidates)
    if prop in ("fatalities", "injured"):
        numeric = [c for c in pool if isinstance(c.value, int | float)]
        if numeric:
            return min(numeric, key=lambda c: (c.value, c.start, c.id))
    return min(pool, key=lambda c: (c.start, c.end, c.id))


class Selection:
    """Streams the records an export holds, on one open connection (one consistent read)."""

    def __init__(self, conn: Connection, filters: ExportFilters | None = None) -> None:
        self.conn = conn
        self.filters = filters or ExportFilters()
        self._selected_actors: set[str] | None = None
        self._resolved: dict[str, str] = {}
        self._documents: dict[str, DocumentInfo] = {}

    # -- helpers -----------------------------------------------------------------------
    def documents(self, ids: Iterable[str]) -> dict[str, DocumentInfo]:
        """Document metadata (no text), cached: an export cites the same few documents.
        The returned mapping holds at least every id asked for."""
        wanted = set(ids)
        if len(self._documents) + len(wanted) > CACHE_LIMIT:  # keep the cache bounded
            self._documents = {k: v for k, v in self._documents.items() if k in wanted}
        missing = sorted(wanted - set(self._documents))
        for chunk in chunked(missing):
            for row in self.conn.execute(
                sa.select(
                    documents.c.id,
                    documents.c.url,
                    documents.c.title,
                    documents.c.publisher,
                    documents.c.published,
                    documents.c.language,
                    documents.c.source_kind,
                    documents.c.source,
                ).where(documents.c.id.in_(chunk))
            ):
                self._documents[row.id] = DocumentInfo(**row._asdict())
        return self._documents

    def claims_of(self, subject_type: str, ids: Sequence[str]) -> dict[str, list[ClaimView]]:
        """The claims that count about each subject (see the module docstring)."""
        rows: list[Any] = []
        for chunk in chunked(ids):
            rows.extend(
                self.conn.execute(
                    sa.select(claims)
                    .where(claims.c.subject_type == subject_type, claims.c.subject_id.in_(chunk))
                    .order_by(claims.c.subject_id, claims.c.start, claims.c.end, claims.c.id)
                ).all()
            )
        reviews: dict[str, list[dict[str, Any]]] = defaultdict(list)
        claim_ids = [r.id for r in rows]
        for chunk in chunked(claim_ids):
            for rev in self.conn.execute(
                sa.select(
                    review_decisions.c.id, review_decisions.c.claim_id, review_decisions.c.decision
                ).where(review_decisions.c.claim_id.in_(chunk))
            ):
                reviews[rev.claim_id].append({"id": rev.id, "decision": rev.decision})
        out: dict[str, list[ClaimView]] = defaultdict(list)
        for r in rows:
            state = state_from(reviews.get(r.id, []), r.corrects)
            if state in ("rejected", "edited"):
                continue
            reviewed = state == "accepted"
            if self.filters.reviewed_only and not reviewed:
                continue
            decisions = reviews.get(r.id)
            decision = max(decisions, key=lambda d: int(d["id"]))["decision"] if decisions else None
            out[r.subject_id].append(
                ClaimView(
                    id=r.id,
                    subject_type=r.subject_type,
                    subject_id=r.subject_id,
                    property=r.property,
                    value=json.loads(r.value),
                    document_id=r.document_id,
                    start=r.start,
                    end=r.end,
                    quote=r.quote,
                    extractor=r.extractor,
                    extractor_version=r.extractor_version,
                    confidence=r.confidence,
                    corrects=r.corrects,
                    author=r.author,
                    reviewed=reviewed,
                    decision=decision,
                )
            )
        return out

    def _pages(self, table: sa.Table) -> Iterator[Sequence[Any]]:
        last = ""
        while True:
            page = self.conn.execute(
                sa.select(table).where(table.c.id > last).order_by(table.c.id).limit(PAGE)
            ).all()
            if not page:
                return
            yield page
            last = page[-1].id

    def _actor_ids_by_name(
        self, wanted: set[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[str, str]]:
        """(document id, canonical name) -> (actor id, kind), from the document's name claims,
        else from the one stored actor with that name key."""
        found: dict[tuple[str, str], tuple[str, str]] = {}
        if not wanted:
            return found
        docs = sorted({d for d, _ in wanted})
        for chunk in chunked(docs):
            for row in self.conn.execute(
                sa.select(claims.c.document_id, claims.c.value, actors.c.id, actors.c.kind)
                .join(actors, actors.c.id == claims.c.subject_id)
                .where(
                    claims.c.subject_type == "actor",
                    claims.c.property == "name",
                    claims.c.document_id.in_(chunk),
                )
            ):
                key = (row.document_id, json.loads(row.value))
                if key in wanted:
                    found.setdefault(key, (row.id, row.kind))
        rest = {name_key(n): (d, n) for d, n in wanted if (d, n) not in found}
        keys = sorted(rest)
        by_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for chunk in chunked(keys):
            for hit in self.conn.execute(
                sa.select(actors.c.key, actors.c.id, actors.c.kind).where(actors.c.key.in_(chunk))
            ):
                by_key[hit.key].append((hit.id, hit.kind))
        for d, n in wanted:
            if (d, n) not in found:
                options = by_key.get(name_key(n), [])
                if len(options) == 1:
                    found[(d, n)] = options[0]
        return found

    # -- events ------------------------------------------------------------------------
    def events(self) -> Iterator[EventView]:
        """The selected events, by id, each with the claims that count."""
        f = self.filters
        for page in self._pages(events):
            by_id = self.claims_of("event", [r.id for r in page])
            docs = self.documents(r.document_id for r in page)
            views: list[EventView] = []
            wanted: set[tuple[str, str]] = set()
            for row in page:
                cl = by_id.get(row.id, [])
                type_claim = _pick([c for c in cl if c.property == "type"], "type")
                if type_claim is None:
                    continue  # rejected, or not reviewed when only reviewed claims count
                view = EventView(
                    id=row.id,
                    document=docs[row.document_id],
                    type=str(type_claim.value),
                    cluster_id=row.cluster_id,
                    quote=type_claim.quote,
                    reviewed=type_claim.reviewed,
                    claims=cl,
                )
                props: dict[str, list[ClaimView]] = defaultdict(list)
                for c in cl:
                    props[c.property].append(c)
                date = _pick(props["date"], "date")
                view.date = date.value if date and isinstance(date.value, dict) else None
                country = _pick(props["country"], "country")
                place = _pick(props["place"], "place")
                view.place = place.value if place and isinstance(place.value, dict) else None
                view.country = str(country.value) if country else (view.place or {}).get("country")
                for prop in ("fatalities", "injured"):
                    picked = _pick(props[prop], prop)
                    if picked is not None and isinstance(picked.value, int | float):
                        setattr(view, prop, int(picked.value))
                for c in props["actor"]:
                    if isinstance(c.value, dict) and c.value.get("name"):
                        name, role = str(c.value["name"]), str(c.value.get("role") or "")
                        if all(a.name != name or a.role != role for a in view.actors):
                            view.actors.append(EventActorView(name, role, None, None))
                            wanted.add((row.document_id, name))
                if f.types and view.type not in f.types:
                    continue
                if not f.country_matches(view.country):
                    continue
                date_value = view.date or {}
                if not f.date_matches(date_value.get("value"), date_value.get("end")):
                    continue
                views.append(view)
            ids = self._actor_ids_by_name(wanted)
            rep = self.resolved(i for i, _ in ids.values())
            for view in views:
                for a in view.actors:
                    a.actor_id, a.kind = ids.get((view.document.id, a.name), (None, None))
                    a.actor_id = rep.get(a.actor_id or "", a.actor_id)
                yield view

    def resolved_events(self) -> Iterator[ResolvedEventView]:
        """The selected events as real-world events (one per cluster), page by page."""
        from types import SimpleNamespace

        from veeduria.query.events import EventFilters, list_events

        f = self.filters
        query = EventFilters(
            types=list(f.types) or None,
            countries=list(f.countries) or None,
            date_from=f.since,
            date_to=f.until,
            reviewed_only=f.reviewed_only,
        )
        reader = SimpleNamespace(engine=self.conn.engine)
        offset = 0
        while True:
            page = list_events(reader, query, limit=PAGE, offset=offset)
            if not page:
                return
            offset += len(page)
            row_ids = [r for e in page for r in e.rows]
            first: dict[str, tuple[str, str, str]] = {}  # row -> (document, quote, extractor)
            for chunk in chunked(row_ids):
                for row in self.conn.execute(
                    sa.select(
                        claims.c.subject_id,
                        claims.c.document_id,
                        claims.c.quote,
                        claims.c.extractor,
                    )
                    .where(
                        claims.c.subject_type == "event",
                        claims.c.property == "type",
                        claims.c.subject_id.in_(chunk),
                    )
                    .order_by(claims.c.subject_id, claims.c.id)
                ):
                    first.setdefault(row.subject_id, (row.document_id, row.quote, row.extractor))
            docs = self.documents(d for d, _, _ in first.values())
            for event in page:
                known = [first[r] for r in event.rows if r in first]
                if not known:
                    continue
                yield ResolvedEventView(
                    summary=event,
                    documents=sorted(
                        (docs[d] for d in dict.fromkeys(d for d, _, _ in known)),
                        key=lambda d: (d.published or "9999", d.id),
                    ),
                    quote=known[0][1],
                    extractor=known[0][2],
                )

    # -- actors ------------------------------------------------------------------------
    def selected_actor_ids(self) -> set[str] | None:
        """Actors a narrowed export keeps (None: all of them). Ids only, so it stays small."""
        if not self.filters.narrows:
            return None
        if self._selected_actors is None:
            chosen: set[str] = set()
            for event in self.events():
                chosen.update(a.actor_id for a in event.actors if a.actor_id)
            if self.filters.reviewed_only and not self.filters.narrows_events:
                for relation in self._relations(None):
                    chosen.update(
                        i for i in (relation.source_actor_id, relation.target_actor_id) if i
                    )
            self._selected_actors = chosen
        return self._selected_actors

    def resolved(self, ids: Iterable[str | None]) -> dict[str, str]:
        """Actor id -> the id of its resolved actor (`actors.resolved_id`, set by
        `veeduria resolve`), or itself when it was not resolved."""
        wanted = sorted({i for i in ids if i} - set(self._resolved))
        for chunk in chunked(wanted):
            for row in self.conn.execute(
                sa.select(actors.c.id, actors.c.resolved_id).where(actors.c.id.in_(chunk))
            ):
                self._resolved[row.id] = row.resolved_id or row.id
        return self._resolved

    def actors(self) -> Iterator[ActorView]:
        """One record per resolved actor: the representative name node, with the names,
        aliases, claims and documents of every node resolved to it."""
        chosen = self.selected_actor_ids()
        for page in self._pages(actors):
            rows = [
                r
                for r in page
                if r.resolved_id in (None, r.id) and (chosen is None or r.id in chosen)
            ]
            if not rows:
                continue
            members: dict[str, list[Any]] = defaultdict(list)
            for chunk in chunked([r.id for r in rows]):
                for m in self.conn.execute(
                    sa.select(actors.c.id, actors.c.name, actors.c.resolved_id)
                    .where(actors.c.resolved_id.in_(chunk), actors.c.id != actors.c.resolved_id)
                    .order_by(actors.c.id)
                ):
                    members[m.resolved_id].append(m)
            ids = [r.id for r in rows] + [m.id for ms in members.values() for m in ms]
            by_id = self.claims_of("actor", ids)
            aliases: dict[str, list[str]] = defaultdict(list)
            for chunk in chunked(ids):
                for a in self.conn.execute(
                    sa.select(actor_aliases.c.actor_id, actor_aliases.c.alias)
                    .where(actor_aliases.c.actor_id.in_(chunk))
                    .order_by(actor_aliases.c.actor_id, actor_aliases.c.alias)
                ):
                    aliases[a.actor_id].append(a.alias)
            for r in rows:
                group = [r.id] + [m.id for m in members[r.id]]
                cl = [c for i in group for c in by_id.get(i, [])]
                names = [m.name for m in members[r.id]] + [a for i in group for a in aliases[i]]
                yield ActorView(
                    id=r.id,
                    name=r.name,
                    kind=r.kind,
                    country=r.country,
                    aliases=sorted({a for a in names if a != r.name}),
                    document_ids=sorted({c.document_id for c in cl}),
                    claims=cl,
                    member_ids=group[1:],
                )

    # -- relations ---------------------------------------------------------------------
    def relations(self) -> Iterator[RelationView]:
        return self._relations(self.selected_actor_ids() if self.filters.narrows_events else None)

    def _relations(self, chosen: set[str] | None) -> Iterator[RelationView]:
        for page in self._pages(relations):
            by_id = self.claims_of("relation", [r.id for r in page])
            docs = self.documents(r.document_id for r in page)
            rep = self.resolved(i for r in page for i in (r.source_actor_id, r.target_actor_id))
            for r in page:
                claim = _pick(by_id.get(r.id, []), "relation")
                if claim is None:
                    continue
                value = claim.value if isinstance(claim.value, dict) else {}
                view = RelationView(
                    id=r.id,
                    document=docs[r.document_id],
                    type=str(value.get("type") or r.type),
                    source_name=str(value.get("source") or r.source_name),
                    target_name=str(value.get("target") or r.target_name),
                    source_actor_id=rep.get(r.source_actor_id or "", r.source_actor_id),
                    target_actor_id=rep.get(r.target_actor_id or "", r.target_actor_id),
                    quote=claim.quote,
                    reviewed=claim.reviewed,
                    claims=by_id.get(r.id, []),
                )
                if chosen is not None and not (
                    {view.source_actor_id, view.target_actor_id} & chosen
                ):
                    continue
                yield view

    # -- tolls -------------------------------------------------------------------------
    def tolls(self) -> Iterator[TollView]:
        f = self.filters
        if f.types and "death_toll_update" not in f.types:
            return
        for page in self._pages(death_tolls):
            by_id = self.claims_of("toll", [r.id for r in page])
            docs = self.documents(r.document_id for r in page)
            for r in page:
                cl = by_id.get(r.id, [])
                count = _pick([c for c in cl if c.property == "count"], "count")
                if count is None or not isinstance(count.value, int | float):
                    continue
                props = {
                    p: _pick([c for c in cl if c.property == p], p)
                    for p in ("country", "as_of", "scope")
                }
                values = {p: (c.value if c else None) for p, c in props.items()}
                view = TollView(
                    id=r.id,
                    document=docs[r.document_id],
                    country=values["country"],
                    count=int(count.value),
                    as_of=values["as_of"],
                    scope=values["scope"],
                    quote=count.quote,
                    reviewed=count.reviewed,
                    claims=cl,
                )
                if not f.country_matches(view.country):
                    continue
                if not f.date_matches(view.as_of):
                    continue
                yield view

    # -- claims ------------------------------------------------------------------------
    def claims(self) -> Iterator[ClaimView]:
        """Every claim that counts about the selected events, actors, relations and tolls."""
        for event in self.events():
            yield from event.claims
        for actor in self.actors():
            yield from actor.claims
        for relation in self.relations():
            yield from relation.claims
        for toll in self.tolls():
            yield from toll.claims
