"""`event_index`: one row per resolved event, so that listings page through an index.

Listing events used to group every event row and read every date claim on each request
(seconds on 100,000 events). The index keeps, per resolved event (key: cluster id or event row
id), what the listings sort and filter on: the sort date exactly as
`veeduria.store.reading.event_page` defines it (the latest usable `date` value; and the latest
reviewed one for `reviewed_only`), the most common row type and usable country, whether a
claim is reviewed, plus display columns (best date, place, coordinates, conservative
fatalities, reports) from the same summary as `veeduria.query.events`.

It is derived state, refreshed in the writer's transaction for the keys a write touches:
`save_extraction` (new events and claims), `resolve_store` (cluster changes) and `add_review`
(decisions on event claims). `refresh_event_index(store)` rebuilds all of it (`veeduria
resolve` does, and migration 0004 fills it for existing stores).

`simple` marks events with one row and at most one usable country: for them a row filter on
type or country is a filter on the event, so those filters can use the index; the others go
through the row-level query (see `reading.event_page`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from veeduria.store.dialect import chunked
from veeduria.store.schema import claims, event_index, events

__all__ = [
    "event_keys_of_claims",
    "event_keys_of_rows",
    "index_rows",
    "refresh_event_index",
    "refresh_keys",
]

_CHUNK = 500


def event_keys_of_rows(conn: Connection, row_ids: Iterable[str]) -> set[str]:
    """The resolved events the event rows `row_ids` belong to."""
    keys: set[str] = set()
    key = sa.func.coalesce(events.c.cluster_id, events.c.id)
    for chunk in chunked(sorted(set(row_ids))):
        keys.update(conn.execute(sa.select(key).where(events.c.id.in_(chunk))).scalars())
    return keys


def event_keys_of_claims(conn: Connection, claim_ids: Iterable[str]) -> set[str]:
    """The resolved events that the event claims `claim_ids` are about."""
    rows: set[str] = set()
    for chunk in chunked(sorted(set(claim_ids))):
        rows.update(
            conn.execute(
                sa.select(claims.c.subject_id).where(
                    claims.c.id.in_(chunk), claims.c.subject_type == "event"
                )
            ).scalars()
        )
    return event_keys_of_rows(conn, rows)


def _date_text(value: Any) -> str | None:
    if isinstance(value, dict) and value.get("value") is not None:
        return str(value["value"])
    return None


def index_rows(conn: Connection, keys: Sequence[str]) -> list[dict[str, Any]]:
    """The index rows of the resolved events `keys` that exist, computed from their rows and
    claims."""
    from veeduria.query.events import _load, _summary
    from veeduria.query.geo import _points
    from veeduria.review.state import claim_state

    now = datetime.now(UTC)
    out: list[dict[str, Any]] = []
    for chunk in chunked(list(keys), _CHUNK):
        groups = _load(conn, chunk)
        points = {p.id: p for p in _points(conn, [(k, None) for k in chunk], reviewed_only=False)}
        for key in chunk:
            rows, group_claims, docs, actor_ids = groups[key]
            if not rows:
                continue
            states = [(c, claim_state(c)) for c in group_claims]
            usable = [c for c, s in states if s in ("accepted", "unreviewed")]
            reviewed = [c for c, s in states if s == "accepted"]
            dates = [d for d in (_date_text(c.value) for c in usable if c.property == "date") if d]
            reviewed_dates = [
                d for d in (_date_text(c.value) for c in reviewed if c.property == "date") if d
            ]
            countries = [c.value for c in usable if c.property == "country"]
            texts = [v for v in countries if isinstance(v, str) and len(v) == 2]
            summary = _summary(key, rows, group_claims, docs, actor_ids, reviewed_only=False)
            point = points[key]
            stamps = [r.created_at for r in rows] + [c.created_at for c in group_claims]
            stamps += [rv["created_at"] for c in group_claims for rv in c.reviews]
            out.append(
                {
                    "key": key,
                    "type": point.type,
                    "sort_date": max(dates) if dates else None,
                    "sort_date_reviewed": max(reviewed_dates) if reviewed_dates else None,
                    "date_precision": summary.date_precision,
                    "date_end": summary.date_end,
                    "country": point.country,
                    "place": point.place,
                    "lat": point.lat,
                    "lon": point.lon,
                    "geo_precision": point.precision,
                    "fatalities": summary.fatalities,
                    "reviewed": bool(reviewed),
                    "simple": len(rows) == 1
                    and len(texts) == len(countries)
                    and len(set(texts)) <= 1,
                    "reports": summary.reports,
                    "updated_at": max((_aware(s) for s in stamps if s is not None), default=now),
                }
            )
    return out


def _aware(stamp: Any) -> datetime:
    if isinstance(stamp, str):
        stamp = datetime.fromisoformat(stamp)
    assert isinstance(stamp, datetime)
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def refresh_keys(conn: Connection, keys: Iterable[str] | None = None) -> int:
    """Rebuild the index rows of `keys` (all of them when None) inside the caller's
    transaction; keys that no longer name an event lose their row. Returns rows written."""
    if keys is None:
        conn.execute(event_index.delete())
        key = sa.func.coalesce(events.c.cluster_id, events.c.id)
        wanted = sorted(set(conn.execute(sa.select(key).distinct()).scalars()))
    else:
        wanted = sorted(set(keys))
        for chunk in chunked(wanted):
            conn.execute(event_index.delete().where(event_index.c.key.in_(chunk)))
    written = 0
    for chunk in chunked(wanted, _CHUNK):
        rows = index_rows(conn, chunk)
        if rows:
            conn.execute(event_index.insert(), rows)
            written += len(rows)
    return written


def refresh_event_index(store: Any, keys: Iterable[str] | None = None) -> int:
    """Rebuild the event index of `store` (only `keys` when given), in one transaction."""
    with store.engine.begin() as conn:
        return refresh_keys(conn, keys)
