"""Agreement between reviewers who decided the same claims.

For each pair of reviewers, over the claims both decided (each person's latest decision on a
claim counts): n, the percent of claims on which they made the same decision (accept, reject
or edit), and Cohen's kappa, which discounts the agreement expected by chance from each
reviewer's own rates. Kappa is None when it is undefined (both always made one and the same
decision). `overall` pools every pair's claims into one table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

__all__ = ["AgreementReport", "PairAgreement", "agreement", "cohen_kappa", "pair_agreement"]

DECISIONS = ("accept", "reject", "edit")


@dataclass
class PairAgreement:
    reviewer_a: str
    reviewer_b: str
    n: int  # claims both decided
    agreed: int
    percent: float | None  # 0..100, None when n == 0
    kappa: float | None


@dataclass
class AgreementReport:
    pairs: list[PairAgreement] = field(default_factory=list)
    overall: PairAgreement | None = None  # every pair pooled ("*", "*")


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Cohen's kappa of paired decisions; None when chance agreement is 1 (or no pairs)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(1 for a, b in pairs if a == b) / n
    left = Counter(a for a, _ in pairs)
    right = Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in set(left) | set(right)) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def pair_agreement(a: str, b: str, pairs: Sequence[tuple[str, str]]) -> PairAgreement:
    n = len(pairs)
    agreed = sum(1 for x, y in pairs if x == y)
    return PairAgreement(
        reviewer_a=a,
        reviewer_b=b,
        n=n,
        agreed=agreed,
        percent=round(100.0 * agreed / n, 1) if n else None,
        kappa=None if (k := cohen_kappa(pairs)) is None else round(k, 3),
    )


def agreement_from(decisions: Iterable[tuple[str, str, str]]) -> AgreementReport:
    """Agreement from (claim id, reviewer, decision) in the order they were made."""
    latest: dict[str, dict[str, str]] = {}
    for claim_id, reviewer, decision in decisions:
        latest.setdefault(claim_id, {})[reviewer] = decision
    reviewers = sorted({r for by in latest.values() for r in by})
    report = AgreementReport()
    pooled: list[tuple[str, str]] = []
    for a, b in combinations(reviewers, 2):
        pairs = [(by[a], by[b]) for _, by in sorted(latest.items()) if a in by and b in by]
        if pairs:
            report.pairs.append(pair_agreement(a, b, pairs))
            pooled.extend(pairs)
    report.overall = pair_agreement("*", "*", pooled) if pooled else None
    return report


def agreement(store: Any) -> AgreementReport:
    """Pairwise agreement over the review decisions stored."""
    from veeduria.store import reading

    with store.engine.connect() as conn:
        rows = reading.decisions_in_order(conn)
    return agreement_from((r.claim_id, r.reviewer, r.decision) for r in rows)
