"""`veeduria patterns`: list, show, run (text and JSON)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from pattern_helpers import COUP, DEAL, peru_chain

from veeduria.cli.main import cli
from veeduria.store import open_store


def test_list_and_show() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["patterns", "list", "--json"])
    assert out.exit_code == 0, out.output
    names = [json.loads(line)["name"] for line in out.output.splitlines()]
    assert "coup-to-concession" in names
    out = runner.invoke(cli, ["patterns", "show", "coup-to-concession"])
    assert out.exit_code == 0, out.output
    expected = "2. foreign backing: diplomatic_recognition or diplomatic_statement; within 120"
    assert expected in out.output
    out = runner.invoke(cli, ["patterns", "show", "nope"])
    assert out.exit_code == 1
    assert "Error: unknown pattern 'nope'" in out.output


def test_run_prints_evidence_and_json(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    store.upgrade()
    ids = peru_chain(store)
    store.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["--db", sqlite_url, "patterns", "run", "coup-to-concession"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "coup-to-concession: 1 finding (as of 2023-06-20)"
    assert lines[2] == (
        "Finding 1 · PE · 2022-12-07 · backer: Government of Canada (CA) · "
        "company: Hudbay Minerals (CA)"
    )
    assert f"       “{COUP.sentence}”" in lines
    assert f"       — Mining Weekly, 2023-06-20 [document {ids['deal']}]" in lines
    out = runner.invoke(
        cli, ["--db", sqlite_url, "patterns", "run", "coup-to-concession", "--json"]
    )
    assert out.exit_code == 0, out.output
    (finding,) = [json.loads(line) for line in out.output.splitlines()]
    assert finding["pattern"] == "coup-to-concession"
    assert [s["id"] for s in finding["steps"]] == ["coup", "backing", "deal", "killing"]
    assert finding["steps"][2]["events"][0]["evidence"][0]["quote"] == DEAL.sentence
    out = runner.invoke(
        cli, ["--db", sqlite_url, "patterns", "run", "coup-to-concession", "--country", "Peru"]
    )
    assert out.exit_code == 1
    assert "--country: 'PERU' is not an ISO 3166-1 alpha-2 code" in out.output
