"""Exports and imports: one module per format, behind a small registry.

    from veeduria.export import ExportOptions, ExportFilters, stream_export, write_export
    for chunk in stream_export(store, "geojson", ExportOptions(ExportFilters(countries=("PE",)))):
        ...                                      # bytes, e.g. for a streaming HTTP response
    write_export(store, "csv", ExportOptions(table="events"), open("events.csv", "wb"))

Each exporter is a function `(connection, options) -> Iterator[bytes]` that reads one page of
records at a time from one read transaction, so a big store is never held in memory and the
output is one consistent snapshot. Formats load lazily: `FORMATS` maps a name to
"module:function" and a one-line description; `FORMAT_INFO` gives the media type and file
suffix a web download needs. Imports live in `veeduria.export.imports`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from veeduria.export.selection import ExportFilters

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from veeduria.store.sql import SQLStore

__all__ = [
    "FORMATS",
    "FORMAT_INFO",
    "ExportError",
    "ExportFilters",
    "ExportOptions",
    "Exporter",
    "get_exporter",
    "stream_export",
    "write_export",
]


class ExportError(ValueError):
    """An export cannot be made as asked (unknown format or table, missing extra)."""


@dataclass(frozen=True)
class ExportOptions:
    filters: ExportFilters = field(default_factory=ExportFilters)
    table: str | None = None  # csv only: one table instead of a zip of all


Exporter = Callable[["Connection", ExportOptions], Iterator[bytes]]


@dataclass(frozen=True)
class FormatInfo:
    target: str  # "module:function"
    description: str
    media_type: str
    suffix: str


FORMAT_INFO: dict[str, FormatInfo] = {
    "csv": FormatInfo(
        "veeduria.export.tables:export_csv",
        "CSV: events, actors, relations, claims, death_tolls (one with --table, else a zip)",
        "application/zip",
        ".zip",
    ),
    "jsonl": FormatInfo(
        "veeduria.export.jsonl:export_jsonl",
        "JSON Lines: events, actors, relations and tolls with their claims and quotes",
        "application/x-ndjson",
        ".jsonl",
    ),
    "ftm": FormatInfo(
        "veeduria.export.ftm:export_ftm",
        "FollowTheMoney entities (JSON lines) for Aleph, OpenSanctions tools and `ftm`",
        "application/x-ndjson",
        ".ftm.json",
    ),
    "graphml": FormatInfo(
        "veeduria.export.graphml:export_graphml",
        "GraphML for Gephi: actors and events as nodes, roles and relations as edges",
        "application/graphml+xml",
        ".graphml",
    ),
    "geojson": FormatInfo(
        "veeduria.export.geojson:export_geojson",
        "GeoJSON (RFC 7946) points of located events, for QGIS and web maps",
        "application/geo+json",
        ".geojson",
    ),
    "acled": FormatInfo(
        "veeduria.export.acled:export_acled",
        "ACLED-style CSV (event types mapped by export/data/acled_mapping.yaml)",
        "text/csv",
        ".csv",
    ),
    "backup": FormatInfo(
        "veeduria.export.backup:export_backup",
        "Full backup: every table as JSON lines, restorable with `veeduria import backup`",
        "application/x-ndjson",
        ".backup.jsonl",
    ),
}

#: name -> (target, description), in the order the CLI lists them.
FORMATS: dict[str, tuple[str, str]] = {k: (v.target, v.description) for k, v in FORMAT_INFO.items()}


def get_exporter(name: str) -> Exporter:
    """The exporter registered as `name`; ExportError names the known ones."""
    info = FORMAT_INFO.get(name)
    if info is None:
        raise ExportError(f"unknown export format {name!r}; use one of {', '.join(FORMAT_INFO)}")
    module_name, attr = info.target.split(":")
    module = importlib.import_module(module_name)
    exporter: Exporter = getattr(module, attr)
    return exporter


def media_type(name: str, options: ExportOptions | None = None) -> str:
    if name == "csv" and options is not None and options.table:
        return "text/csv"
    return FORMAT_INFO[name].media_type


def stream_export(
    store: SQLStore, name: str, options: ExportOptions | None = None
) -> Iterator[bytes]:
    """The export as byte chunks, read in one transaction (a consistent snapshot)."""
    exporter = get_exporter(name)
    opts = options or ExportOptions()
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield from exporter(conn, opts)


def write_export(store: SQLStore, name: str, options: ExportOptions | None, out: IO[bytes]) -> None:
    """Write the export to a binary file or stream."""
    for chunk in stream_export(store, name, options):
        out.write(chunk)
