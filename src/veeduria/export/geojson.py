"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located real-world event.

An event that several documents report (one cross-document cluster) is one feature, with
every reporting document in `sources`. Coordinates are [longitude, latitude] (WGS 84), as the
RFC requires; events without coordinates are left out (a country alone is no point).
Properties: id (the cluster id, or the event row's id), type, date, date_end, date_precision,
geo_precision (place, admin1 or country), fatalities (the conservative figure of the claims),
fatalities_low, fatalities_high, injured, country, place, admin1, actors, reports,
independent_sources, reviewed, quote (the first report's sentence), sources (URLs or titles).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy.engine import Connection

from veeduria.export import ExportOptions
from veeduria.export.selection import ResolvedEventView, Selection

__all__ = ["export_geojson", "feature"]


def feature(view: ResolvedEventView) -> dict[str, object] | None:
    e = view.summary
    if e.lat is None or e.lon is None:
        return None
    return {
        "type": "Feature",
        "id": e.id,
        "geometry": {"type": "Point", "coordinates": [float(e.lon), float(e.lat)]},
        "properties": {
            "id": e.id,
            "type": e.type,
            "date": e.date,
            "date_end": e.date_end,
            "date_precision": e.date_precision,
            "geo_precision": e.place_precision,
            "fatalities": e.fatalities,
            "fatalities_low": e.fatalities_low,
            "fatalities_high": e.fatalities_high,
            "injured": e.injured,
            "country": e.country,
            "place": e.place,
            "admin1": e.admin1,
            "actors": [{"name": a.name, "role": a.role} for a in e.actors],
            "reports": e.reports,
            "independent_sources": e.independent_sources,
            "reviewed": e.reviewed,
            "quote": view.quote,
            "sources": view.sources,
        },
    }


def export_geojson(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":[\n'
    first = True
    for event in Selection(conn, options.filters).resolved_events():
        feat = feature(event)
        if feat is None:
            continue
        line = json.dumps(feat, ensure_ascii=False, sort_keys=True)
        yield (line if first else ",\n" + line).encode("utf-8")
        first = False
    yield b"\n]}\n"
