"""`veeduria resolve` and `veeduria actors list|show|merge|split` on a SQLite store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from resolve_scenario import build

from veeduria.cli.main import cli
from veeduria.resolve.actors import node_id
from veeduria.store import open_store

JEANINE = node_id("Jeanine Áñez", "person")
ANEZ = node_id("Añez", "person")


@pytest.fixture
def db(sqlite_url: str) -> str:
    store = open_store(sqlite_url)
    store.upgrade()
    build(store)
    store.close()
    return sqlite_url


def _run(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args], env={"VEEDURIA_EMBED": "0"})
    assert result.exit_code == 0, result.output
    return result.output


def test_resolve_then_list_show_split_merge(db: str) -> None:
    out = _run(db, "resolve", "--no-embeddings")
    assert out == (
        "actors: 4 name(s) -> 3 actor(s) (links: surname 1; 4 changed)\n"
        "events: 5 report(s) -> 1 event(s), 1 with two or more sources (5 row(s) changed; "
        "without sentence similarity, 0 sentence(s) embedded)\n"
    )
    summary = json.loads(_run(db, "resolve", "--no-embeddings", "--json"))
    assert (summary["actors_changed"], summary["events_changed"]) == (0, 0)

    rows = [
        json.loads(line)
        for line in _run(db, "actors", "list", "--kind", "person", "--json").splitlines()
    ]
    assert [(r["name"], r["documents"], r["names"]) for r in rows] == [
        ("Dina Boluarte", 4, ["Dina Boluarte"]),
        ("Jeanine Áñez", 3, ["Añez", "Jeanine Áñez"]),
    ]
    shown = json.loads(_run(db, "actors", "show", "áñez", "--json"))
    assert (shown["id"], shown["name"], len(shown["documents"])) == (JEANINE, "Jeanine Áñez", 3)

    out = _run(db, "actors", "split", "Añez", "Jeanine Áñez", "--by", "ana", "--json")
    split = json.loads(out)
    assert (split["left"], split["right"], split["verdict"], split["together"]) == (
        ANEZ,
        JEANINE,
        "not_same",
        False,
    )
    out = _run(db, "actors", "merge", "Añez", "Jeanine Áñez", "--by", "luis", "--comment", "same")
    assert out == (
        f"Recorded judgement 2 by luis: {ANEZ} and {JEANINE} are the same; "
        f"now one actor: Jeanine Áñez ({JEANINE})\n"
    )


def test_errors_are_one_line(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "actors", "show", "Nobody"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no actor 'Nobody': `veeduria actors list` shows actors and their ids\n"
    )
