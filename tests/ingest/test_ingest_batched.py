"""Batched ingest on both backends: the same outcomes as one transaction per document, a bad
document that fails alone, duplicates and near-duplicates within a batch, and checkpoints that
let a table resume where an interrupted run stopped."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from test_ingest_kill import WORDS

from conftest import FakeStore
from veeduria.ingest.pipeline import IngestOptions, Outcome, ingest
from veeduria.store.schema import documents, ingest_checkpoints
from veeduria.store.sql import SQLStore


def article(seed: int, words: int = 90) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def near_copy(text: str) -> str:
    """The same story with a new headline: a near-duplicate (Jaccard about 0.8)."""
    return "Titular nuevo de la agencia. " + text


def write_jsonl(path: Path, rows: list[dict[str, Any] | str]) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
        encoding="utf-8",
    )
    return path


def mixed_rows() -> list[dict[str, Any] | str]:
    rows: list[dict[str, Any] | str] = [{"text": article(i), "title": f"t{i}"} for i in range(10)]
    rows[3] = {"text": article(1), "title": "exact copy of row 2"}
    rows[5] = {"text": near_copy(article(4)), "title": "near copy of row 5"}
    rows[7] = "{not json"
    rows[8] = {"title": "no text, no url"}
    return rows


def summary(outcomes: list[Outcome]) -> list[tuple[str, str, str | None, str | None]]:
    return [(o.source.rsplit("#", 1)[-1], o.status, o.doc_id, o.detail) for o in outcomes]


def stored_rows(store: SQLStore) -> set[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                documents.c.id,
                documents.c.sha256,
                documents.c.source,
                documents.c.title,
                documents.c.syndicated_of,
                documents.c.syndication_similarity,
                documents.c.minhash,
            )
        ).all()
    return {tuple(r) for r in rows}


def checkpoint_rows(store: SQLStore) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(ingest_checkpoints.c.path, ingest_checkpoints.c.rows_done)
        ).all()
    return [tuple(r) for r in rows]


@pytest.mark.parametrize("batch_size", [3, 200])
def test_batches_give_the_outcomes_of_single_writes(
    store: SQLStore, tmp_path: Path, batch_size: int
) -> None:
    table = write_jsonl(tmp_path / "rows.jsonl", mixed_rows())
    single = ingest(FakeStore(), [str(table)])
    batched = ingest(store, [str(table)], IngestOptions(batch_size=batch_size))
    assert summary(batched.outcomes) == summary(single.outcomes)
    assert batched.counts == {
        "ingested": 6,
        "syndicated": 1,
        "duplicate": 1,
        "already_stored": 0,
        "skipped": 0,
        "failed": 2,
    }
    near = store.get_document(batched.outcomes[5].doc_id or "")
    assert near is not None and near.syndicated_of == batched.outcomes[4].doc_id
    again = ingest(store, [str(table)], IngestOptions(batch_size=batch_size))
    assert (again.counts["already_stored"], again.counts["duplicate"]) == (7, 1)
    assert checkpoint_rows(store) == []  # read to the end: nothing to resume


def test_immutability_triggers_apply_to_batched_documents(store: SQLStore, tmp_path: Path) -> None:
    table = write_jsonl(tmp_path / "rows.jsonl", [{"text": article(i)} for i in range(3)])
    ingest(store, [str(table)])
    with pytest.raises(sa.exc.DatabaseError), store.engine.begin() as conn:
        conn.execute(documents.update().values(text="rewritten"))


POISON = {
    "sqlite": [
        "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN NEW.title = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.title = 'poison' THEN RAISE EXCEPTION 'poisoned row'; END IF; "
        "RETURN NEW; END $$",
        "CREATE TRIGGER poison BEFORE INSERT ON documents FOR EACH ROW EXECUTE FUNCTION poison()",
    ],
}


def test_a_refused_document_fails_alone(store: SQLStore, tmp_path: Path) -> None:
    with store.engine.begin() as conn:
        for statement in POISON[conn.dialect.name]:
            conn.exec_driver_sql(statement)
    rows: list[dict[str, Any] | str] = [{"text": article(i)} for i in range(8)]
    rows[4] = {"text": article(4), "title": "poison"}
    rows[5] = {"text": near_copy(article(4))}  # near-copy of the refused one: stored on its own
    rows[6] = {"text": article(4)}  # the refused text without the poison: a copy of row 6
    table = write_jsonl(tmp_path / "rows.jsonl", rows)
    seen: list[str] = []
    report = ingest(store, [str(table)], on_notice=seen.append)
    statuses = [o.status for o in report.outcomes]
    assert statuses == ["ingested"] * 4 + ["failed", "ingested", "syndicated", "ingested"]
    failure = report.outcomes[4]
    assert failure.source == f"{table}#row=5"
    assert failure.detail is not None and "poisoned row" in failure.detail
    assert failure.detail.startswith("not stored: the database refused it (")
    assert len(stored_rows(store)) == 7
    copy = store.get_document(report.outcomes[6].doc_id or "")
    assert copy is not None and copy.syndicated_of == report.outcomes[5].doc_id


def test_interrupted_table_resumes_after_the_last_batch(store: SQLStore, tmp_path: Path) -> None:
    rows: list[dict[str, Any] | str] = [{"text": article(i), "title": f"t{i}"} for i in range(10)]
    rows[6] = {"text": near_copy(article(1))}  # a near-copy of a row stored before the stop
    table = write_jsonl(tmp_path / "rows.jsonl", rows)
    options = IngestOptions(batch_size=4)

    def stop_after_first_batch(outcome: Outcome) -> None:
        if outcome.source.endswith("#row=4"):
            raise KeyboardInterrupt

    first = ingest(store, [str(table)], options, on_outcome=stop_after_first_batch)
    assert first.interrupted
    assert checkpoint_rows(store) == [(str(table.resolve()), 4)]
    notices: list[str] = []
    second = ingest(store, [str(table)], options, on_notice=notices.append)
    assert second.resumed == {str(table): 4}
    assert second.to_json()["resumed"] == {str(table): 4}
    assert notices == [
        f"{table}: resuming at row 5 (rows 1-4 were stored by an earlier run; --restart reads "
        "the file from the start)"
    ]
    assert [o.source for o in second.outcomes] == [f"{table}#row={n}" for n in range(5, 11)]
    assert second.counts["syndicated"] == 1
    assert checkpoint_rows(store) == []
    # The same as one uninterrupted run.
    reference = ingest(FakeStore(), [str(table)])
    assert [o.doc_id for o in first.outcomes[:4] + second.outcomes] == [
        o.doc_id for o in reference.outcomes
    ]
    assert second.outcomes[2].detail == reference.outcomes[6].detail


def test_restart_and_changed_files_read_from_the_start(store: SQLStore, tmp_path: Path) -> None:
    table = write_jsonl(tmp_path / "rows.jsonl", [{"text": article(i)} for i in range(6)])

    def stop(outcome: Outcome) -> None:
        if outcome.source.endswith("#row=2"):
            raise KeyboardInterrupt

    ingest(store, [str(table)], IngestOptions(batch_size=2), on_outcome=stop)
    restarted = ingest(store, [str(table)], IngestOptions(batch_size=2, restart=True))
    assert restarted.resumed == {}
    assert restarted.counts["already_stored"] == 2
    assert restarted.counts["ingested"] == 4

    ingest(store, [str(table)], IngestOptions(batch_size=2, restart=True), on_outcome=stop)
    write_jsonl(table, [{"text": article(100 + i)} for i in range(6)])  # rewritten meanwhile
    notices: list[str] = []
    changed = ingest(store, [str(table)], on_notice=notices.append)
    assert changed.resumed == {}
    assert notices == [f"{table}: changed since the interrupted run; reading it from the start"]
    assert changed.counts["ingested"] == 6


def test_grown_file_and_csv_resume(store: SQLStore, tmp_path: Path) -> None:
    table = tmp_path / "rows.csv"
    body = "".join(f'"{article(i)}\n(continued)",t{i}\n' for i in range(5))
    table.write_text("text,title\n" + body, encoding="utf-8")

    def stop(outcome: Outcome) -> None:
        if outcome.source.endswith("#row=2"):
            raise KeyboardInterrupt

    ingest(store, [str(table)], IngestOptions(batch_size=2), on_outcome=stop)
    with table.open("a", encoding="utf-8") as fh:  # the dump grows at the end meanwhile
        fh.write(f"{article(50)},t50\n")
    resumed = ingest(store, [str(table)], IngestOptions(batch_size=2))
    assert resumed.resumed == {str(table): 2}
    assert [(o.source.rsplit("=", 1)[1], o.status, o.title) for o in resumed.outcomes] == [
        ("3", "ingested", "t2"),
        ("4", "ingested", "t3"),
        ("5", "ingested", "t4"),
        ("6", "ingested", "t50"),
    ]
    assert len(stored_rows(store)) == 6
