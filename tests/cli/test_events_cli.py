"""`veeduria events list|show` and `veeduria tolls` on the handmade scenario, both backends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from veeduria.cli.main import cli
from veeduria.review.testing import SCOPE, build_scenario
from veeduria.store.ids import make_id
from veeduria.store.sql import SQLStore


def run(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], env={"COLUMNS": "200"})


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def ids(store: SQLStore) -> dict[str, str]:
    return build_scenario(store)


def test_events_list_table(store: SQLStore, ids: dict[str, str]) -> None:
    result = run(store.url, "events", "list", "--country", "Perú")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split("┃")[1:-1] == [
        " ID        ",
        " Date       ",
        " Type               ",
        " Country ",
        " Place   ",
        "     Deaths ",
        " Sources    ",
        " Actors                    ",
    ]
    assert lines[3] == (
        "│ k-juliaca │ 2023-01-09 │ repression_killing │ PE      │ Juliaca │ 17 (17–18) │ "
        "2 + 1 copy │ Policía Nacional del Perú │"
    )
    assert len(lines) == 5


def test_events_list_json_and_filters(store: SQLStore, ids: dict[str, str]) -> None:
    result = run(store.url, "events", "list", "--json")
    rows = json_lines(result.output)
    assert [r["id"] for r in rows] == [ids["anez"], "k-juliaca", ids["recognition"]]
    assert rows[0]["actors"] == [
        {
            "name": "Jeanine Áñez",
            "role": "agent",
            "reports": 1,
            "actor_id": make_id("a", "person", "jeanine anez"),
        }
    ]
    assert (rows[1]["fatalities"], rows[1]["fatalities_latest"], rows[1]["reports"]) == (17, 18, 3)
    since = run(store.url, "events", "list", "--since", "2023", "--until", "2023-01", "--json")
    assert [r["id"] for r in json_lines(since.output)] == ["k-juliaca"]
    typed = run(store.url, "events", "list", "--type", "regime_change", "--actor", "Áñez", "--json")
    assert [r["id"] for r in json_lines(typed.output)] == [ids["anez"]]
    none = run(store.url, "events", "list", "--reviewed-only")
    assert (none.exit_code, none.output) == (0, "No events.\n")
    bad = run(store.url, "events", "list", "--country", "Narnia")
    assert (bad.exit_code, bad.output) == (
        1,
        "Error: unknown country 'Narnia': use an ISO code or a name\n",
    )
    bad_date = run(store.url, "events", "list", "--since", "January")
    assert bad_date.exit_code == 2 and "'January' is not a date" in bad_date.output


def test_events_show(store: SQLStore, ids: dict[str, str]) -> None:
    result = run(store.url, "events", "show", ids["c"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.rstrip() for line in lines[:9]] == [
        "ID        k-juliaca",
        "Type      repression_killing",
        "Date      2023-01-09 (day)",
        "Country   PE",
        "Place     Juliaca (-15.5, -70.13)",
        "Deaths    17 (17–18)",
        "Actors    Policía Nacional del Perú (agent)",
        "Sources   2 independent, 1 syndicated",
        "Reviewed  no",
    ]
    assert lines[10] == (
        "Fatalities: 17 (17–18) — conservative, from unreviewed claims; latest 18 (2023-01-21)"
    )
    assert (
        f"│    17 │ 2023-01-12 │ Agencia A │ unreviewed │ diecisiete │ {ids['fatalities_a']} │"
        in lines
    )
    assert "copy of doc-b" in result.output

    detail = json_lines(run(store.url, "events", "show", "k-juliaca", "--json").output)[0]
    assert set(detail) == {"summary", "claims", "figures", "sources"}
    assert detail["figures"]["fatalities"]["conservative"] == 17
    assert len(detail["claims"]) == 18
    assert detail["claims"][0]["source"]["publisher"] == "Agencia A"

    missing = run(store.url, "events", "show", "e-nope")
    assert (missing.exit_code, missing.output) == (
        1,
        "Error: unknown event id 'e-nope': `veeduria events list` shows the ids\n",
    )


def test_tolls(store: SQLStore, ids: dict[str, str]) -> None:
    result = run(store.url, "tolls", "Peru")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("│")]
    assert lines == [
        "│ 2023-01-12 │     50 │ Agencia A │ unreviewed │ El número de muertos en las protestas "
        f"desde el 7 de diciembre llegó a 50. │ {ids['toll_a']} │",
        "│ 2023-01-20 │     54 │ Diario B  │ unreviewed │ The death toll in the protests since "
        f"December 7 rose to 54.               │ {ids['toll_b']} │",
    ]
    assert f"PE: {SCOPE}" in result.output
    points = json_lines(run(store.url, "tolls", "PE", "--json").output)
    assert [(p["count"], p["as_of"], p["source"]["publisher"]) for p in points] == [
        (50, "2023-01-12", "Agencia A"),
        (54, "2023-01-20", "Diario B"),
    ]
    empty = run(store.url, "tolls", "pe", "--reviewed-only")
    assert (empty.exit_code, empty.output) == (0, "No reviewed death tolls for PE.\n")
    assert run(store.url, "tolls", "Bolivia").output == "No death tolls for BO.\n"
