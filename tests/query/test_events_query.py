"""list_events / get_event on the handmade scenario (veeduria.review.testing), both backends."""

from __future__ import annotations

import pytest

from veeduria.query.events import (
    EventActorRef,
    EventFilters,
    EventSummary,
    get_event,
    list_events,
    normalize_country,
)
from veeduria.review.decisions import accept
from veeduria.review.testing import build_scenario
from veeduria.store.ids import make_id
from veeduria.store.sql import SQLStore


@pytest.fixture
def ids(store: SQLStore) -> dict[str, str]:
    return build_scenario(store)


def listed(store: SQLStore, **filters: object) -> list[str]:
    return [e.id for e in list_events(store, EventFilters(**filters), limit=50)]  # type: ignore[arg-type]


def test_timeline_groups_clusters_and_orders_by_date(store: SQLStore, ids: dict[str, str]) -> None:
    events = list_events(store)
    assert [e.id for e in events] == [ids["anez"], "k-juliaca", ids["recognition"]]
    assert events[1] == EventSummary(
        id="k-juliaca",
        type="repression_killing",
        date="2023-01-09",  # the day beats doc-c's "2023-01"
        date_precision="day",
        country="PE",
        place="Juliaca",
        lat=-15.5,
        lon=-70.13,
        geonames_id=3937513,
        place_precision="place",
        admin1="Puno",
        fatalities=17,
        fatalities_latest=18,
        fatalities_low=17,
        fatalities_high=18,
        actors=[
            EventActorRef(
                "Policía Nacional del Perú",
                "agent",
                3,
                make_id("a", "government_body", "policia nacional del peru"),
            )
        ],
        reports=3,
        independent_sources=2,  # doc-a and doc-b; doc-c copies doc-b
        syndicated_copies=1,
        reviewed=False,
        rows=sorted([ids["a"], ids["b"], ids["c"]]),
    )
    assert events[2].date is None and events[2].country is None
    assert events[2].actors == [
        EventActorRef("Brasil", "agent", 1, make_id("a", "country", "brasil")),
        EventActorRef("Jeanine Áñez", "target", 1, make_id("a", "person", "jeanine anez")),
    ]


def test_filters(store: SQLStore, ids: dict[str, str]) -> None:
    anez, rec = ids["anez"], ids["recognition"]
    assert listed(store, countries=["PE"]) == ["k-juliaca"]
    assert listed(store, countries=["pe", "BO"]) == [anez, "k-juliaca"]
    assert listed(store, types=["diplomatic_recognition"]) == [rec]
    assert listed(store, actor="jeanine anez") == [anez, rec]
    assert listed(store, actor="police") == ["k-juliaca"]  # an alias of the police
    assert listed(store, actor="Nobody") == []
    assert listed(store, date_from="2023-01-10") == []
    assert listed(store, date_from="2023-01") == ["k-juliaca"]
    assert listed(store, date_to="2019") == [anez]
    assert listed(store, date_from="2019-11-12", date_to="2019-11-12") == [anez]
    assert listed(store, document_id="doc-c") == ["k-juliaca"]
    assert listed(store, text="BRASIL") == [rec]
    assert listed(store, newest_first=True) == ["k-juliaca", anez, rec]
    assert [e.id for e in list_events(store, limit=1, offset=1)] == ["k-juliaca"]


def test_reviewed_only_uses_reviewed_claims(store: SQLStore, ids: dict[str, str]) -> None:
    assert listed(store, reviewed_only=True) == []
    accept(store, ids["fatalities_b"], "ana")
    (event,) = list_events(store, EventFilters(reviewed_only=True))
    assert (event.id, event.fatalities, event.date, event.reports, event.reviewed) == (
        "k-juliaca",
        18,
        None,
        1,
        True,
    )
    assert listed(store, reviewed_only=True, countries=["PE"]) == []  # country not reviewed


def test_get_event_by_cluster_or_row(store: SQLStore, ids: dict[str, str]) -> None:
    detail = get_event(store, "k-juliaca")
    assert detail is not None
    assert get_event(store, ids["b"]) == detail
    assert get_event(store, "e-unknown") is None
    assert len(detail.claims) == 18  # six per report
    assert {c.property for c in detail.claims} == {
        "type",
        "date",
        "country",
        "place",
        "fatalities",
        "actor",
    }
    first = detail.claims[0]
    assert (first.source.publisher, first.source.published, first.quote, first.state) == (
        "Agencia A",
        "2023-01-12",
        "La policía",
        "unreviewed",
    )
    assert [(s.source.document_id, s.independent) for s in detail.sources] == [
        ("doc-a", True),
        ("doc-b", True),
        ("doc-c", False),
    ]
    fatalities = detail.figures["fatalities"]
    assert (fatalities.conservative, fatalities.latest, fatalities.low, fatalities.high) == (
        17,
        18,
        17,
        18,
    )
    assert detail.figures["injured"].conservative is None

    anez = get_event(store, ids["anez"], reviewed_only=True)
    assert anez is not None and anez.claims == [] and anez.summary.reports == 0


def test_normalize_country() -> None:
    assert [normalize_country(x) for x in ("pe", "Perú", "Peru", "Bolivia", "Narnia")] == [
        "PE",
        "PE",
        "PE",
        "BO",
        None,
    ]


def test_actor_filter_follows_resolution(store: SQLStore, ids: dict[str, str]) -> None:
    """Name nodes that resolution grouped (actors.resolved_id) are one actor."""
    from veeduria.store.schema import actors

    anez = make_id("a", "person", "jeanine anez")
    police = make_id("a", "government_body", "policia nacional del peru")
    with store.engine.begin() as conn:  # pretend resolution put the police with Áñez
        conn.execute(actors.update().where(actors.c.id == police).values(resolved_id=anez))
    assert listed(store, actor="police") == [ids["anez"], "k-juliaca", ids["recognition"]]
    assert listed(store, actor=anez) == [ids["anez"], "k-juliaca", ids["recognition"]]
    juliaca = get_event(store, "k-juliaca")
    assert juliaca is not None and [a.actor_id for a in juliaca.summary.actors] == [anez]
