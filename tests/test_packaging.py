"""Every data file in the package is shipped: a non-editable install needs them all."""

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "veeduria"


def test_every_data_file_matches_a_package_data_pattern() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["veeduria"]
    missing = []
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        # setuptools' "**/" also matches files at the top of the package.
        if not any(
            fnmatch.fnmatch(rel, p)
            or fnmatch.fnmatch(rel, p.removeprefix("**/"))
            or fnmatch.fnmatch(path.name, p.removeprefix("**/"))
            for p in patterns
        ):
            missing.append(rel)
    assert missing == []
