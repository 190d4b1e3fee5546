"""`veeduria eval` must report exactly what the reference scorer reports on the same files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from veeduria.cli.eval import eval_command
from veeduria.evaluation import scorer
from veeduria.evaluation.runner import extraction_to_prediction, score_files
from veeduria.types import DeathToll, DocumentInput, Event, Extraction, Span, ValueSpan

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DEV = SHARED / "dev.jsonl"
SCORE = SHARED / "score.py"

# A tiny handmade gold file: one English report, one Spanish report, one distractor.
TINY: list[dict[str, Any]] = [
    {
        "id": "t1",
        "lang": "en",
        "published": "2024-03-06",
        "distractor": False,
        "text": (
            "QUITO, March 6 - Police arrested 40 miners on Monday during a march in Quito. "
            "The Constitutional Court suspended the mining licence on Tuesday."
        ),
        "gold": {
            "events": [
                {
                    "type": "arrest",
                    "date": "2024-03-04",
                    "country": "EC",
                    "place": "Quito",
                    "fatalities": None,
                    "injured": None,
                    "actors": [],
                },
                {
                    "type": "protest",
                    "date": "2024-03-04",
                    "country": "EC",
                    "place": "Quito",
                    "fatalities": None,
                    "injured": None,
                    "actors": [],
                },
                {
                    "type": "legal_action",
                    "date": "2024-03-05",
                    "country": "EC",
                    "place": None,
                    "fatalities": None,
                    "injured": None,
                    "actors": ["Corte Constitucional"],
                },
            ],
            "entities": [
                {"name": "Quito", "kind": "place", "aliases_in_text": ["QUITO", "Quito"]},
                {
                    "name": "Corte Constitucional",
                    "kind": "government_body",
                    "aliases_in_text": ["Constitutional Court"],
                },
            ],
            "death_tolls": [],
        },
    },
    {
        "id": "t2",
        "lang": "es",
        "published": "2024-05-10",
        "distractor": False,
        "text": (
            "Tegucigalpa, 10 de mayo.- La Defensoría informó el jueves que 12 personas han "
            "muerto desde el inicio de las protestas."
        ),
        "gold": {
            "events": [
                {
                    "type": "death_toll_update",
                    "date": "2024-05-09",
                    "country": "HN",
                    "place": None,
                    "fatalities": None,
                    "injured": None,
                    "actors": [],
                },
            ],
            "entities": [
                {"name": "Tegucigalpa", "kind": "place", "aliases_in_text": ["Tegucigalpa"]},
            ],
            "death_tolls": [{"country": "HN", "as_of": "2024-05-09", "count": 12}],
        },
    },
    {
        "id": "t3",
        "lang": "en",
        "published": "2024-05-10",
        "distractor": True,
        "text": "Morales scored twice as Bolivia beat Peru 2-0 in a friendly in La Paz.",
        "gold": {"events": [], "entities": [], "death_tolls": []},
    },
]


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _reference(gold: Path, pred: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(SCORE), str(gold), str(pred), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    report: dict[str, Any] = json.loads(out.stdout)
    return report


def _fake_extract(doc: DocumentInput) -> Extraction:
    """A fixed extractor, so the scorer comparison needs no model."""
    ex = Extraction(document_id=doc.id, extractor="fake", version="0", language=doc.language)
    if doc.id == "t1":
        ex.events.append(
            Event(
                type="arrest",
                evidence=Span(17, 77),
                trigger=Span(24, 32),
                date=ValueSpan(value="2024-03-04", span=Span(50, 59), precision="day"),
                country="EC",
            )
        )
    if doc.id == "t2":
        ex.tolls.append(
            DeathToll(
                country="HN",
                count=12,
                span=Span(62, 64),
                evidence=Span(29, 120),
                as_of="2024-05-09",
            )
        )
    return ex


def test_vendored_scorer_is_the_reference() -> None:
    """The vendored copy keeps the reference logic byte for byte (only a header is added)."""
    if not SCORE.exists():
        pytest.skip(f"reference scorer not found at {SCORE} (shared/ is absent)")
    vendored = Path(scorer.__file__).read_text("utf-8").splitlines()
    reference = SCORE.read_text("utf-8").splitlines()
    assert vendored[3:] == reference[1:]


def test_tiny_gold_same_numbers_as_reference(tmp_path: Path) -> None:
    if not SCORE.exists():
        pytest.skip(f"reference scorer not found at {SCORE} (shared/ is absent)")
    gold = _write(tmp_path / "gold.jsonl", TINY)
    pred = tmp_path / "pred.jsonl"
    docs = [DocumentInput(r["id"], r["text"], r["lang"], r["published"]) for r in TINY]
    _write(pred, [extraction_to_prediction(_fake_extract(d)) for d in docs])
    ours = score_files(gold, pred)
    assert ours == _reference(gold, pred)
    assert ours["all"]["events_strict"]["tp"] == 1
    assert ours["all"]["death_tolls_strict"]["tp"] == 1


@pytest.mark.slow
def test_cli_eval_matches_reference_on_dev_subset(tmp_path: Path) -> None:
    """`veeduria eval` (the real extractor) prints the reference scorer's numbers."""
    if not DEV.exists() or not SCORE.exists():
        pytest.skip(f"dev set not found at {DEV} (shared/ is absent)")
    rows = [json.loads(line) for line in DEV.read_text("utf-8").splitlines() if line.strip()]
    wanted = {"d003", "d004", "d014", "d021", "d028", "d035"}
    gold = _write(tmp_path / "gold.jsonl", [r for r in rows if r["id"] in wanted])
    pred = tmp_path / "pred.jsonl"
    result = CliRunner().invoke(eval_command, [str(gold), "--out", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    ours = json.loads(result.stdout)
    assert ours == _reference(gold, pred)
    # Every quote slices back into the text.
    text = {r["id"]: r["text"] for r in rows}
    for line in pred.read_text("utf-8").splitlines():
        p = json.loads(line)
        for ev in p["events"]:
            assert 0 <= ev["quote"]["start"] < ev["quote"]["end"] <= len(text[p["id"]])


@pytest.mark.slow
def test_cli_eval_text_report(tmp_path: Path) -> None:
    gold = _write(tmp_path / "gold.jsonl", TINY)
    result = CliRunner().invoke(eval_command, [str(gold)])
    assert result.exit_code == 0, result.output
    assert "events" in result.stdout
