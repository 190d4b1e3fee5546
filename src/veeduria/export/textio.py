"""Small helpers that turn rows into byte chunks: CSV and JSON lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = ["csv_chunks", "json_line", "jsonl_chunks", "plain"]

ROWS_PER_CHUNK = 500


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """A CSV (RFC 4180, CRLF line ends, UTF-8) as chunks of a few hundred rows."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow(["" if v is None else v for v in row])
        if n % ROWS_PER_CHUNK == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def plain(value: Any) -> Any:
    """Dataclasses as dicts, recursively, without `dataclasses.asdict`'s deep copies (the
    values inside are JSON-ready already, and the copies cost most of an export's time)."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: plain(v) for k, v in vars(value).items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def json_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def jsonl_chunks(values: Iterable[Any]) -> Iterator[bytes]:
    parts: list[str] = []
    for value in values:
        parts.append(json_line(value))
        if len(parts) >= ROWS_PER_CHUNK:
            yield "".join(parts).encode("utf-8")
            parts = []
    if parts:
        yield "".join(parts).encode("utf-8")
