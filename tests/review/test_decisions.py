"""Decisions are appended; an edit is a new claim that corrects the machine's, which stays."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from veeduria.review.decisions import (
    accept,
    default_reviewer,
    edit,
    find_claim,
    judge,
    parse_value,
    reject,
)
from veeduria.review.state import claim_state, reviewed_claims
from veeduria.review.testing import build_scenario
from veeduria.store.schema import claims, judgements, review_decisions
from veeduria.store.sql import SQLStore


@pytest.fixture
def ids(store: SQLStore) -> dict[str, str]:
    return build_scenario(store)


def count(store: SQLStore, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def test_accept_reject_edit_append(store: SQLStore, ids: dict[str, str]) -> None:
    claims_before = count(store, claims)
    fa = ids["fatalities_a"]
    result = accept(store, fa[:8], "ana", comment="checked")
    assert (result.claim_id, result.decision, result.reviewer) == (fa, "accept", "ana")
    assert claim_state(find_claim(store, fa)) == "accepted"
    reject(store, fa, "ben")
    assert claim_state(find_claim(store, fa)) == "rejected"  # the latest decision counts

    result = edit(store, fa, "19", "ana", comment="the Defensoría says 19")
    new = find_claim(store, result.claim_with_value)
    old = find_claim(store, fa)
    assert (new.value, new.corrects, new.author, new.quote, new.extractor) == (
        19,
        fa,
        "ana",
        "diecisiete",
        "review",
    )
    assert (old.value, claim_state(old), claim_state(new)) == (17, "edited", "accepted")
    assert [(r["decision"], r["reviewer"], r["comment"]) for r in old.reviews] == [
        ("accept", "ana", "checked"),
        ("reject", "ben", None),
        ("edit", "ana", "the Defensoría says 19"),
    ]
    assert count(store, claims) == claims_before + 1
    assert count(store, review_decisions) == 3
    assert [c.id for c in reviewed_claims(store.claims_for_document("doc-a"))] == [new.id]


def test_unknown_and_ambiguous_claims(store: SQLStore, ids: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="unknown claim 'c-zz'"):
        accept(store, "c-zz", "ana")
    with pytest.raises(ValueError, match="ambiguous"):
        accept(store, "c-", "ana")
    with pytest.raises(ValueError, match="whole number"):
        edit(store, ids["fatalities_a"], "many", "ana")


def test_parse_value() -> None:
    assert parse_value("fatalities", "17") == 17
    assert parse_value("count", " 54 ") == 54
    with pytest.raises(ValueError):
        parse_value("injured", "-1")
    assert parse_value("date", "2023-01") == {"value": "2023-01", "precision": "month", "end": None}
    assert parse_value("date", "2023-01-09..2023-01-10") == {
        "value": "2023-01-09",
        "precision": "day",
        "end": "2023-01-10",
    }
    with pytest.raises(ValueError, match="not a date"):
        parse_value("date", "9 Jan")
    assert parse_value("as_of", "2023-01-20", subject_type="toll") == "2023-01-20"
    assert parse_value("country", "Perú") == "PE"
    assert parse_value("country", '"bo"') == "BO"
    assert parse_value("type", "clash") == "clash"
    with pytest.raises(ValueError, match="unknown event type"):
        parse_value("type", "riot")
    assert parse_value("actor", "Dina Boluarte:agent") == {"name": "Dina Boluarte", "role": "agent"}
    assert parse_value("actor", "OAS") == {"name": "OAS", "role": "participant"}
    assert parse_value("place", "Juliaca")["name"] == "Juliaca"
    assert parse_value("place", '{"name": "Ayacucho"}') == {"name": "Ayacucho"}
    assert parse_value("scope", "killed in clashes") == "killed in clashes"


def test_default_reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEEDURIA_REVIEWER", "ana")
    assert default_reviewer() == "ana"
    monkeypatch.setenv("VEEDURIA_REVIEWER", "")
    assert default_reviewer()  # the OS user name


def test_merge_and_split_record_judgements(store: SQLStore, ids: dict[str, str]) -> None:
    merged = judge(store, ids["anez"], "k-juliaca", "same", "ana", comment="test")
    assert (merged.subject_type, merged.left_id, merged.right_id) == (
        "event",
        ids["anez"],
        sorted([ids["a"], ids["b"], ids["c"]])[0],  # a cluster stands for its first row
    )
    split = judge(store, ids["a"], ids["b"], "not_same", "ben")
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(judgements.c.id, judgements.c.judgement, judgements.c.author).order_by(
                judgements.c.id
            )
        ).all()
    assert [tuple(r) for r in rows] == [(merged.id, "same", "ana"), (split.id, "not_same", "ben")]
    with store.engine.connect() as conn:
        actor_ids = sorted(conn.execute(sa.text("SELECT id FROM actors")).scalars())
    assert judge(store, actor_ids[0], actor_ids[1], "not_same", "ana").subject_type == "actor"
    with pytest.raises(ValueError, match="unknown event or actor"):
        judge(store, "nope", ids["a"], "same", "ana")
    with pytest.raises(ValueError, match="is an event"):
        judge(store, ids["a"], actor_ids[0], "same", "ana")
    with pytest.raises(ValueError, match="same event row"):
        judge(store, ids["a"], ids["a"], "same", "ana")
