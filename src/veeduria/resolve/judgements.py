"""Same / not-same judgements and the union-find that turns them, plus machine links, into
clusters.

Why a constrained union-find: "same" is transitive (A = B and B = C put A, B, C together), and a
"not same" must be able to split a cluster the machine built through a chain (A ~ C ~ B with
A ≠ B). Links are applied strongest first, and a link that would put two items with a
cannot-link between them into one cluster is refused. So a reviewer's "not same" always wins
over machine links, and a reviewer's "same" is applied before any machine link.

Precedence, per pair: the latest judgement by a person outranks every machine judgement; among
machines (or among people) the latest wins. "unsure" records doubt and links nothing, but as
the latest word of a person it withdraws that person's earlier "same" or "not same".
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Literal, TypeVar

__all__ = [
    "ConstrainedUnionFind",
    "JudgementRecord",
    "effective_judgements",
]

K = TypeVar("K", bound=Hashable)

Verdict = Literal["same", "not_same", "unsure"]


@dataclass(frozen=True)
class JudgementRecord:
    """One stored judgement about two items (actor or event ids)."""

    left: str
    right: str
    judgement: Verdict
    author: str
    machine: bool = False
    created_at: datetime | None = None
    id: int = 0  # insertion order breaks ties between equal timestamps


def effective_judgements(
    records: Iterable[JudgementRecord],
) -> dict[frozenset[str], JudgementRecord]:
    """The judgement that counts for each unordered pair: the latest by a person if any,
    else the latest by a machine. Pairs whose counting judgement is "unsure" are kept (callers
    show them) but link nothing."""
    best: dict[frozenset[str], JudgementRecord] = {}
    for rec in records:
        if rec.left == rec.right:
            continue
        pair = frozenset((rec.left, rec.right))
        old = best.get(pair)
        if old is None or _rank(rec) > _rank(old):
            best[pair] = rec
    return best


def _rank(rec: JudgementRecord) -> tuple[int, float, int]:
    when = rec.created_at.timestamp() if rec.created_at is not None else 0.0
    return (0 if rec.machine else 1, when, rec.id)


class ConstrainedUnionFind(Generic[K]):
    """Union-find with cannot-links between items.

    `union(a, b)` merges unless some item of a's set has a cannot-link to some item of b's set;
    the check is over set representatives, so it costs O(cannot-links of the smaller side).
    """

    def __init__(self, items: Iterable[K] = ()) -> None:
        self._parent: dict[K, K] = {}
        self._size: dict[K, int] = {}
        self._cannot: dict[K, set[K]] = {}  # representative -> representatives it must not join
        for item in items:
            self.add(item)

    def add(self, item: K) -> None:
        if item not in self._parent:
            self._parent[item] = item
            self._size[item] = 1

    def __contains__(self, item: object) -> bool:
        return item in self._parent

    def find(self, item: K) -> K:
        self.add(item)
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression
            self._parent[item], item = root, self._parent[item]
        return root

    def cannot_link(self, a: K, b: K) -> bool:
        """Record that a and b must stay apart; False if they are already together."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self._cannot.setdefault(ra, set()).add(rb)
        self._cannot.setdefault(rb, set()).add(ra)
        return True

    def can_union(self, a: K, b: K) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = (ra, rb)
        if len(self._cannot.get(ra, ())) > len(self._cannot.get(rb, ())):
            small, big = rb, ra
        return not any(self.find(x) == big for x in self._cannot.get(small, ()))

    def union(self, a: K, b: K) -> bool:
        """Merge the sets of a and b; False (and nothing changes) if a cannot-link forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not self.can_union(ra, rb):
            return False
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        moved = self._cannot.pop(rb, set())
        if moved:
            mine = self._cannot.setdefault(ra, set())
            for other in moved:
                root = self.find(other)
                mine.add(root)
                peer = self._cannot.setdefault(root, set())
                peer.discard(rb)
                peer.add(ra)
        return True

    def groups(self) -> dict[K, list[K]]:
        out: dict[K, list[K]] = {}
        for item in self._parent:
            out.setdefault(self.find(item), []).append(item)
        return out
