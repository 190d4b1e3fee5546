"""Conflicting and evolving figures: conservative, latest, range, history; toll series."""

from __future__ import annotations

import pytest

from veeduria.resolve.figures import (
    FigureClaim,
    SourceRef,
    compute_figures,
    event_figures,
    toll_series,
)
from veeduria.review.decisions import accept, edit, reject
from veeduria.review.testing import SCOPE, build_scenario
from veeduria.store.sql import SQLStore


@pytest.fixture
def ids(store: SQLStore) -> dict[str, str]:
    return build_scenario(store)


def claim(value: int, date: str, state: str = "unreviewed", cid: str = "") -> FigureClaim:
    return FigureClaim(
        claim_id=cid or f"c{value}-{date}",
        subject_id="e",
        property="fatalities",
        value=value,
        date=date,
        source=SourceRef(document_id=f"d-{date}"),
        quote=str(value),
        state=state,  # type: ignore[arg-type]
        reviewed=state == "accepted",
        confidence=0.5,
        extractor="x",
    )


def summary(prop: str, items: list[FigureClaim], **kw: bool) -> tuple[object, ...]:
    f = compute_figures(prop, items, **kw)
    return (f.conservative, f.basis, f.latest, f.latest_date, f.low, f.high, f.claims)


def test_compute_figures() -> None:
    a, b = claim(17, "2023-01-12"), claim(18, "2023-01-20")
    assert summary("fatalities", [b, a]) == (17, "unreviewed", 18, "2023-01-20", 17, 18, 2)
    accepted_b = claim(18, "2023-01-20", "accepted")
    assert summary("fatalities", [a, accepted_b]) == (18, "reviewed", 18, "2023-01-20", 17, 18, 2)
    rejected_a = claim(17, "2023-01-12", "rejected")
    assert summary("fatalities", [rejected_a, b]) == (18, "unreviewed", 18, "2023-01-20", 18, 18, 1)
    assert summary("fatalities", [a, accepted_b], reviewed_only=True) == (
        18,
        "reviewed",
        18,
        "2023-01-20",
        18,
        18,
        1,
    )
    empty = compute_figures("injured", [])
    assert (empty.conservative, empty.latest, empty.history) == (None, None, [])
    # the history keeps rejected claims, oldest source first
    assert [h.value for h in compute_figures("f", [b, rejected_a]).history] == [17, 18]


def test_event_figures_before_and_after_review(store: SQLStore, ids: dict[str, str]) -> None:
    def fatalities() -> tuple[object, ...]:
        figures = event_figures(store, "k-juliaca")
        assert figures is not None
        f = figures["fatalities"]
        return (f.conservative, f.basis, f.latest, f.low, f.high)

    assert fatalities() == (17, "unreviewed", 18, 17, 18)
    accept(store, ids["fatalities_b"], "ana")
    assert fatalities() == (18, "reviewed", 18, 17, 18)
    edit(store, ids["fatalities_a"], "19", "ben")
    assert fatalities() == (18, "reviewed", 18, 18, 19)
    figures = event_figures(store, ids["a"])
    assert figures is not None
    assert [(h.value, h.state, h.source.publisher) for h in figures["fatalities"].history] == [
        (17, "edited", "Agencia A"),
        (19, "accepted", "Agencia A"),
        (18, "accepted", "Diario B"),
        (18, "unreviewed", "Wire C"),
    ]
    assert event_figures(store, "e-unknown") is None


def test_toll_series(store: SQLStore, ids: dict[str, str]) -> None:
    def series(**kw: bool) -> list[tuple[object, ...]]:
        return [
            (p.scope, p.count, p.as_of, p.as_of_stated, p.source.publisher, p.state)
            for p in toll_series(store, "pe", **kw)
        ]

    assert series() == [
        (SCOPE, 50, "2023-01-12", True, "Agencia A", "unreviewed"),
        (SCOPE, 54, "2023-01-20", True, "Diario B", "unreviewed"),
    ]
    (first, _) = toll_series(store, "PE")
    assert (
        first.quote == "El número de muertos en las protestas desde el 7 de diciembre llegó a 50."
    )
    assert first.source.document_id == "doc-a" and first.claim_id == ids["toll_a"]
    assert series(reviewed_only=True) == []
    assert toll_series(store, "BO") == []

    reject(store, ids["toll_b"], "ana")
    edit(store, ids["toll_a"], "51", "ana")
    assert series() == [(SCOPE, 51, "2023-01-12", True, "Agencia A", "accepted")]
    assert series(reviewed_only=True) == series()
