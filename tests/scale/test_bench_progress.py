"""bench/scale.py says how far a long extraction is: a line every 5%, with rate and time left."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from scale import progress


def test_progress_every_twentieth(capsys: pytest.CaptureFixture[str]) -> None:
    on_document = progress(40, time.perf_counter() - 2.0, "[40] extracted")
    for i in range(40):
        on_document(f"d{i}", 3)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 20
    assert [line.split(" (")[0] for line in lines[:2]] == [
        "[40] extracted 2/40",
        "[40] extracted 4/40",
    ]
    assert re.fullmatch(
        r"\[40\] extracted 40/40 \(\d+\.\d docs/s, 0 min left, load \[.*\]\)", lines[-1]
    )


def test_progress_small_runs_say_each_document(capsys: pytest.CaptureFixture[str]) -> None:
    on_document = progress(3, time.perf_counter(), "[3] extracted")
    for i in range(3):
        on_document(f"d{i}", 0)
    assert len(capsys.readouterr().err.splitlines()) == 3
