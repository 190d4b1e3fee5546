"""`veeduria review next|accept|reject|edit|merge|split|agreement`, both backends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner, Result

from veeduria.cli.main import cli
from veeduria.review.testing import build_scenario
from veeduria.store.sql import SQLStore


def run(db: str, *args: str, reviewer: str = "") -> Result:
    env = {"COLUMNS": "200", "VEEDURIA_REVIEWER": reviewer}
    return CliRunner().invoke(cli, ["--db", db, *args], env=env)


def json_lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines()]


@pytest.fixture
def ids(store: SQLStore) -> dict[str, str]:
    return build_scenario(store)


def test_next(store: SQLStore, ids: dict[str, str]) -> None:
    result = run(store.url, "review", "next")
    assert result.exit_code == 0, result.output
    assert [line.rstrip() for line in result.output.splitlines()] == [
        f"Claim       {ids['fatalities_a']}",
        "Priority    deaths",
        f"About       event repression_killing {ids['a']}",
        "Property    fatalities",
        "Value       17",
        "Quote       diecisiete",
        "Sentence    La policía mató a diecisiete personas en Juliaca el 9 de enero de 2023.",
        "Source      Report A — Agencia A — 2023-01-12 (doc-a)",
        "Confidence  0.6",
        "Extractor   hand 1",
        f"Decide: veeduria review accept|reject {ids['fatalities_a']}, or edit it VALUE",
    ]
    rows = json_lines(
        run(store.url, "review", "next", "--country", "Bolivia", "-n", "2", "--json").output
    )
    assert [(r["property"], r["priority"], r["event_type"]) for r in rows] == [
        ("type", "other", "regime_change"),  # the recognition has no country
        ("date", "other", "regime_change"),
    ]
    assert rows[0]["document"]["publisher"] == "Diario D"


def test_decisions(store: SQLStore, ids: dict[str, str]) -> None:
    fa, fb = ids["fatalities_a"], ids["fatalities_b"]
    accepted = run(store.url, "review", "accept", fb[:10], "--comment", "ok", reviewer="ana")
    assert (accepted.exit_code, accepted.output) == (
        0,
        f"Accepted {fb} (fatalities = 18) by ana.\n",
    )
    rejected = run(store.url, "review", "reject", fb, "--by", "ben", "--json")
    assert json_lines(rejected.output) == [
        {
            "claim_id": fb,
            "decision": "reject",
            "reviewer": "ben",
            "claim_with_value": fb,
            "value": None,
        }
    ]
    edited = run(store.url, "review", "edit", fa, "19", "--by", "ana", "-m", "Defensoría")
    assert edited.exit_code == 0, edited.output
    new_id = edited.output.rsplit(" ", 1)[1].rstrip(".\n")
    assert edited.output == f"Edited {fa} (fatalities): 17 → 19 by ana; new claim {new_id}.\n"
    bad = run(store.url, "review", "edit", fa, "lots", "--by", "ana")
    assert (bad.exit_code, bad.output) == (
        1,
        "Error: fatalities must be a whole number of people, not 'lots'\n",
    )
    unknown = run(store.url, "review", "accept", "c-nope", "--by", "ana")
    assert unknown.output == "Error: unknown claim 'c-nope': `veeduria review next` shows claims\n"

    # the queue moved on; the reviewed figures show with --reviewed-only
    shown = json_lines(run(store.url, "events", "list", "--reviewed-only", "--json").output)
    assert [(e["id"], e["fatalities"]) for e in shown] == [("k-juliaca", 19)]
    claims = store.claims_for_document("doc-a")
    assert {c.id: c.value for c in claims if c.property == "fatalities"} == {fa: 17, new_id: 19}

    agreement = run(store.url, "review", "agreement", "--json")
    assert json_lines(agreement.output) == [
        {
            "reviewer_a": "ana",
            "reviewer_b": "ben",
            "n": 1,
            "agreed": 0,
            "percent": 0.0,
            "kappa": 0.0,
        },
        {"reviewer_a": "*", "reviewer_b": "*", "n": 1, "agreed": 0, "percent": 0.0, "kappa": 0.0},
    ]
    table = run(store.url, "review", "agreement").output.splitlines()
    assert table[3] == "│ ana       │ ben      │ 1 │      0 │ 0.0 │ 0.000 │"
    assert table[4] == "│ all pairs │          │ 1 │      0 │ 0.0 │ 0.000 │"


def test_agreement_empty(store: SQLStore) -> None:
    result = run(store.url, "review", "agreement")
    assert (result.exit_code, result.output) == (
        0,
        "No claim has been decided by two reviewers yet.\n",
    )


def test_merge_split(store: SQLStore, ids: dict[str, str]) -> None:
    merged = run(store.url, "review", "merge", ids["anez"], ids["recognition"], "--by", "ana")
    assert merged.output == (
        f"Recorded judgement 1: events {ids['anez']} and {ids['recognition']} are the same "
        "(by ana); clustering applies it on its next run.\n"
    )
    split = run(store.url, "review", "split", ids["a"], ids["b"], "--json", reviewer="ben")
    assert json_lines(split.output) == [
        {
            "id": 2,
            "subject_type": "event",
            "left_id": ids["a"],
            "right_id": ids["b"],
            "judgement": "not_same",
            "author": "ben",
        }
    ]
    bad = run(store.url, "review", "merge", "x", ids["a"], "--by", "ana")
    assert (
        bad.output == "Error: unknown event or actor 'x': `veeduria events list` shows event ids\n"
    )


def test_document_claims(store: SQLStore, ids: dict[str, str]) -> None:
    run(store.url, "review", "accept", ids["fatalities_a"], "--by", "ana")
    reviewed = run(store.url, "review", "claims", "doc-a", "--reviewed-only", "--json")
    assert [(c["id"], c["state"], c["value"]) for c in json_lines(reviewed.output)] == [
        (ids["fatalities_a"], "accepted", 17)
    ]
    everything = json_lines(run(store.url, "review", "claims", "doc-a", "--json").output)
    assert len(everything) == 13 and everything[0]["quote"] == "La policía"
    table = run(store.url, "review", "claims", "doc-a", "--reviewed-only").output.splitlines()
    assert (
        table[3]
        == f"│ event │ fatalities │ 17    │ accepted │ diecisiete │ {ids['fatalities_a']} │"
    )
    empty = run(store.url, "review", "claims", "doc-d", "--reviewed-only")
    assert (empty.exit_code, empty.output) == (0, "No reviewed claims in doc-d.\n")
