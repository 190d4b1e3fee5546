"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located event.

Coordinates are [longitude, latitude] (WGS 84), as the RFC requires. Events without
coordinates are left out (a country alone is no point). Properties: id, type, date,
date_end, date_precision, geo_precision (place, admin1 or country), fatalities, injured,
country, place, admin1, actors, quote, reviewed, sources (list of URLs or titles).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlalchemy.engine import Connection

from veeduria.export import ExportOptions
from veeduria.export.selection import EventView, Selection

__all__ = ["export_geojson", "feature"]


def feature(event: EventView) -> dict[str, object] | None:
    place = event.place or {}
    lat, lon = place.get("lat"), place.get("lon")
    if lat is None or lon is None:
        return None
    date = event.date or {}
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        "properties": {
            "id": event.id,
            "type": event.type,
            "date": date.get("value"),
            "date_end": date.get("end"),
            "date_precision": date.get("precision"),
            "geo_precision": event.geo_precision,
            "fatalities": event.fatalities,
            "injured": event.injured,
            "country": event.country,
            "place": place.get("name"),
            "admin1": place.get("admin1"),
            "actors": [{"name": a.name, "role": a.role} for a in event.actors],
            "quote": event.quote,
            "reviewed": event.reviewed,
            "sources": [event.document.citation],
        },
    }


def export_geojson(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":[\n'
    first = True
    for event in Selection(conn, options.filters).events():
        feat = feature(event)
        if feat is None:
            continue
        line = json.dumps(feat, ensure_ascii=False, sort_keys=True)
        yield (line if first else ",\n" + line).encode("utf-8")
        first = False
    yield b"\n]}\n"
