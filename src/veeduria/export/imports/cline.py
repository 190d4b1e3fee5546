"""The Cline Center Coup d'État Project dataset (CSV, v2.1.2) as reference events.

Mapping: a realized coup (`realized`=1) that is not an auto-coup → `regime_change`; attempted
coups, conspiracies and auto-coups → `other` (the ontology: an attempted self-coup is
`other`). Date from year/month/day (precision day, month or year as far as they are given),
country from the country name (ISO alpha-2; states that no longer exist keep only the name in
the row), and a `reference` claim {"dataset", "version", "coup_id", "cowcode"}. The dataset
names no actors. See `reference` for how rows are stored.
"""

from __future__ import annotations

from collections.abc import Iterator
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
from veeduria.types import Event, Extraction, ValueSpan

__all__ = ["CLINE", "REQUIRED", "cline_rows", "import_cline"]

CLINE = Dataset(
    key="cline",
    name="Cline Center Coup d'État Project",
    version="2.1.2",
    publisher="Cline Center for Advanced Social Research, University of Illinois",
    url="https://doi.org/10.13012/B2IDB-3143201",
    licence="CC BY 4.0",
    id_field="coup_id",
)
REQUIRED = [
    "coup_id",
    "cowcode",
    "country",
    "year",
    "month",
    "day",
    "event_type",
    "realized",
    "auto",
]


def _int(value: str, column: str) -> int | None:
    value = value.strip()
    if value in ("", "NA", "-99", "-999", "."):
        return None
    try:
        return int(float(value))
    except ValueError:
        raise ValueError(f"{column}={value!r} is not a number") from None


def cline_rows(path: Path, *, version: str = CLINE.version) -> Iterator[ReferenceRow]:
    dataset = _dataset(version)
    for line, columns, row in read_rows(path, REQUIRED):
        try:
            yield _row(dataset, line, columns, row)
        except ValueError as exc:
            raise ImportFailure(f"{path}, line {line}: {exc}") from None


def _dataset(version: str) -> Dataset:
    from dataclasses import replace

    return replace(CLINE, version=version)


def _row(dataset: Dataset, line: int, columns: list[str], row: dict[str, str]) -> ReferenceRow:
    coup_id = row["coup_id"].strip()
    if not coup_id:
        raise ValueError("empty coup_id")
    rendered = render_row(dataset, columns, row)
    year, month, day = (_int(row[c], c) for c in ("year", "month", "day"))
    if year is None:
        raise ValueError("no year")
    kind = row["event_type"].strip()
    if kind not in ("coup", "attempted", "conspiracy"):
        raise ValueError(f"event_type={kind!r} is not coup, attempted or conspiracy")
    realized = _int(row["realized"], "realized") == 1
    auto = _int(row["auto"], "auto") == 1
    event_type = "regime_change" if kind == "coup" and realized and not auto else "other"
    if month and day:
        date, precision, date_span = (
            f"{year:04d}-{month:02d}-{day:02d}",
            "day",
            rendered.across("year", "day"),
        )
    elif month:
        date, precision, date_span = (
            f"{year:04d}-{month:02d}",
            "month",
            rendered.across("year", "month"),
        )
    else:
        date, precision, date_span = f"{year:04d}", "year", rendered.spans["year"]
    country = country_code(row["country"])
    event = Event(
        type=event_type,
        evidence=rendered.across(columns[0], columns[-1]),
        trigger=rendered.spans["event_type"],
        date=ValueSpan(date, date_span, precision),  # type: ignore[arg-type]
        country=country,
        country_span=rendered.spans["country"] if country else None,
        confidence=1.0,
    )
    extraction = Extraction(
        document_id="", extractor=dataset.extractor, version=dataset.version, language="en",
        events=[event],
    )  # fmt: skip
    reference = {
        "dataset": dataset.name,
        "version": dataset.version,
        "coup_id": coup_id,
        "cowcode": row["cowcode"].strip(),
    }
    return ReferenceRow(
        line=line,
        rendered=rendered,
        row_id=coup_id,
        extraction=extraction,
        extra_claims=[
            ("reference", reference, rendered.across("coup_id", "cowcode")),
            ("event_kind", kind, rendered.spans["event_type"]),
        ],
    )


def import_cline(
    store: SQLStore, path: Path | str, *, version: str = CLINE.version
) -> ImportResult:
    """Import the Cline Center coups CSV; all or nothing."""
    path = Path(path)
    return import_reference(
        store, _dataset(version), cline_rows(path, version=version), where=str(path)
    )
