"""The real reference files under ../shared/data; tests that need them skip when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
CLINE_CSV = SHARED / "cline-coups" / "cline_coup_data_v2.1.2.csv"
UCDP_CSV = SHARED / "ucdp" / "ucdp_ged_mexico_1989-2023.csv"


def shared_file(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: the shared reference data is needed for this test")
    return path
