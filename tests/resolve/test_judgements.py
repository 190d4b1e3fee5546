"""Union-find over judgements: "same" is transitive, "not same" is a cannot-link that splits
a chain, a person outranks the machine and the latest word of each counts."""

from __future__ import annotations

from datetime import UTC, datetime

from veeduria.resolve.judgements import (
    ConstrainedUnionFind,
    JudgementRecord,
    effective_judgements,
)


def _at(minute: int) -> datetime:
    return datetime(2026, 11, 24, 6, minute, tzinfo=UTC)


def test_same_is_transitive() -> None:
    uf: ConstrainedUnionFind[str] = ConstrainedUnionFind("abcd")
    assert uf.union("a", "b")
    assert uf.union("b", "c")
    assert uf.find("a") == uf.find("c")
    assert uf.find("d") != uf.find("a")
    assert sorted(sorted(g) for g in uf.groups().values()) == [["a", "b", "c"], ["d"]]


def test_not_same_refuses_a_chain() -> None:
    uf: ConstrainedUnionFind[str] = ConstrainedUnionFind("abc")
    assert uf.cannot_link("a", "b")
    assert uf.union("a", "c")
    assert not uf.union("c", "b")  # would put a and b together through c
    assert uf.find("a") == uf.find("c") != uf.find("b")


def test_cannot_links_follow_merged_sets() -> None:
    uf: ConstrainedUnionFind[str] = ConstrainedUnionFind("abcdef")
    uf.cannot_link("a", "d")
    uf.union("a", "b")
    uf.union("d", "e")
    uf.union("b", "c")
    assert not uf.union("c", "e")
    assert uf.union("c", "f")
    assert not uf.union("f", "d")


def test_cannot_link_inside_one_set_is_reported() -> None:
    uf: ConstrainedUnionFind[str] = ConstrainedUnionFind("ab")
    uf.union("a", "b")
    assert not uf.cannot_link("a", "b")


def test_person_outranks_machine_and_latest_wins() -> None:
    records = [
        JudgementRecord("x", "y", "not_same", "ana", created_at=_at(1), id=1),
        JudgementRecord("y", "x", "same", "resolver", machine=True, created_at=_at(5), id=2),
        JudgementRecord("p", "q", "same", "ana", created_at=_at(1), id=3),
        JudgementRecord("q", "p", "not_same", "luis", created_at=_at(2), id=4),
        JudgementRecord("r", "s", "same", "ana", created_at=_at(1), id=5),
        JudgementRecord("r", "s", "unsure", "ana", created_at=_at(3), id=6),
        JudgementRecord("t", "t", "same", "ana", created_at=_at(1), id=7),
    ]
    best = effective_judgements(records)
    assert {tuple(sorted(pair)): rec.id for pair, rec in best.items()} == {
        ("x", "y"): 1,
        ("p", "q"): 4,
        ("r", "s"): 6,
    }
