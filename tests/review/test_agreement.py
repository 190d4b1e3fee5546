"""Agreement between reviewers: percent and Cohen's kappa per pair, and pooled."""

from __future__ import annotations

from veeduria.review.agreement import PairAgreement, agreement, agreement_from, cohen_kappa
from veeduria.review.decisions import decide
from veeduria.review.testing import build_scenario
from veeduria.store.sql import SQLStore

DECISIONS = [
    ("c1", "ana", "accept"),
    ("c2", "ana", "accept"),
    ("c3", "ana", "reject"),
    ("c4", "ana", "accept"),
    ("c1", "ben", "accept"),
    ("c2", "ben", "reject"),
    ("c3", "ben", "reject"),
    ("c4", "ben", "accept"),
    ("c1", "cy", "accept"),
    ("c2", "cy", "edit"),
    ("c2", "cy", "accept"),  # cy's latest decision on c2 counts
    ("c5", "cy", "reject"),  # decided by cy alone: not compared
]


def test_cohen_kappa() -> None:
    pairs = [("accept", "accept"), ("accept", "reject"), ("reject", "reject"), ("accept", "accept")]
    assert cohen_kappa(pairs) == 0.5  # observed 0.75, chance 0.5
    assert cohen_kappa([("accept", "accept")]) is None
    assert cohen_kappa([]) is None


def test_agreement_from_decisions() -> None:
    report = agreement_from(DECISIONS)
    assert report.pairs == [
        PairAgreement("ana", "ben", n=4, agreed=3, percent=75.0, kappa=0.5),
        PairAgreement("ana", "cy", n=2, agreed=2, percent=100.0, kappa=None),
        PairAgreement("ben", "cy", n=2, agreed=1, percent=50.0, kappa=0.0),
    ]
    # pooled: observed 6/8, chance (6*6 + 2*2) / 64 = 0.625, kappa (0.75 - 0.625) / 0.375
    assert report.overall == PairAgreement("*", "*", n=8, agreed=6, percent=75.0, kappa=0.333)


def test_agreement_from_the_store(store: SQLStore) -> None:
    ids = build_scenario(store)
    claim_ids = {"c1": ids["fatalities_a"], "c2": ids["fatalities_b"], "c3": ids["toll_a"]}
    claim_ids["c4"], claim_ids["c5"] = ids["toll_b"], ids["fatalities_c"]
    for claim, reviewer, decision in DECISIONS:
        value = 20 if decision == "edit" else None
        decide(store, claim_ids[claim], decision, reviewer, value=value)  # type: ignore[arg-type]
    report = agreement(store)
    assert report.pairs == agreement_from(DECISIONS).pairs
    assert report.overall is not None and report.overall.kappa == 0.333
