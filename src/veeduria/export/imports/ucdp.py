"""UCDP Georeferenced Event Dataset (GED) CSV rows as reference events.

Mapping:

- `type_of_violence` 1 (state-based) and 2 (non-state) → `clash`; 3 (one-sided violence) →
  `repression_killing` when side A is a government ("Government of ..."), else `other`
  (killings of civilians by a non-state group; fatalities set).
- fatalities: `best` as `fatalities`; `low` and `high` as `fatalities_low` / `fatalities_high`.
- date: `date_start` with `date_end` as the end of a range; `date_prec` 1-3 → day, 4 → month,
  5 → year.
- place: `where_coordinates` with `latitude`/`longitude` and `adm_1`; `where_prec` 1-3 → place,
  4-5 → admin1, 6-7 → country.
- actors: `side_a` and `side_b` (a "Government of ..." is a government body, the rest
  organizations; "Civilians" is an unnamed group and left out), agent/victim for one-sided
  violence, participants otherwise.
- `reference` {"dataset", "version", "id", "relid"} keeps UCDP's identifiers.

The version is not stated in our copy (see /work/shared/data/ucdp/SOURCE.md: most likely GED
24.1): pass `version=` when you know better.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from veeduria.export.imports import ImportFailure
from veeduria.export.imports.reference import (
    Dataset,
    ImportResult,
    ReferenceRow,
    country_code,
    import_reference,
    read_rows,
    render_row,
)
from veeduria.store.sql import SQLStore
from veeduria.types import Entity, Event, EventActor, Extraction, Mention, Place, ValueSpan

__all__ = ["REQUIRED", "UCDP_GED", "import_ucdp", "ucdp_rows"]

UCDP_GED = Dataset(
    key="ucdp-ged",
    name="UCDP Georeferenced Event Dataset",
    version="24.1",
    publisher="Uppsala Conflict Data Program, Uppsala University",
    url="https://ucdp.uu.se/downloads/",
    licence="CC BY 4.0",
    id_field="id",
)
REQUIRED = [
    "id", "relid", "type_of_violence", "side_a", "side_b", "where_prec", "where_coordinates",
    "adm_1", "latitude", "longitude", "country", "date_prec", "date_start", "date_end", "best",
    "high", "low",
]  # fmt: skip
_GEO = {1: "place", 2: "place", 3: "place", 4: "admin1", 5: "admin1", 6: "country", 7: "country"}
_UNNAMED = {"civilians"}


def _int(row: dict[str, str], column: str) -> int:
    value = row[column].strip()
    try:
        return int(float(value))
    except ValueError:
        raise ValueError(f"{column}={value!r} is not a number") from None


def _float(row: dict[str, str], column: str) -> float | None:
    value = row[column].strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{column}={value!r} is not a number") from None


def ucdp_rows(path: Path, *, version: str = UCDP_GED.version) -> Iterator[ReferenceRow]:
    dataset = replace(UCDP_GED, version=version)
    for line, columns, row in read_rows(path, REQUIRED):
        try:
            yield _row(dataset, line, columns, row)
        except ValueError as exc:
            raise ImportFailure(f"{path}, line {line}: {exc}") from None


def _date(row: dict[str, str]) -> tuple[str, str, str | None]:
    start, end = row["date_start"].strip()[:10], row["date_end"].strip()[:10]
    if len(start) != 10 or start[4] != "-":
        raise ValueError(f"date_start={start!r} is not a date")
    prec = _int(row, "date_prec")
    if prec <= 3:
        return start, "day", (end if end and end != start else None)
    cut, precision = (7, "month") if prec == 4 else (4, "year")
    return start[:cut], precision, (end[:cut] if end and end[:cut] != start[:cut] else None)


def _row(dataset: Dataset, line: int, columns: list[str], row: dict[str, str]) -> ReferenceRow:
    ged_id = row["id"].strip()
    if not ged_id:
        raise ValueError("empty id")
    rendered = render_row(dataset, columns, row)
    violence = _int(row, "type_of_violence")
    if violence not in (1, 2, 3):
        raise ValueError(f"type_of_violence={violence} is not 1, 2 or 3")
    side_a, side_b = row["side_a"].strip(), row["side_b"].strip()
    government_a = side_a.startswith("Government of")
    one_sided = violence == 3
    event_type = ("repression_killing" if government_a else "other") if one_sided else "clash"
    value, precision, end = _date(row)
    country = country_code(row["country"]) if row["country"].strip() else None
    lat, lon = _float(row, "latitude"), _float(row, "longitude")
    geo = _GEO.get(_int(row, "where_prec"), "country")
    place = None
    if row["where_coordinates"].strip():
        place = Place(
            name=row["where_coordinates"].strip(),
            span=rendered.value("where_coordinates"),
            lat=lat,
            lon=lon,
            admin1=row["adm_1"].strip() or None,
            country=country,
            precision=geo,  # type: ignore[arg-type]
        )
    entities: list[Entity] = []
    event_actors: list[EventActor] = []
    for column, name in (("side_a", side_a), ("side_b", side_b)):
        if not name or name.casefold() in _UNNAMED:
            continue
        span = rendered.value(column)
        kind = "government_body" if name.startswith("Government of") else "organization"
        entities.append(
            Entity(name, kind, [Mention(span.start, span.end, name)], country=country,
                   source="dataset", confidence=1.0)
        )  # fmt: skip
        role = ("agent" if column == "side_a" else "victim") if one_sided else "participant"
        event_actors.append(EventActor(name, role, span))  # type: ignore[arg-type]
    best = _int(row, "best")
    event = Event(
        type=event_type,
        evidence=rendered.across(columns[0], columns[-1]),
        trigger=rendered.spans["type_of_violence"],
        date=ValueSpan(value, rendered.across("date_start", "date_end"), precision, end),  # type: ignore[arg-type]
        country=country,
        country_span=rendered.spans["country"] if country else None,
        place=place,
        fatalities=ValueSpan(best, rendered.value("best")),
        actors=event_actors,
        confidence=1.0,
    )
    extraction = Extraction(
        document_id="", extractor=dataset.extractor, version=dataset.version, language="en",
        entities=entities, events=[event],
    )  # fmt: skip
    reference = {
        "dataset": dataset.name,
        "version": dataset.version,
        "id": ged_id,
        "relid": row["relid"].strip(),
    }
    extra = [
        ("reference", reference, rendered.across("id", "relid")),
        ("fatalities_low", _int(row, "low"), rendered.value("low")),
        ("fatalities_high", _int(row, "high"), rendered.value("high")),
    ]
    return ReferenceRow(line, rendered, ged_id, extraction, extra)


def import_ucdp(
    store: SQLStore, path: Path | str, *, version: str = UCDP_GED.version
) -> ImportResult:
    """Import a UCDP GED CSV, streamed and written in batches; all or nothing."""
    path = Path(path)
    dataset = replace(UCDP_GED, version=version)
    return import_reference(store, dataset, ucdp_rows(path, version=version), where=str(path))
