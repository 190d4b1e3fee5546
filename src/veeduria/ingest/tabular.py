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
    """The rows of a table, read one at a time (memory does not grow with the file).

    With `ctx.tables`, reading starts where an interrupted ingest stopped, each row handed out
    in full is reported with the byte offset after it, and the end of the file is reported.
    """
    progress = ctx.tables
    start = progress.resume_at(path) if progress is not None else None
    rows_done, offset = (start.rows_done, start.byte_offset) if start else (0, 0)
    rows = (
        _jsonl_rows(path, rows_done, offset)
        if kind == "jsonl"
        else _csv_rows(path, ctx.max_file_bytes, rows_done, offset)
    )
    try:
        for number, end, row in rows:
            source = f"{path}#row={number}"
            if isinstance(row, Failure):
                yield row
            else:
                yield from _row_items(row, source, kind, ctx)
            if progress is not None and end is not None:
                progress.reached(path, number, end)
    except OSError as exc:
        yield Failure(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if progress is not None:
        progress.finished(path)


# (row number, byte offset after the row or None when reading stopped there, row or failure)
Row = tuple[int, int | None, Mapping[str, Any] | Failure]


def _jsonl_rows(path: Path, rows_done: int = 0, offset: int = 0) -> Iterator[Row]:
    with path.open("rb") as fh:
        if offset:
            fh.seek(offset)
        number = rows_done
        for line in fh:
            offset += len(line)
            if not line.strip():
                continue
            number += 1
            source = f"{path}#row={number}"
            try:
                row = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield number, offset, Failure(source, f"invalid JSON: {exc}")
                continue
            if not isinstance(row, dict):
                yield number, offset, Failure(source, "row is not a JSON object")
                continue
            yield number, offset, row


def _csv_rows(path: Path, max_field: int, rows_done: int = 0, offset: int = 0) -> Iterator[Row]:
    csv.field_size_limit(max(max_field, 131072))
    number = rows_done
    with path.open("rb") as fh:
        # Decode line by line (not in 8 KB chunks), so a bad byte is reported at its row.
        lines = _Utf8Lines(fh)
        fieldnames: list[str] | None = None
        if offset:
            # Resuming: the header is the first record; the rows go on at the offset.
            fieldnames = next(csv.reader(lines), None)
            fh.seek(offset)
            lines = _Utf8Lines(fh, offset)
        reader = csv.DictReader(lines, fieldnames=fieldnames)
        try:
            for row in reader:
                number += 1
                yield number, lines.offset, row
        except UnicodeDecodeError:
            failure = Failure(
                f"{path}#row={number + 1}", "not UTF-8; the rest of the file was not read"
            )
            yield number + 1, None, failure
        except csv.Error as exc:
            failure = Failure(
                f"{path}#row={number + 1}", f"malformed CSV ({exc}); the rest was not read"
            )
            yield number + 1, None, failure


class _Utf8Lines:
    """Decoded lines of a binary file, counting the bytes read (the csv reader reads no further
    than the lines of the record it returns, so `offset` is where the next record starts)."""

    def __init__(self, fh: BinaryIO, offset: int = 0) -> None:
        self.fh = fh
        self.offset = offset
        self._first = offset == 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.fh.readline()
        if not line:
            raise StopIteration
        self.offset += len(line)
        first, self._first = self._first, False
        return line.decode("utf-8-sig" if first else "utf-8")


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
