"""The whole ingest over a realistic folder: seed articles, copies, a PDF and bad files.

Runs the pipeline on the in-memory fake (outcome per file) and the CLI on a real SQLite
evidence base (exact JSON summary, exit status, and a second run that changes nothing).
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_ingest_formats import make_pdf

from conftest import FakeStore
from veeduria.ingest.normalize import text_sha256
from veeduria.ingest.pipeline import ingest

DEV = Path("/work/shared/eval/dev.jsonl")


def seed_rows() -> dict[str, dict[str, Any]]:
    if not DEV.exists():
        pytest.skip(f"{DEV} is missing: the seed articles come from it")
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    return {row["id"]: row for row in rows}


def build_folder(root: Path) -> Path:
    rows = seed_rows()
    d001, d002, d004 = rows["d001"]["text"], rows["d002"]["text"], rows["d004"]["text"]
    folder = root / "corpus"
    folder.mkdir()
    (folder / "01-d001.txt").write_text(d001, encoding="utf-8")
    (folder / "02-d002.txt").write_text(d002, encoding="utf-8")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in d001.split("\n") if p.strip())
    (folder / "03-d001-copy.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Progressives in Toronto"
        "</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article>{paragraphs}</article><footer>Copyright 2020 Example Media</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    half = len(d004) // 2
    cut = d004.rfind(" ", 0, half)
    (folder / "04-informe.pdf").write_bytes(make_pdf([d004[:cut], d004[cut + 1 :]]))
    # The same text as 02 with Windows line endings and trailing spaces: an exact duplicate.
    (folder / "05-d002-copy.txt").write_bytes(
        "\r\n".join(line + "  " for line in d002.split("\n")).encode("utf-8")
    )
    # 01 with another headline and one paragraph rewritten: a near-duplicate.
    lines = d001.split("\n")
    lines[2] = "Toronto activists denounce Canada's support for the Bolivian coup"
    rewrite = "\n".join(lines).replace(
        "Most are wearing autumn jackets", "Several of them carry umbrellas"
    )
    (folder / "06-d001-rewrite.md").write_text(rewrite, encoding="utf-8")
    # Three bad files.
    (folder / "07-random.txt").write_bytes(random.Random(42).randbytes(3000))
    pdf = make_pdf(["Una página que nunca termina."])
    (folder / "08-truncated.pdf").write_bytes(pdf[: len(pdf) - 400])
    (folder / "09-empty.txt").write_bytes(b"")
    return folder


def test_pipeline_outcome_per_file(tmp_path: Path, fake_store: FakeStore) -> None:
    folder = build_folder(tmp_path)
    report = ingest(fake_store, [str(folder)])
    by_name = {Path(o.source).name: o for o in report.outcomes}
    assert {name: o.status for name, o in by_name.items()} == {
        "01-d001.txt": "ingested",
        "02-d002.txt": "ingested",
        "03-d001-copy.html": "duplicate",
        "04-informe.pdf": "ingested",
        "05-d002-copy.txt": "duplicate",
        "06-d001-rewrite.md": "syndicated",
        "07-random.txt": "failed",
        "08-truncated.pdf": "failed",
        "09-empty.txt": "failed",
    }
    d001_id = by_name["01-d001.txt"].doc_id
    assert d001_id is not None
    assert by_name["03-d001-copy.html"].doc_id == d001_id
    assert by_name["05-d002-copy.txt"].doc_id == by_name["02-d002.txt"].doc_id
    rewrite = fake_store.by_source(str(folder / "06-d001-rewrite.md"))
    assert rewrite.syndicated_of == d001_id
    assert rewrite.syndication_similarity is not None
    assert 0.8 <= rewrite.syndication_similarity < 1.0
    pdf = fake_store.by_source(str(folder / "04-informe.pdf"))
    assert pdf.text is not None and pdf.page_starts is not None
    assert len(pdf.page_starts) == 2
    assert pdf.text[pdf.page_starts[1] - 2 : pdf.page_starts[1]] == "\n\n"
    assert pdf.language == "es"
    first = fake_store.get_document(d001_id)
    assert first is not None and first.text == seed_rows()["d001"]["text"]
    assert first.language == "en"
    assert d001_id == text_sha256(first.text)[:16]
    assert not report.ok


EXPECTED_FAILURES = [
    ("07-random.txt", "binary data, not text (NUL bytes)"),
    ("08-truncated.pdf", "truncated or damaged PDF (no %%EOF marker at the end)"),
    ("09-empty.txt", "empty file"),
]


def run_cli(db_url: str, *args: str) -> tuple[int, dict[str, Any], str]:
    from veeduria.cli.main import cli

    result = CliRunner().invoke(cli, ["--db", db_url, "ingest", *args, "--json", "--no-extract"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def db_snapshot(path: Path) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        return {
            "documents": con.execute(
                "SELECT id, sha256, source, syndicated_of, ingested_at FROM documents ORDER BY id"
            ).fetchall(),
            "blobs": con.execute("SELECT sha256 FROM blobs ORDER BY sha256").fetchall(),
            "fts": con.execute("SELECT count(*) FROM documents_fts").fetchone(),
        }
    finally:
        con.close()


def test_cli_summary_exit_status_and_idempotent_rerun(tmp_path: Path) -> None:
    folder = build_folder(tmp_path)
    db = tmp_path / "evidence.db"
    url = f"sqlite:///{db}"
    code, summary, stderr = run_cli(url, str(folder))
    assert code == 1
    assert {
        k: summary[k]
        for k in (
            "ingested",
            "syndicated",
            "duplicate",
            "already_stored",
            "skipped",
            "failed",
            "interrupted",
        )
    } == {
        "ingested": 3,
        "syndicated": 1,
        "duplicate": 2,
        "already_stored": 0,
        "skipped": 0,
        "failed": 3,
        "interrupted": False,
    }
    assert summary["failures"] == [
        {"source": str(folder / name), "reason": reason} for name, reason in EXPECTED_FAILURES
    ]
    assert stderr.splitlines() == [
        f"error: {folder / name}: {reason}" for name, reason in EXPECTED_FAILURES
    ]
    before = db_snapshot(db)
    assert len(before["documents"]) == 4
    assert len(before["blobs"]) == 4
    assert before["fts"] == (4,)

    code, again, _ = run_cli(url, str(folder))
    assert code == 1
    assert {
        k: again[k] for k in ("ingested", "syndicated", "duplicate", "already_stored", "failed")
    } == {
        "ingested": 0,
        "syndicated": 0,
        "duplicate": 2,
        "already_stored": 4,
        "failed": 3,
    }
    assert db_snapshot(db) == before


def test_cli_language_override_and_clean_exit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Texto breve sin suficiente contexto para detectar idioma.")
    url = f"sqlite:///{tmp_path / 'e.db'}"
    code, summary, stderr = run_cli(url, str(tmp_path / "a.txt"), "--language", "PT")
    assert (code, summary["ingested"], stderr) == (0, 1, "")
    con = sqlite3.connect(tmp_path / "e.db")
    assert con.execute("SELECT language FROM documents").fetchall() == [("pt",)]
    con.close()


def test_cli_rejects_a_bad_language_code(tmp_path: Path) -> None:
    from veeduria.cli.main import cli

    result = CliRunner().invoke(
        cli,
        ["--db", f"sqlite:///{tmp_path / 'e.db'}", "ingest", str(tmp_path), "--language", "spa"],
    )
    assert result.exit_code == 2
    assert "use a two-letter ISO 639-1 code" in result.output
