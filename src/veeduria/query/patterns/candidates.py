"""Candidate events for one pattern step, selected in SQL and assembled with their evidence.

One query per step: events of the step's types (indexed on `events.type`) that have a country
claim among the countries the partial chains allow and a date claim that overlaps the union of
their windows (both looked up through the claims index on subject and property). The rows of a
resolved event (those sharing a `cluster_id`) are then read together, with their claims, their
review decisions and their documents, and merged into one `ResolvedEvent`.

Claims are used as reviewed: rejected claims and claims replaced by an edit never count; with
`reviewed_only`, only accepted claims and reviewers' edits do, and an event needs a reviewed
type claim. Among several dates, a reviewed one wins, then the most precise, then the earliest.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from veeduria.query.patterns.actors import ActorInfo, actor_attributes
from veeduria.store.dialect import chunked
from veeduria.store.ids import canonical_json, name_key
from veeduria.store.schema import claims, documents, events, review_decisions

__all__ = [
    "DateInterval",
    "Evidence",
    "ResolvedEvent",
    "StepActor",
    "load_candidates",
    "parse_date_interval",
]

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True)
class DateInterval:
    """A claimed date as the days it may stand for: "2022-12" is 2022-12-01 .. 2022-12-31."""

    lo: date
    hi: date
    value: str
    precision: str | None = None
    end: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "end": self.end}


def _first_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def parse_date_interval(value: Any) -> DateInterval | None:
    """A date claim's value ({"value", "precision", "end"} or a bare string), or None."""
    if isinstance(value, str):
        value = {"value": value}
    if not isinstance(value, dict) or not isinstance(value.get("value"), str):
        return None
    start, end = value["value"], value.get("end")
    try:
        lo = _first_day(start)
        hi = _last_day(end if isinstance(end, str) and end else start)
    except (ValueError, IndexError):
        return None
    if hi < lo:
        hi = _last_day(start)
    return DateInterval(
        lo, hi, start, value.get("precision"), end if isinstance(end, str) else None
    )


@dataclass(frozen=True)
class Evidence:
    """One claim behind a step: the exact quote and where it comes from."""

    property: str
    quote: str
    claim_id: str
    event_id: str
    document_id: str
    start: int
    end: int
    reviewed: bool
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class StepActor:
    name: str
    role: str
    infos: tuple[ActorInfo, ...]
    evidence: Evidence


@dataclass
class ResolvedEvent:
    """An event as the evidence base knows it: one row, or every row of a cluster."""

    id: str  # the cluster id, or the event id of an unclustered row
    type: str
    event_ids: list[str] = field(default_factory=list)
    countries: frozenset[str] = frozenset()
    date: DateInterval | None = None
    places: frozenset[str] = frozenset()  # name keys of place names and admin1
    fatalities: int | None = None
    actors: list[StepActor] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)  # the type claims
    reviewed: bool = False
    # entities named in the reporting sentences (loaded on request), role "mentioned"
    mentions: list[StepActor] = field(default_factory=list)


# ------------------------------------------------------------------------------ SQL


def _json_text(conn: Connection, column: Any, key: str) -> ColumnElement[str]:
    if conn.dialect.name == "postgresql":
        expr = sa.func.json_extract_path_text(sa.cast(column, sa.JSON), key)
    else:
        expr = sa.func.json_extract(column, f"$.{key}")
    return sa.type_coerce(expr, sa.String)


def _country_filter(countries: Iterable[str]) -> ColumnElement[bool]:
    c = claims.alias("c_country")
    return (
        sa.select(sa.literal(1))
        .where(
            c.c.subject_type == "event",
            c.c.subject_id == events.c.id,
            c.c.property == "country",
            c.c.value.in_([canonical_json(code) for code in sorted(countries)]),
        )
        .exists()
    )


def _date_filter(conn: Connection, windows: Sequence[tuple[date, date]]) -> ColumnElement[bool]:
    """A date claim whose days overlap one of the windows [lo, hi]. Dates are compared as
    fixed-width 'YYYY-MM-DD' text: the start padded with -01, the end with -12-31 / -31 (a
    '-02-31' is still a correct upper bound)."""
    c = claims.alias("c_date")
    start = _json_text(conn, c.c.value, "value")
    end = sa.func.coalesce(_json_text(conn, c.c.value, "end"), start)
    start_day = sa.func.substr(start + "-01-01", 1, 10)
    end_day = sa.func.substr(end + sa.func.substr("-12-31", sa.func.length(end) - 3), 1, 10)
    return (
        sa.select(sa.literal(1))
        .where(
            c.c.subject_type == "event",
            c.c.subject_id == events.c.id,
            c.c.property == "date",
            sa.or_(
                *[
                    sa.and_(start_day <= hi.isoformat(), end_day >= lo.isoformat())
                    for lo, hi in windows
                ]
            ),
        )
        .exists()
    )


def _select_rows(
    conn: Connection,
    types: Sequence[str],
    countries: set[str] | None,
    windows: Sequence[tuple[date, date]] | None,
) -> list[tuple[str, str | None]]:
    query = sa.select(events.c.id, events.c.cluster_id).where(events.c.type.in_(sorted(types)))
    if countries is not None:
        if not countries:
            return []
        query = query.where(_country_filter(countries))
    if windows is not None:
        if not windows:
            return []
        query = query.where(_date_filter(conn, windows))
    return [(row.id, row.cluster_id) for row in conn.execute(query.order_by(events.c.id))]


# ------------------------------------------------------------------------------ assembly


def _state(reviews: list[dict[str, Any]], corrects: str | None) -> str:
    from veeduria.review.state import state_from

    return state_from(reviews, corrects)


def load_candidates(
    conn: Connection,
    types: Sequence[str],
    *,
    countries: set[str] | None = None,
    windows: Sequence[tuple[date, date]] | None = None,
    reviewed_only: bool = False,
    actor_cache: dict[str, list[ActorInfo]] | None = None,
    mentions: bool = False,
) -> list[ResolvedEvent]:
    """Resolved events of `types` with a country in `countries` (None: any) and a date that
    overlaps one of `windows` (None: any date, or none). With `mentions`, each event also lists the
    entities named in the sentences that report it."""
    rows = _select_rows(conn, types, countries, windows)
    if not rows:
        return []
    cluster_ids = sorted({cid for _, cid in rows if cid is not None})
    members: dict[str, str] = {eid: (cid or eid) for eid, cid in rows}  # event id -> resolved id
    for chunk in chunked(cluster_ids):
        for row in conn.execute(
            sa.select(events.c.id, events.c.cluster_id).where(events.c.cluster_id.in_(chunk))
        ):
            members[row.id] = row.cluster_id
    claim_rows: list[Any] = []
    for chunk in chunked(sorted(members)):
        claim_rows.extend(
            conn.execute(
                sa.select(claims).where(
                    claims.c.subject_type == "event", claims.c.subject_id.in_(chunk)
                )
            ).all()
        )
    docs = _documents(conn, sorted({c.document_id for c in claim_rows}))

    usable: dict[str, list[tuple[Any, bool]]] = {}  # resolved id -> [(claim row, reviewed)]
    for c, reviewed in _usable(conn, claim_rows, reviewed_only):
        usable.setdefault(members[c.subject_id], []).append((c, reviewed))

    named: dict[str, list[tuple[Any, bool]]] = {}
    if mentions:
        named = _mentions(conn, usable, reviewed_only)  # in the same documents
    actor_names = {
        json.loads(c.value).get("name")
        for g in usable.values()
        for c, _ in g
        if c.property == "actor"
    } | {json.loads(c.value) for g in named.values() for c, _ in g}
    cache = actor_cache if actor_cache is not None else {}
    missing = sorted(n for n in actor_names if isinstance(n, str) and n not in cache)
    if missing:
        cache.update(actor_attributes(conn, missing))

    rows_of: dict[str, list[str]] = {}
    for event_id, resolved in members.items():
        rows_of.setdefault(resolved, []).append(event_id)
    wanted = set(types)
    out: list[ResolvedEvent] = []
    for resolved_id in sorted(usable):
        event = _assemble(resolved_id, usable[resolved_id], docs, cache, wanted)
        if event is not None:
            event.mentions = _mention_actors(named.get(resolved_id, []), docs, cache)
            event.event_ids = sorted(rows_of.get(resolved_id, []))
            out.append(event)
    return out


def _documents(conn: Connection, doc_ids: Sequence[str]) -> dict[str, Any]:
    docs: dict[str, Any] = {}
    for chunk in chunked(list(doc_ids)):
        for d in conn.execute(
            sa.select(
                documents.c.id,
                documents.c.title,
                documents.c.publisher,
                documents.c.published,
                documents.c.url,
            ).where(documents.c.id.in_(chunk))
        ):
            docs[d.id] = d
    return docs


def _usable(conn: Connection, rows: Sequence[Any], reviewed_only: bool) -> list[tuple[Any, bool]]:
    """The claims that count, with whether each is reviewed (see the module docstring)."""
    reviews: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunked([c.id for c in rows]):
        for r in conn.execute(
            sa.select(
                review_decisions.c.id, review_decisions.c.claim_id, review_decisions.c.decision
            ).where(review_decisions.c.claim_id.in_(chunk))
        ):
            reviews.setdefault(r.claim_id, []).append({"id": r.id, "decision": r.decision})
    out: list[tuple[Any, bool]] = []
    for c in rows:
        state = _state(reviews.get(c.id, []), c.corrects)
        if state in ("rejected", "edited") or (reviewed_only and state != "accepted"):
            continue
        out.append((c, state == "accepted"))
    return out


def _mentions(
    conn: Connection,
    usable: dict[str, list[tuple[Any, bool]]],
    reviewed_only: bool,
) -> dict[str, list[tuple[Any, bool]]]:
    """Per resolved event, the actor `name` claims whose mention lies inside one of the
    sentences that report it (one indexed query per document, on document and offset)."""
    sentences: dict[str, list[tuple[int, int, str]]] = {}  # document -> (start, end, resolved)
    for resolved_id, group in usable.items():
        for c, _ in group:
            if c.property == "type":
                sentences.setdefault(c.document_id, []).append((c.start, c.end, resolved_id))
    out: dict[str, list[tuple[Any, bool]]] = {}
    for doc_id, spans in sorted(sentences.items()):
        lo, hi = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
        rows = conn.execute(
            sa.select(claims).where(
                claims.c.document_id == doc_id,
                claims.c.start >= lo,
                claims.c.start < hi,
                claims.c.subject_type == "actor",
                claims.c.property == "name",
            )
        ).all()
        for c, reviewed in _usable(conn, rows, reviewed_only):
            for start, end, resolved_id in spans:
                if start <= c.start and c.end <= end:
                    out.setdefault(resolved_id, []).append((c, reviewed))
    return out


def _mention_actors(
    group: list[tuple[Any, bool]], docs: dict[str, Any], cache: dict[str, list[ActorInfo]]
) -> list[StepActor]:
    out: dict[str, StepActor] = {}
    for c, reviewed in sorted(group, key=lambda g: (g[0].document_id, g[0].start)):
        name = json.loads(c.value)
        if isinstance(name, str) and name not in out:
            out[name] = StepActor(
                name, "mentioned", tuple(cache.get(name, ())), _evidence(c, reviewed, docs)
            )
    return sorted(out.values(), key=lambda a: a.name)


def _evidence(c: Any, reviewed: bool, docs: dict[str, Any]) -> Evidence:
    d = docs.get(c.document_id)
    return Evidence(
        property=c.property,
        quote=c.quote,
        claim_id=c.id,
        event_id=c.subject_id,
        document_id=c.document_id,
        start=c.start,
        end=c.end,
        reviewed=reviewed,
        title=d.title if d is not None else None,
        publisher=d.publisher if d is not None else None,
        published=d.published if d is not None else None,
        url=d.url if d is not None else None,
    )


def _evidence_order(e: Evidence) -> tuple[Any, ...]:
    return (not e.reviewed, e.published or "9999", e.document_id, e.start)


def _assemble(
    resolved_id: str,
    group: list[tuple[Any, bool]],
    docs: dict[str, Any],
    actor_cache: dict[str, list[ActorInfo]],
    wanted_types: set[str],
) -> ResolvedEvent | None:
    type_claims = [(c, r) for c, r in group if c.property == "type"]
    types = {json.loads(c.value) for c, _ in type_claims}
    matching = sorted(t for t in types if t in wanted_types)
    if not matching:
        return None  # the type was rejected, edited to another type, or is unreviewed
    event = ResolvedEvent(id=resolved_id, type=matching[0])
    event.evidence = sorted(
        (_evidence(c, r, docs) for c, r in type_claims if json.loads(c.value) in wanted_types),
        key=_evidence_order,
    )
    event.reviewed = any(e.reviewed for e in event.evidence)
    countries: set[str] = set()
    places: set[str] = set()
    dates: list[tuple[tuple[Any, ...], DateInterval]] = []
    fatalities: list[int] = []
    for c, reviewed in group:
        value = json.loads(c.value)
        if c.property == "country" and isinstance(value, str):
            countries.add(value)
        elif c.property == "date":
            interval = parse_date_interval(value)
            if interval is not None:
                rank = _PRECISION_RANK.get(interval.precision or "", 3)
                dates.append(((not reviewed, rank, interval.lo, interval.hi), interval))
        elif c.property == "place" and isinstance(value, dict):
            for key in ("name", "admin1"):
                if isinstance(value.get(key), str) and value[key]:
                    places.add(name_key(value[key]))
        elif c.property == "fatalities" and isinstance(value, int):
            fatalities.append(value)
        elif (
            c.property == "actor" and isinstance(value, dict) and isinstance(value.get("name"), str)
        ):
            name = value["name"]
            event.actors.append(
                StepActor(
                    name=name,
                    role=str(value.get("role") or ""),
                    infos=tuple(actor_cache.get(name, ())),
                    evidence=_evidence(c, reviewed, docs),
                )
            )
    event.countries = frozenset(countries)
    event.places = frozenset(places)
    event.date = min(dates, key=lambda d: d[0])[1] if dates else None
    event.fatalities = min(fatalities) if fatalities else None
    event.actors.sort(key=lambda a: (a.name, a.role, _evidence_order(a.evidence)))
    return event
