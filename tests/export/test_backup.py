"""Backup and restore: lossless, into an empty database only, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from evidence import build_evidence

from veeduria.export import write_export
from veeduria.export.backup import backup_tables
from veeduria.export.imports import ImportFailure
from veeduria.export.imports.backup import import_backup
from veeduria.store import open_store
from veeduria.store.sql import SQLStore


def dump(store: SQLStore) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in primary-key order."""
    out: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for table in backup_tables():
            pk = list(table.primary_key.columns)
            rows = conn.execute(sa.select(table).order_by(*pk)).all()
            out[table.name] = [
                {k: bytes(v) if isinstance(v, memoryview) else v for k, v in r._mapping.items()}
                for r in rows
            ]
    return out


def backup(store: SQLStore, path: Path) -> Path:
    with path.open("wb") as fh:
        write_export(store, "backup", None, fh)
    return path


def add_resolution_state(store: SQLStore) -> None:
    """What `veeduria resolve` writes (migration 0002): a resolved actor and an embedding."""
    from veeduria.store.schema import actors, event_embeddings, events

    with store.engine.begin() as conn:
        first = conn.execute(sa.select(actors.c.id).order_by(actors.c.id)).scalars().first()
        conn.execute(actors.update().values(resolved_id=first))
        event = conn.execute(sa.select(events.c.id).order_by(events.c.id)).scalars().first()
        conn.execute(
            event_embeddings.insert().values(
                event_id=event, model="test-model", vector=b"\x00\x3c\xff\x7b"
            )
        )


def test_round_trip_sqlite_to_sqlite(evidence: SQLStore, tmp_path: Path) -> None:
    add_resolution_state(evidence)
    path = backup(evidence, tmp_path / "b.jsonl")
    with open_store(f"sqlite:///{tmp_path / 'restored.db'}") as target:
        result = import_backup(target, path)
        assert result.counts["claims"] == evidence.stats()["claims"]
        before, after = dump(evidence), dump(target)
        assert set(before) == {t.name for t in backup_tables()}
        for name in before:
            assert after[name] == before[name], name
        assert after["blobs"][0]["data"] == b"<html><body>\x00\xff raw bytes</body></html>"
        assert [r["vector"] for r in after["event_embeddings"]] == [b"\x00\x3c\xff\x7b"]
        assert {r["resolved_id"] for r in after["actors"]} == {after["actors"][0]["id"]}
        # Backing up the restored copy gives the same lines (the header's time aside).
        again = backup(target, tmp_path / "again.jsonl").read_text("utf-8").splitlines()
        assert again[1:] == path.read_text("utf-8").splitlines()[1:]
        # Search works on the restored copy, and new reviews get fresh ids.
        assert [h.document_id for h in target.search("Anez")] == ["doc-es"]
        claim = target.claims_for_document("doc-en")[0]
        target.add_review(claim.id, "accept", "cy")
        assert target.stats()["reviews"] == evidence.stats()["reviews"] + 1


@pytest.mark.postgres
def test_round_trip_sqlite_to_postgresql(evidence: SQLStore, tmp_path: Path, pg_url: str) -> None:
    add_resolution_state(evidence)
    path = backup(evidence, tmp_path / "b.jsonl")
    with open_store(pg_url) as target:
        import_backup(target, path)
        before, after = dump(evidence), dump(target)
        for name in before:
            assert after[name] == before[name], name
        assert [h.document_id for h in target.search("Anez")] == ["doc-es"]
        claim = target.claims_for_document("doc-en")[0]
        target.add_review(claim.id, "accept", "cy")  # the id sequence moved past the restored ids
        target.add_judgement("actor", "a-1", "a-2", "same", "cy")
        # And back: PostgreSQL -> SQLite gives the same rows again.
        path2 = backup(target, tmp_path / "pg.jsonl")
    with open_store(f"sqlite:///{tmp_path / 'back.db'}") as back:
        import_backup(back, path2)
        assert dump(back)["claims"] == before["claims"]


def test_refuses_a_non_empty_database(evidence: SQLStore, tmp_path: Path) -> None:
    path = backup(evidence, tmp_path / "b.jsonl")
    stats = evidence.stats()
    with pytest.raises(ImportFailure, match=r"is not empty .*restore a backup only into an empty"):
        import_backup(evidence, path)
    assert evidence.stats() == stats


def _fresh(tmp_path: Path, name: str = "t.db") -> SQLStore:
    return open_store(f"sqlite:///{tmp_path / name}")


def _empty(store: SQLStore) -> bool:
    return all(not rows for rows in dump(store).values())


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ({"format": "something-else"}, r"line 1: not a veeduria backup"),
        ({"format": "veeduria-backup", "format_version": 9}, r"line 1: backup format version 9"),
        (
            {"format": "veeduria-backup", "format_version": 1, "schema_revision": "0000"},
            r"line 1: the backup is at schema revision '0000'",
        ),
    ],
)
def test_wrong_header(tmp_path: Path, header: dict[str, Any], message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(header) + "\n", encoding="utf-8")
    with _fresh(tmp_path) as target, pytest.raises(ImportFailure, match=f"{path}, {message}"):
        import_backup(target, path)


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("hello\n", encoding="utf-8")
    with _fresh(tmp_path) as target, pytest.raises(ImportFailure, match=r"line 1: not valid JSON"):
        import_backup(target, path)


def test_truncated_backup_writes_nothing(evidence: SQLStore, tmp_path: Path) -> None:
    lines = backup(evidence, tmp_path / "b.jsonl").read_text("utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:-1]), encoding="utf-8")  # the end line is missing
    with _fresh(tmp_path) as target:
        with pytest.raises(ImportFailure, match=rf"{cut}, line {len(lines) - 1}: truncated backup"):
            import_backup(target, cut)
        assert _empty(target)
    half = tmp_path / "half.jsonl"
    half.write_text("".join(lines[:20]) + lines[20][:15], encoding="utf-8")  # cut mid-line
    with _fresh(tmp_path, "u.db") as target:
        with pytest.raises(ImportFailure, match=rf"{half}, line 21: not valid JSON"):
            import_backup(target, half)
        assert _empty(target)


def test_bad_row_writes_nothing(evidence: SQLStore, tmp_path: Path) -> None:
    lines = backup(evidence, tmp_path / "b.jsonl").read_text("utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if '"t":"claims"' in line)
    row = json.loads(lines[n])
    row["r"]["document_id"] = "no-such-document"  # a dangling reference
    lines[n] = json.dumps(row) + "\n"
    m = next(i for i, line in enumerate(lines) if '"t":"events"' in line)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    with _fresh(tmp_path) as target:
        with pytest.raises(
            ImportFailure, match=rf"{bad}, lines \d+-\d+: cannot insert into claims: FOREIGN KEY"
        ):
            import_backup(target, bad)
        assert _empty(target)
    lines = backup(evidence, tmp_path / "b.jsonl").read_text("utf-8").splitlines(keepends=True)
    row = json.loads(lines[m])
    row["r"]["colour"] = "red"
    lines[m] = json.dumps(row) + "\n"
    bad.write_text("".join(lines), encoding="utf-8")
    with _fresh(tmp_path, "u.db") as target:
        with pytest.raises(
            ImportFailure, match=rf"{bad}, line {m + 1}: table events has no column colour"
        ):
            import_backup(target, bad)
        assert _empty(target)


def test_counts_must_match(evidence: SQLStore, tmp_path: Path) -> None:
    lines = backup(evidence, tmp_path / "b.jsonl").read_text("utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if '"t":"judgements"' in line)
    del lines[n]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    with _fresh(tmp_path) as target:
        with pytest.raises(ImportFailure, match=r"counts .* do not match"):
            import_backup(target, bad)
        assert _empty(target)


def test_build_evidence_is_reusable(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        store.upgrade()
        ids = build_evidence(store)
        assert set(ids) == {"killing", "edited_date", "juliaca"}


def test_backups_leave_out_derived_and_machine_local_tables() -> None:
    names = {t.name for t in backup_tables()}
    assert "event_index" not in names  # rebuilt on restore
    assert "ingest_checkpoints" not in names  # where a local file's ingest stopped
    assert {"documents", "claims", "review_decisions", "judgements"} <= names


def _at_revision(path: Path, revision: str) -> Path:
    """The backup `path` with its header saying it was written at `revision`."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    header = json.loads(lines[0])
    header["schema_revision"] = revision
    older = path.with_name(f"at-{revision}.jsonl")
    older.write_text(json.dumps(header) + "\n" + "".join(lines[1:]), encoding="utf-8")
    return older


@pytest.mark.parametrize(
    "target_kind",
    ["new file", "empty at head", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def test_restores_a_backup_from_an_older_revision(
    evidence: SQLStore, tmp_path: Path, target_kind: str, request: pytest.FixtureRequest
) -> None:
    """Written at 0007 (before event_facets; the backed-up tables have not changed since):
    restored at 0007, then migrated to the newest revision in the same transaction."""
    from veeduria.store.migrate import head_revision

    add_resolution_state(evidence)
    path = _at_revision(backup(evidence, tmp_path / "b.jsonl"), "0007")
    if target_kind == "postgresql":
        url = request.getfixturevalue("pg_url")
    else:
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    with open_store(url) as target:
        if target_kind == "empty at head":
            target.upgrade()
        result = import_backup(target, path)
        assert result.schema_revision == head_revision() == target.schema_revision()
        before, after = dump(evidence), dump(target)
        for name in before:
            assert after[name] == before[name], name
        assert [h.document_id for h in target.search("Anez")] == ["doc-es"]


def test_an_older_backup_whose_tables_changed_is_refused_whole(
    evidence: SQLStore, tmp_path: Path
) -> None:
    """At 0001 `actors` had no `resolved_id` (0002): the rows do not fit, nothing is written,
    and the message says what to do."""
    path = _at_revision(backup(evidence, tmp_path / "b.jsonl"), "0001")
    with _fresh(tmp_path) as target:
        with pytest.raises(ImportFailure, match=r"the backup is at schema revision 0001") as info:
            import_backup(target, path)
        assert "restore the backup with the veeduria version that wrote it" in str(info.value)
        assert target.schema_revision() is None  # the schema change was undone with the rows
