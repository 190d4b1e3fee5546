"""JSON Lines and CSV tables: one document per row, streamed.

A row holds either the `text` of a document or a `url` to fetch, plus optional metadata
columns: title, url, published (or date), publisher, author, language (or lang). The row's
metadata wins over what a fetched page says about itself: whoever made the table chose it.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from veeduria.ingest.normalize import normalize_date
from veeduria.ingest.sources import Failure, Item, SourceContext, iter_url
from veeduria.types import IngestedDocument

__all__ = ["iter_table", "language_code"]

_LANGUAGE = re.compile(r"^([a-zA-Z]{2})(?:[-_][A-Za-z0-9]+)?$")


def language_code(value: object) -> str | None:
    """ "es", "ES", "es-PE" -> "es"; anything else -> None (and the language is detected)."""
    if isinstance(value, str):
        m = _LANGUAGE.match(value.strip())
        if m:
            return m.group(1).lower()
    return None


def iter_table(path: Path, kind: str, ctx: SourceContext) -> Iterator[Item]:
    rows = _jsonl_rows(path) if kind == "jsonl" else _csv_rows(path, ctx.max_file_bytes)
    try:
        for number, row in rows:
            source = f"{path}#row={number}"
            if isinstance(row, Failure):
                yield row
                continue
            yield from _row_items(row, source, kind, ctx)
    except OSError as exc:
        yield Failure(str(path), f"cannot read: {exc.strerror or exc}")


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any] | Failure]]:
    with path.open("rb") as fh:
        number = 0
        for line in fh:
            if not line.strip():
                continue
            number += 1
            source = f"{path}#row={number}"
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield number, Failure(source, f"invalid JSON: {exc}")
                continue
            if not isinstance(row, dict):
                yield number, Failure(source, "row is not a JSON object")
                continue
            yield number, row


def _csv_rows(path: Path, max_field: int) -> Iterator[tuple[int, Mapping[str, Any] | Failure]]:
    csv.field_size_limit(max(max_field, 131072))
    number = 0
    with path.open("rb") as fh:
        # Decode line by line (not in 8 KB chunks), so a bad byte is reported at its row.
        reader = csv.DictReader(_utf8_lines(fh))
        try:
            for row in reader:
                number += 1
                yield number, row
        except UnicodeDecodeError:
            yield (
                number + 1,
                Failure(f"{path}#row={number + 1}", "not UTF-8; the rest of the file was not read"),
            )
        except csv.Error as exc:
            yield (
                number + 1,
                Failure(
                    f"{path}#row={number + 1}", f"malformed CSV ({exc}); the rest was not read"
                ),
            )


def _utf8_lines(fh: BinaryIO) -> Iterator[str]:
    for i, line in enumerate(fh):
        yield line.decode("utf-8-sig" if i == 0 else "utf-8")


def _field(row: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = row.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    return None


def _apply_metadata(doc: IngestedDocument, row: Mapping[str, Any]) -> IngestedDocument:
    doc.title = _field(row, "title") or doc.title
    doc.url = _field(row, "url") or doc.url
    doc.publisher = _field(row, "publisher") or doc.publisher
    doc.author = _field(row, "author") or doc.author
    doc.language = language_code(row.get("language") or row.get("lang")) or doc.language
    date = normalize_date(_field(row, "published", "date"))
    if date:
        doc.published, doc.published_precision = date
    return doc


def _row_items(
    row: Mapping[str, Any], source: str, kind: str, ctx: SourceContext
) -> Iterator[Item]:
    text = row.get("text")
    if isinstance(text, str) and text.strip():
        from veeduria.ingest.normalize import clean_text

        doc = IngestedDocument(text=clean_text(text), source_kind=kind, source=source)
        yield _apply_metadata(doc, row)
        return
    url = _field(row, "url")
    if url:
        for item in iter_url(url, ctx, source_kind=kind, source=source):
            yield _apply_metadata(item, row) if isinstance(item, IngestedDocument) else item
        return
    yield Failure(source, "row has neither text nor url")
