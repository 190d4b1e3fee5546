"""SIGKILL in the middle of a big JSONL ingest: the re-run resumes after the last committed
batch (not at row 0), and the store ends up equal to that of an uninterrupted run."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_ingest_kill import WORDS, kill_when

from conftest import FakeStore
from veeduria.ingest.pipeline import ingest
from veeduria.store.schema import documents
from veeduria.store.sql import SQLStore

pytestmark = pytest.mark.slow

TOTAL = 2000
BATCH = 50
KILL_AFTER = 300


def make_dump(path: Path) -> None:
    rng = random.Random(2023)
    texts: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(TOTAL):
            if i % 97 == 5 and texts:  # now and then a wire copy with a new headline
                text = "Nuevo titular de la agencia. " + rng.choice(texts)
            else:
                text = " ".join(rng.choice(WORDS) for _ in range(80)) + "."
                texts.append(text)
            row = {"text": text, "title": f"nota {i}", "published": "2023-01-15"}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def stored_count(engine: sa.Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one())
    except sa.exc.OperationalError:  # the schema is not there yet, or the file is locked
        return 0


def ingest_cmd(url: str, dump: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "veeduria.cli.main",
        "--db",
        url,
        "ingest",
        str(dump),
        "--no-extract",
        "--json",
        "--batch-size",
        str(BATCH),
    ]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_table_resumes_where_it_stopped(store: SQLStore, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    make_dump(dump)
    url = store.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kill_when(ingest_cmd(url, dump), env, lambda: stored_count(store.engine) >= KILL_AFTER, 300)
    stored = stored_count(store.engine)
    assert KILL_AFTER <= stored < TOTAL, "the run finished before the kill: raise TOTAL"

    rerun = subprocess.run(ingest_cmd(url, dump), capture_output=True, text=True, env=env)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    # Started past row 0: exactly after the last committed batch, so nothing is read twice.
    skipped = summary["resumed"][str(dump)]
    assert skipped > 0 and skipped % BATCH == 0
    assert f"{dump}: resuming at row {skipped + 1} " in rerun.stderr
    assert summary["failed"] == 0
    reference = FakeStore()
    uninterrupted = ingest(reference, [str(dump)])
    expected_status = {o.source: o.status for o in uninterrupted.outcomes}
    rerun_rows = [(d["source"], d["status"]) for d in summary["documents"]]
    assert [source for source, _ in rerun_rows] == [
        f"{dump}#row={n}" for n in range(skipped + 1, TOTAL + 1)
    ]
    for source, status in rerun_rows:
        # A copy of a text stored before the kill is "already stored" instead of "duplicate".
        assert (status, expected_status[source]) in {
            (expected_status[source], expected_status[source]),
            ("already_stored", "duplicate"),
        }

    # The store equals one filled by an uninterrupted run.
    expected = {(d.id, d.source, d.title, d.syndicated_of) for d in reference.docs.values()}
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                documents.c.id, documents.c.source, documents.c.title, documents.c.syndicated_of
            )
        ).all()
    assert {tuple(r) for r in rows} == expected
    assert len(rows) == len(expected)
