"""JSON Lines and CSV tables: rows with text or URLs, metadata columns, streaming."""

from __future__ import annotations

import csv
import json
import os
import threading
from pathlib import Path

import pytest

from conftest import LocalServer
from veeduria.ingest.fetch import FetchOptions
from veeduria.ingest.sources import Failure, SourceContext, iter_source
from veeduria.ingest.tabular import language_code
from veeduria.types import IngestedDocument

PAGE = (
    "<html><head><title>Título de la página</title></head><body><article>"
    + "".join(f"<p>Frase {i} sobre el paro nacional en el sur del Perú.</p>" for i in range(6))
    + "</article></body></html>"
)


def test_language_code() -> None:
    assert [language_code(v) for v in ("es", "ES", "es-PE", "pt_BR", "spanish", "", None)] == [
        "es",
        "es",
        "es",
        "pt",
        None,
        None,
        None,
    ]


def test_jsonl_rows(tmp_path: Path, server: LocalServer) -> None:
    url = server.add("/p", PAGE)
    path = tmp_path / "rows.jsonl"
    lines = [
        json.dumps(
            {
                "text": "Texto  uno.\r\n",
                "title": "Uno",
                "published": "2023-01-09",
                "publisher": "La República",
                "author": "R. Pérez",
                "language": "es-PE",
            }
        ),
        "",
        json.dumps({"url": url, "title": "Título del archivo", "date": "2023-01"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"title": "sin texto"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ctx = SourceContext(fetch_options=FetchOptions(allow_private=True))
    one, two, three, four, five = list(iter_source(str(path), ctx))
    ctx.close()
    assert isinstance(one, IngestedDocument)
    assert (
        one.text,
        one.source_kind,
        one.source,
        one.title,
        one.published,
        one.published_precision,
        one.publisher,
        one.author,
        one.language,
        one.url,
    ) == (
        "Texto  uno.",
        "jsonl",
        f"{path}#row=1",
        "Uno",
        "2023-01-09",
        "day",
        "La República",
        "R. Pérez",
        "es",
        None,
    )
    assert isinstance(two, IngestedDocument)
    assert (two.source, two.source_kind, two.url, two.title, two.published) == (
        f"{path}#row=2",
        "jsonl",
        url,
        "Título del archivo",
        "2023-01",
    )
    assert two.text.startswith("Frase 0 sobre el paro nacional")
    assert isinstance(three, Failure)
    assert three.source == f"{path}#row=3"
    assert three.reason.startswith("invalid JSON: ")
    assert four == Failure(f"{path}#row=4", "row is not a JSON object")
    assert five == Failure(f"{path}#row=5", "row has neither text nor url")


def test_csv_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    big = "Palabra " * 40000  # longer than the csv module's default field limit
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, ["text", "title", "date", "language"])
        writer.writeheader()
        writer.writerow(
            {"text": "Línea uno,\ncon coma.", "title": "A", "date": "2019-11-15", "language": "ES"}
        )
        writer.writerow({"text": big, "title": "B", "date": "", "language": ""})
        writer.writerow({"text": "", "title": "C", "date": "", "language": ""})
    a, b, c = list(iter_source(str(path), SourceContext()))
    assert isinstance(a, IngestedDocument)
    assert (a.text, a.source, a.source_kind, a.title, a.published, a.language) == (
        "Línea uno,\ncon coma.",
        f"{path}#row=1",
        "csv",
        "A",
        "2019-11-15",
        "es",
    )
    assert isinstance(b, IngestedDocument)
    assert (len(b.text), b.title, b.published, b.language) == (len(big) - 1, "B", None, None)
    assert c == Failure(f"{path}#row=3", "row has neither text nor url")


def test_csv_that_is_not_utf8_stops_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"text\nuno\n" + "Añez\n".encode("cp1252"))
    one, two = list(iter_source(str(path), SourceContext()))
    assert isinstance(one, IngestedDocument)
    assert two == Failure(f"{path}#row=2", "not UTF-8; the rest of the file was not read")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_jsonl_is_streamed(tmp_path: Path) -> None:
    """The first row comes out before the writer has written the second: nothing is slurped."""
    fifo = tmp_path / "stream.jsonl"
    os.mkfifo(fifo)
    first_seen = threading.Event()

    def writer() -> None:
        with fifo.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps({"text": "primero"}) + "\n")
            fh.flush()
            first_seen.wait(30)  # a guard against hanging, not a timing assertion
            fh.write(json.dumps({"text": "segundo"}) + "\n")

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    ctx = SourceContext()
    # A FIFO is not a regular file: read it through the table reader directly.
    from veeduria.ingest.tabular import iter_table

    rows = iter_table(fifo, "jsonl", ctx)
    first = next(rows)
    assert not first_seen.is_set()
    first_seen.set()
    rest = list(rows)
    thread.join()
    assert [d.text for d in [first, *rest] if isinstance(d, IngestedDocument)] == [
        "primero",
        "segundo",
    ]
