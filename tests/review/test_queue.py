"""The review queue: deaths first, then low confidence; decided claims leave the queue."""

from __future__ import annotations

import pytest

from veeduria.review.decisions import accept
from veeduria.review.queue import QueueFilters, next_claims
from veeduria.review.testing import build_scenario
from veeduria.store.sql import SQLStore


@pytest.fixture
def ids(store: SQLStore) -> dict[str, str]:
    return build_scenario(store)


def queue(store: SQLStore, n: int, **kw: object) -> list[tuple[object, ...]]:
    filters = kw.pop("filters", None)
    items = next_claims(store, filters, limit=n, **kw)  # type: ignore[arg-type]
    return [
        (i.tier, i.claim.confidence, i.claim.property, i.claim.document_id, i.claim.value)
        for i in items
    ]


def test_order_by_value(store: SQLStore, ids: dict[str, str]) -> None:
    assert queue(store, 5) == [
        (0, 0.6, "fatalities", "doc-a", 17),  # an event with deaths, least confident
        (0, 0.6, "count", "doc-a", 50),  # death tolls count as deaths
        (0, 0.6, "count", "doc-b", 54),
        (0, 0.6, "type", "doc-a", "repression_killing"),
        (0, 0.6, "date", "doc-a", {"end": None, "precision": "day", "value": "2023-01-09"}),
    ]
    everything = next_claims(store, limit=1000)
    tiers = [i.tier for i in everything]
    assert tiers == sorted(tiers) and tiers.count(0) == 26
    # after the deaths: the least confident claims (the recognition, 0.5) first
    assert queue(store, 1000)[26][:3] == (1, 0.5, "type")
    first = everything[0]
    assert (
        first.sentence == "La policía mató a diecisiete personas en Juliaca el 9 de enero de 2023."
    )
    assert first.event_type == "repression_killing" and first.source.publisher == "Agencia A"


def test_decided_claims_leave_the_queue(store: SQLStore, ids: dict[str, str]) -> None:
    accept(store, ids["fatalities_a"], "ana")
    assert queue(store, 1)[0][2:4] == ("count", "doc-a")
    # ben can give a second opinion on what ana decided
    second = next_claims(store, reviewer="ben", second_opinion=True, limit=5)
    assert [i.claim.id for i in second] == [ids["fatalities_a"]]
    assert next_claims(store, reviewer="ana", second_opinion=True) == []


def test_filters(store: SQLStore, ids: dict[str, str]) -> None:
    bolivia = queue(store, 50, filters=QueueFilters(country="BO"))
    assert [row[2] for row in bolivia] == ["type", "date", "country", "actor"]
    recognition = queue(store, 50, filters=QueueFilters(type="diplomatic_recognition"))
    assert [(r[2], r[4]) for r in recognition] == [
        ("type", "diplomatic_recognition"),
        ("actor", {"name": "Brasil", "role": "agent"}),
        ("actor", {"name": "Jeanine Áñez", "role": "target"}),
    ]
    peru = queue(store, 50, filters=QueueFilters(country="PE"))
    assert len(peru) == 26 and {r[0] for r in peru} == {0}
    by_actor = queue(store, 50, filters=QueueFilters(actor="Brasil"))
    assert {r[3] for r in by_actor} == {"doc-d"} and len(by_actor) == 3
