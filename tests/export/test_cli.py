"""`veeduria export` and `veeduria import`, end to end through click."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from veeduria.cli.main import cli
from veeduria.store.sql import SQLStore


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_export_to_stdout_and_file(evidence: SQLStore, tmp_path: Path) -> None:
    code, out, _ = run(evidence.url, "export", "csv", "--table", "events", "--country", "pe")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["type"], r["country"]) for r in rows] == [("repression_killing", "PE")]
    target = tmp_path / "map.geojson"
    code, out, _ = run(evidence.url, "export", "geojson", "--since", "2019-11", "-o", str(target))
    assert code == 0 and out == ""
    assert len(json.loads(target.read_text("utf-8"))["features"]) == 2
    code, out, _ = run(evidence.url, "export", "acled", "--type", "regime_change")
    assert code == 0 and len(out.strip().splitlines()) == 2


def test_export_usage_errors(evidence: SQLStore) -> None:
    code, _, err = run(evidence.url, "export", "jsonl", "--type", "coup")
    assert code == 2 and "unknown event type 'coup'" in err
    code, _, err = run(evidence.url, "export", "jsonl", "--since", "last year")
    assert code == 2 and "'last year' is not a date" in err
    code, _, err = run(evidence.url, "export", "backup", "--country", "PE")
    assert code == 2 and "takes no filters" in err
    code, _, err = run(evidence.url, "export", "geojson", "--table", "events")
    assert code == 2 and "--table is for the csv format" in err


def test_backup_and_restore(evidence: SQLStore, tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    assert run(evidence.url, "export", "backup", "-o", str(path))[0] == 0
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    code, out, _ = run(target, "import", "backup", str(path), "--json")
    assert code == 0
    assert json.loads(out)["counts"]["claims"] == evidence.stats()["claims"]
    code, _, err = run(target, "import", "backup", str(path))
    assert code == 1 and "is not empty" in err


def test_import_reference_error_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run(f"sqlite:///{tmp_path / 'x.db'}", "import", "cline", str(path))
    assert code == 1
    assert (
        err.strip() == f"Error: {path}, line 1: missing columns coup_id, cowcode, country, "
        "year, month, day, event_type, realized, auto (is this the right file?)"
    )
