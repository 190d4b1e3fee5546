"""An ACLED-style CSV, so our events sit beside ACLED data in the same analysis.

Columns: event_date, event_type, sub_event_type, actor1, actor2, country, admin1, location,
latitude, longitude, geo_precision, time_precision, source, notes, fatalities (plus
veeduria_id to trace a row back). One row per real-world event: the reports that
cross-document clustering grouped are one row, `source` lists their publishers ("; ") and
`fatalities` is the conservative figure of the claims. Types come from
`data/acled_mapping.yaml`; events without a date, or of a type mapped to null, are left
out. A month or year date is written as its first day with time_precision 2 or 3, as ACLED
does. actor1 is the first agent, actor2 the first
target or victim (else the next participant). Unknown fatalities are 0, as in ACLED.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy.engine import Connection

from veeduria.export import ExportOptions
from veeduria.export.selection import ResolvedEventView, Selection, date_bounds
from veeduria.export.textio import csv_chunks

__all__ = ["COLUMNS", "acled_row", "export_acled", "load_mapping"]

COLUMNS = [
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "time_precision", "source", "notes",
    "fatalities", "veeduria_id",
]  # fmt: skip


@cache
def load_mapping() -> dict[str, Any]:
    text = (resources.files("veeduria.export") / "data" / "acled_mapping.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    return str(getattr(found, "common_name", None) or found.name) if found else code


def _actors(view: ResolvedEventView) -> tuple[str, str]:
    actors = view.summary.actors
    agents = [a.name for a in actors if a.role == "agent"]
    others = [a.name for a in actors if a.role in ("target", "victim")]
    rest = [a.name for a in actors if a.role not in ("agent", "target", "victim")]
    ordered = agents[:1] + others[:1] + agents[1:] + rest
    first = ordered[0] if ordered else ""
    second = next((n for n in ordered[1:] if n != first), "")
    return first, second


def acled_row(view: ResolvedEventView) -> list[Any] | None:
    mapping = load_mapping()
    e = view.summary
    types = mapping.get("by_extractor", {}).get(view.extractor, {}).get(e.type)
    if types is None:
        types = mapping["event_types"].get(e.type)
    if types is None or not e.date:
        return None
    geo = e.place_precision if e.lat is not None and e.lon is not None else None
    geo = geo or ("country" if e.country else None)
    actor1, actor2 = _actors(view)
    publishers = [d.publisher or d.citation for d in view.documents]
    return [
        date_bounds(str(e.date))[0],
        types["event_type"],
        types["sub_event_type"],
        actor1,
        actor2,
        country_name(e.country) if e.country else "",
        e.admin1,
        e.place if geo in ("place", "admin1") else "",
        e.lat,
        e.lon,
        mapping["geo_precision"].get(geo) if geo else None,
        mapping["time_precision"].get(e.date_precision or "day", 3),
        "; ".join(dict.fromkeys(publishers)),
        view.quote,
        e.fatalities or 0,
        e.id,
    ]


def export_acled(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    rows = (acled_row(e) for e in Selection(conn, options.filters).resolved_events())
    return csv_chunks(COLUMNS, (r for r in rows if r is not None))
