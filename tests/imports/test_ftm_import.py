"""FollowTheMoney round trip: export, import into an empty database, export again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from veeduria.export import write_export
from veeduria.export.imports import ImportFailure
from veeduria.export.imports.ftm import import_ftm
from veeduria.store.sql import SQLStore


def ftm_file(store: SQLStore, path: Path) -> Path:
    with path.open("wb") as fh:
        write_export(store, "ftm", None, fh)
    return path


def entities(path: Path) -> dict[str, dict[str, object]]:
    out = {}
    for line in path.read_text("utf-8").splitlines():
        entity = json.loads(line)
        out[entity["id"]] = entity
    return out


def test_round_trip(evidence: SQLStore, empty: SQLStore, tmp_path: Path) -> None:
    first = ftm_file(evidence, tmp_path / "first.ftm.json")
    result = import_ftm(empty, first)
    assert (result.documents, result.actors, result.events, result.relations) == (2, 7, 3, 2)
    assert result.skipped == 0
    second = ftm_file(empty, tmp_path / "second.ftm.json")
    assert entities(second) == entities(first)
    # The documents came back with the same ids and texts; quotes slice their text.
    for doc_id in ("doc-es", "doc-en"):
        original, copy = evidence.get_document(doc_id), empty.get_document(doc_id)
        assert copy is not None and original is not None
        assert (copy.text, copy.title, copy.url, copy.published) == (
            original.text, original.title, original.url, original.published,
        )  # fmt: skip
        for claim in empty.claims_for_document(doc_id):
            assert copy.text is not None
            assert copy.text[claim.start : claim.end] == claim.quote
            assert claim.extractor == "import:ftm"
    # Importing the same stream again adds nothing.
    claims = empty.stats()["claims"]
    import_ftm(empty, first)
    assert empty.stats()["claims"] == claims


def test_bad_lines_name_file_and_line(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text('{"id": "x", "schema": "Person", "properties": {"name": ["A"]}}\n{oops\n')
    with pytest.raises(ImportFailure, match=rf"{path}, line 2: not valid JSON"):
        import_ftm(empty, path)
    path.write_text('{"id": "x", "schema": "NoSuchSchema", "properties": {}}\n')
    with pytest.raises(ImportFailure, match=rf"{path}, line 1: not a FollowTheMoney entity"):
        import_ftm(empty, path)
    assert empty.stats()["documents"] == 0


def test_entities_without_text_are_skipped(empty: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "foreign.ftm.json"
    path.write_text(
        json.dumps({"id": "p1", "schema": "Person", "properties": {"name": ["Ana"]}}) + "\n"
        + json.dumps({"id": "d1", "schema": "Article", "properties": {"title": ["No body"]}})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = import_ftm(empty, path)
    assert (result.entities, result.skipped, result.documents, result.actors) == (2, 2, 0, 0)
