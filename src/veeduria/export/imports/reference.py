"""Reference events from datasets (Cline Center coups, UCDP GED), stored as evidence.

Every claim in veeduria quotes a document. A dataset row is not an article, so it is stored
as a document of `source_kind` "dataset" whose text is the row rendered as one stable line
("Cline Center Coup d'État Project v2.1.2 | coup_id=... | country=Bolivia | year=2019 | ..."),
with `url`, `publisher` and `title` naming the dataset, its version and the row's own
identifier, and `source` = "<dataset>@<version>#<id field>=<id>". Claims quote the fields they
come from (`event_type=coup`, `year=2019 | month=11 | day=10`), so the quote is real, and
carry the extractor "dataset:<name>" at the dataset's version. The row's identifiers are kept
as a `reference` claim ({"dataset", "version", "coup_id"} or {"id", "relid"}).

The same row always renders to the same text, hence the same document id: importing a file
twice writes nothing the second time. A whole file is imported in one transaction, written
in batches; any bad row rolls everything back and the error names the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from veeduria.export.imports import ImportFailure
from veeduria.ingest.normalize import clean_text, document_id, text_sha256
from veeduria.store.dialect import IMMEDIATE, insert_ignore
from veeduria.store.extraction import extraction_rows
from veeduria.store.ids import canonical_json, make_id
from veeduria.store.schema import (
    actor_aliases,
    actors,
    claims,
    documents,
    events,
    extraction_runs,
)
from veeduria.store.sql import SQLStore
from veeduria.types import Extraction, Span

__all__ = [
    "Dataset",
    "ImportResult",
    "ReferenceRow",
    "RenderedRow",
    "country_code",
    "import_reference",
    "read_rows",
    "render_row",
]

BATCH = 500


@dataclass(frozen=True)
class Dataset:
    key: str  # "cline", "ucdp-ged"
    name: str  # shown in the rendered line and the title
    version: str
    publisher: str
    url: str
    licence: str
    id_field: str

    @property
    def extractor(self) -> str:
        return f"dataset:{self.key}"


@dataclass
class RenderedRow:
    text: str
    spans: dict[str, Span]  # column -> span of "column=value"

    def across(self, first: str, last: str) -> Span:
        """One span from the start of `first` to the end of `last` (adjacent columns)."""
        return Span(self.spans[first].start, self.spans[last].end)

    def value(self, column: str) -> Span:
        """The span of the value alone (after "column=")."""
        s = self.spans[column]
        return Span(s.start + len(column) + 1, s.end)


def render_row(dataset: Dataset, columns: Sequence[str], row: dict[str, str]) -> RenderedRow:
    """The row as one line of text, every column as "name=value", in file order."""
    head = f"{dataset.name} v{dataset.version}"
    parts = [head]
    spans: dict[str, Span] = {}
    pos = len(head)
    for column in columns:
        value = row.get(column) or ""
        if not (value.isascii() and value.isprintable()):
            value = clean_text(value)  # zero-width spaces, control characters, NFC
        value = " ".join(value.split())
        piece = f"{column}={value}"
        pos += 3  # " | "
        spans[column] = Span(pos, pos + len(piece))
        parts.append(piece)
        pos += len(piece)
    text = " | ".join(parts)
    if clean_text(text) != text:  # control characters or odd spacing: cannot keep spans
        raise ValueError("the row holds characters that do not survive text normalization")
    return RenderedRow(text, spans)


@dataclass
class ReferenceRow:
    """One dataset row, ready to store: its line, its extraction and its extra claims."""

    line: int
    rendered: RenderedRow
    row_id: str
    extraction: Extraction | None = None  # document_id is filled in by the importer
    # (subject "event" index, property, value, span) for properties extraction has no field for
    extra_claims: list[tuple[str, Any, Span]] = field(default_factory=list)


@dataclass
class ImportResult:
    dataset: str
    version: str
    rows: int = 0
    documents: int = 0  # new ones
    events: int = 0
    claims: int = 0
    skipped: int = 0  # rows already imported


def read_rows(
    path: Path, required: Sequence[str]
) -> Iterator[tuple[int, list[str], dict[str, str]]]:
    """(line number, columns, row) for each data row; ImportFailure for a missing file or
    missing columns, before anything is written."""
    try:
        fh = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot read ({exc.strerror})") from None
    with fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        missing = [c for c in required if c not in columns]
        if missing:
            raise ImportFailure(
                f"{path}, line 1: missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} (is this the right file?)"
            )
        try:
            for row in reader:
                if None in row:
                    raise ImportFailure(
                        f"{path}, line {reader.line_num}: more fields than the header has"
                    )
                yield reader.line_num, columns, row
        except csv.Error as exc:
            raise ImportFailure(f"{path}, line {reader.line_num}: {exc}") from None


_COUNTRY_ALIASES = {
    "cote d'ivoire": "CI",
    "democratic republic of the congo": "CD",
    "east timor": "TL",
    "republic of korea": "KR",
    "rumania": "RO",
    "russia": "RU",
    "surinam": "SR",
    "swaziland": "SZ",
    "turkey": "TR",
    "yemen arab republic": "YE",
}


@cache
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 for a dataset's country name; None for states that no longer exist
    (USSR, Czechoslovakia, ...): the name stays in the rendered row."""
    import pycountry

    key = name.strip().casefold()
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_2)
    except LookupError:
        return None


def _document_row(
    dataset: Dataset, ref: ReferenceRow, doc_id: str, sha: str, now: datetime
) -> dict[str, Any]:
    text = ref.rendered.text
    return {
        "id": doc_id,
        "sha256": sha,
        "text": text,
        "length": len(text),
        "url": dataset.url,
        "title": f"{dataset.name} v{dataset.version}: {dataset.id_field} {ref.row_id}",
        "publisher": f"{dataset.publisher} ({dataset.licence})",
        "author": None,
        "published": None,
        "published_precision": None,
        "retrieved_at": None,
        "ingested_at": now,
        "language": "en",
        "source_kind": "dataset",
        "source": f"{dataset.key}@{dataset.version}#{dataset.id_field}={ref.row_id}",
        "raw_sha256": None,
        "page_starts": None,
        "minhash": None,
        "syndicated_of": None,
        "syndication_similarity": None,
    }


def import_reference(
    store: SQLStore, dataset: Dataset, rows: Iterable[ReferenceRow], *, where: str
) -> ImportResult:
    """Write the rows in one transaction, in batches; nothing is written if any row fails."""
    result = ImportResult(dataset.key, dataset.version)
    store.upgrade()
    with store.engine.connect() as conn:
        conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            batch: list[ReferenceRow] = []
            for ref in rows:
                batch.append(ref)
                if len(batch) >= BATCH:
                    _write(conn, dataset, batch, result)
                    batch = []
            _write(conn, dataset, batch, result)
    return result


def _write(
    conn: sa.Connection, dataset: Dataset, batch: list[ReferenceRow], result: ImportResult
) -> None:
    if not batch:
        return
    from veeduria.nlp.run import extractor_identity

    nlp_name, nlp_version = extractor_identity()
    now = datetime.now(UTC)
    docs, all_actors, aliases, evs, cls, runs = [], [], [], [], [], []
    ids = []
    for ref in batch:
        sha = text_sha256(ref.rendered.text)
        ids.append((ref, document_id(sha), sha))
    known = set(
        conn.execute(
            sa.select(documents.c.sha256).where(documents.c.sha256.in_([s for _, _, s in ids]))
        ).scalars()
    )
    seen: set[str] = set()
    for ref, doc_id, sha in ids:
        result.rows += 1
        if sha in known or sha in seen:
            result.skipped += 1
            continue
        seen.add(sha)
        docs.append(_document_row(dataset, ref, doc_id, sha, now))
        if ref.extraction is None:
            continue
        ref.extraction.document_id = doc_id
        rows = extraction_rows(ref.extraction, ref.rendered.text, now)
        all_actors.extend(rows.actors)
        aliases.extend(rows.aliases)
        evs.extend(rows.events)
        cls.extend(rows.claims)
        for event in rows.events:
            for prop, value, span in ref.extra_claims:
                cls.append(_claim(dataset, doc_id, event["id"], prop, value, span, ref, now))
        runs.append(
            {
                "document_id": doc_id,
                "extractor": dataset.extractor,
                "version": dataset.version,
                "claims_written": len(rows.claims) + len(ref.extra_claims) * len(rows.events),
                "created_at": now,
            }
        )
        # A rendered row is no prose: mark it as seen by the text extractor, so `veeduria
        # extract` does not mine it for mentions (a new extractor version would still).
        runs.append(
            {
                "document_id": doc_id,
                "extractor": nlp_name,
                "version": nlp_version,
                "claims_written": 0,
                "created_at": now,
            }
        )
        result.events += len(rows.events)
    result.documents += len(docs)
    result.claims += len(cls)
    insert_ignore(conn, documents, docs)
    insert_ignore(conn, actors, _unique(all_actors, "id"))
    insert_ignore(conn, actor_aliases, _unique(aliases, "actor_id", "alias"))
    insert_ignore(conn, events, evs)
    insert_ignore(conn, claims, _unique(cls, "id"))
    insert_ignore(conn, extraction_runs, runs)
    from veeduria.store.event_index import event_keys_of_rows, refresh_keys

    refresh_keys(conn, event_keys_of_rows(conn, [e["id"] for e in evs]))


def _unique(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        out.setdefault(tuple(row[k] for k in keys), row)
    return [out[k] for k in sorted(out)]


def _claim(
    dataset: Dataset,
    doc_id: str,
    event_id: str,
    prop: str,
    value: Any,
    span: Span,
    ref: ReferenceRow,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": make_id("c", doc_id, span.start, span.end, "event", event_id, prop, value,
                      dataset.extractor, dataset.version),
        "subject_type": "event",
        "subject_id": event_id,
        "property": prop,
        "value": canonical_json(value),
        "document_id": doc_id,
        "start": span.start,
        "end": span.end,
        "quote": ref.rendered.text[span.start : span.end],
        "extractor": dataset.extractor,
        "extractor_version": dataset.version,
        "confidence": 1.0,
        "created_at": now,
        "corrects": None,
        "author": None,
    }  # fmt: skip
