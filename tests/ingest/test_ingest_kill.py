"""SIGKILL in the middle of an ingest: every stored document is whole, and a re-run finishes.

The ingest runs as a separate process over a folder of generated documents; the test polls the
database until part of it is stored, kills the process, checks each stored row against its
hash, blob and search entry, and then runs the ingest again.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from veeduria.ingest.normalize import document_id, text_sha256

pytestmark = pytest.mark.slow

TOTAL = 600
KILL_AFTER = 40

WORDS = [
    "gobierno",
    "militares",
    "protesta",
    "congreso",
    "presidente",
    "policía",
    "bloqueo",
    "carretera",
    "minería",
    "empresa",
    "embajada",
    "comunicado",
    "muertos",
    "heridos",
    "fiscalía",
    "investigación",
    "región",
    "departamento",
    "ciudad",
    "sindicato",
    "campesinos",
    "estudiantes",
    "ministro",
    "decreto",
    "estado",
    "emergencia",
    "toque",
    "queda",
    "elecciones",
    "tribunal",
    "constitución",
    "derechos",
    "humanos",
    "comisión",
    "informe",
    "testigos",
    "familiares",
    "víctimas",
]


def make_corpus(folder: Path) -> None:
    rng = random.Random(2019)
    folder.mkdir()
    for i in range(TOTAL):
        words = [rng.choice(WORDS) for _ in range(120)]
        text = f"Documento {i}.\n\n" + " ".join(words[:60]) + ".\n\n" + " ".join(words[60:]) + "."
        (folder / f"doc-{i:04d}.txt").write_text(text, encoding="utf-8")


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def ingest_cmd(db: Path, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "veeduria.cli.main",
        "--db",
        f"sqlite:///{db}",
        "ingest",
        str(folder),
        "--no-extract",
        "--json",
    ]


def check_whole(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = con.execute(
            "SELECT d.id, d.sha256, d.text, d.length, d.raw_sha256, b.data, "
            "(SELECT count(*) FROM documents_fts f WHERE f.document_id = d.id) "
            "FROM documents d LEFT JOIN blobs b ON b.sha256 = d.raw_sha256"
        ).fetchall()
        for doc_id, sha, text, length, raw_sha, raw, fts_rows in rows:
            assert text_sha256(text) == sha, doc_id
            assert document_id(sha) == doc_id
            assert length == len(text)
            assert raw is not None and hashlib.sha256(raw).hexdigest() == raw_sha, doc_id
            assert fts_rows == 1, doc_id
        fts_total = con.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
        assert fts_total == len(rows)
        return len(rows)
    finally:
        con.close()


def kill_when(cmd: list[str], env: dict[str, str], ready: Callable[[], bool], limit: float) -> None:
    """Run `cmd`, SIGKILL it as soon as `ready()` holds, and check that it died of the kill."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + limit  # a guard against hanging, not a timing assertion
        while not ready():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, f"ingest stored too little in {limit} s"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_run_leaves_whole_documents_and_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    make_corpus(folder)
    db = tmp_path / "evidence.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kill_when(ingest_cmd(db, folder), env, lambda: stored_count(db) >= KILL_AFTER, 120)

    stored = check_whole(db)
    assert KILL_AFTER <= stored < TOTAL, "the run finished before the kill: raise TOTAL"

    rerun = subprocess.run(ingest_cmd(db, folder), capture_output=True, text=True, env=env)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert (summary["already_stored"], summary["ingested"], summary["failed"]) == (
        stored,
        TOTAL - stored,
        0,
    )
    assert summary["syndicated"] == summary["duplicate"] == 0
    assert check_whole(db) == TOTAL
