"""Event clustering as a pure function, without embeddings (the rules) and with a stand-in
embedder (the similarity cue); the real model is exercised in test_pipeline (slow)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from veeduria.resolve.events import (
    EventReport,
    cluster_events,
    dates_compatible,
    independent_sources,
    pair_toll_counts,
)
from veeduria.resolve.judgements import JudgementRecord


def _r(
    key: str,
    doc: str,
    type_: str = "repression_killing",
    date: str | None = "2023-01-09",
    country: str | None = "PE",
    **kw: object,
) -> EventReport:
    return EventReport(key=key, document_id=doc, type=type_, date=date, country=country, **kw)  # type: ignore[arg-type]


def _groups(reports: list[EventReport], **kw: object) -> list[list[str]]:
    members = cluster_events(reports, **kw).members()  # type: ignore[arg-type]
    return sorted(sorted(keys) for keys in members.values())


def _topic_embedder(texts: Sequence[str]) -> NDArray[np.float32]:
    """Unit vectors by topic word: sentences that share the first known word are identical."""
    topics = ["juliaca", "lima", "cusco"]
    out = np.zeros((len(texts), len(topics) + 1), dtype=np.float32)
    for i, text in enumerate(texts):
        hit = next((j for j, t in enumerate(topics) if t in text.casefold()), len(topics))
        out[i, hit] = 1.0
    return out


def test_same_day_and_place_link_without_embeddings() -> None:
    reports = [
        _r("a", "d1", place="Juliaca", fatalities=17, actors=("pnp",)),
        _r("b", "d2", place="Juliaca", fatalities=18, actors=("pnp",)),
        _r("c", "d3", place="Juliaca", fatalities=17, actors=("pnp",)),
        _r("other_place", "d4", place="Cusco", admin1="Cusco"),
        _r("no_country", "d5", country=None, place="Juliaca", actors=("pnp",)),
        _r("no_date", "d6", date=None, place="Juliaca", actors=("pnp",)),
    ]
    reports[0] = _r("a", "d1", place="Juliaca", admin1="Puno", fatalities=17, actors=("pnp",))
    assert _groups(reports) == [["a", "b", "c"], ["no_country"], ["no_date"], ["other_place"]]


def test_similarity_links_across_languages_and_prefix_dates() -> None:
    reports = [
        _r("en", "d1", text="Security forces killed 17 people in Juliaca on Monday."),
        _r("es", "d2", date="2023-01", text="Diecisiete muertos en Juliaca en enero."),
        _r("lima", "d3", text="Police killed a protester in Lima."),
    ]
    assert _groups(reports, embed=_topic_embedder) == [["en", "es"], ["lima"]]
    # without similarity the month-precise report stays apart
    assert _groups(reports) == [["en"], ["es"], ["lima"]]


def test_types_countries_and_documents_keep_events_apart() -> None:
    reports = [
        _r("kill", "d1", text="Juliaca"),
        _r("toll", "d2", type_="death_toll_update", fatalities=17, text="Juliaca"),
        _r("statement", "d3", type_="diplomatic_statement", text="Juliaca"),
        _r("bo", "d4", country="BO", text="Juliaca"),
        _r("same_doc_1", "d5", text="Juliaca"),
        _r("same_doc_2", "d5", text="Juliaca"),
    ]
    # the two reports of one document never join one event: the first pair (by key) wins
    assert _groups(reports, embed=_topic_embedder) == [
        ["bo"],
        ["kill", "same_doc_1"],
        ["same_doc_2"],
        ["statement"],
        ["toll"],
    ]


def test_tolls_link_only_with_the_same_count_and_day() -> None:
    reports = [
        _r("t47a", "d1", type_="death_toll_update", date="2023-01-10", fatalities=47),
        _r("t47b", "d2", type_="death_toll_update", date="2023-01-10", fatalities=47),
        _r("t49", "d3", type_="death_toll_update", date="2023-01-10", fatalities=49),
        _r("t47c", "d4", type_="death_toll_update", date="2023-01-12", fatalities=47),
        _r("t47m", "d5", type_="death_toll_update", date="2023-01", fatalities=47),
    ]
    assert _groups(reports) == [["t47a", "t47b"], ["t47c"], ["t47m"], ["t49"]]


def test_a_year_only_report_cannot_chain_two_days() -> None:
    reports = [
        _r("nov10", "d1", type_="regime_change", date="2019-11-10", country="BO"),
        _r("nov12", "d2", type_="regime_change", date="2019-11-12", country="BO"),
        _r("y2019", "d3", type_="regime_change", date="2019", country="BO"),
    ]
    # the year-only report joins the first day (by key), and the other day stays apart
    assert _groups(reports) == [["nov10", "y2019"], ["nov12"]]


def test_recognitions_need_a_shared_government() -> None:
    reports = [
        _r(
            "us",
            "d1",
            type_="diplomatic_recognition",
            date="2019-11-13",
            country="BO",
            actors=("gov:US",),
        ),
        _r(
            "br",
            "d2",
            type_="diplomatic_recognition",
            date="2019-11-13",
            country="BO",
            actors=("gov:BR",),
        ),
        _r(
            "us2",
            "d3",
            type_="diplomatic_recognition",
            date="2019-11-13",
            country="BO",
            actors=("gov:US",),
        ),
    ]
    assert _groups(reports) == [["br"], ["us", "us2"]]


def test_judgements_split_and_merge() -> None:
    reports = [
        _r("a", "d1", place="Juliaca", actors=("pnp",)),
        _r("b", "d2", place="Juliaca", actors=("pnp",)),
        _r("c", "d3", date="2023-01-10", place="Lima"),
    ]
    judged = [
        JudgementRecord("a", "b", "not_same", "ana", id=1),
        JudgementRecord("b", "c", "same", "ana", id=2),
    ]
    assert _groups(reports, judgements=judged) == [["a"], ["b", "c"]]


def test_cluster_ids_are_stable() -> None:
    reports = [
        _r("a", "d1", place="Juliaca", actors=("x",)),
        _r("b", "d2", place="Juliaca", actors=("x",)),
    ]
    first = cluster_events(reports).cluster_of
    again = cluster_events(list(reversed(reports))).cluster_of
    assert first == again and first["a"] == first["b"]


def test_independent_sources_follow_syndication() -> None:
    syndicated = {"wire": None, "copy": "wire", "copy2": "copy", "daily": None}
    assert independent_sources(["wire", "copy", "copy2", "daily"], syndicated) == (2, 2)
    # a copy whose original is not among the sources still counts once
    assert independent_sources(["copy", "daily"], syndicated) == (2, 1)


def test_dates_and_toll_pairing() -> None:
    assert dates_compatible("2023-01", "2023-01-09")
    assert not dates_compatible("2023-01-10", "2023-01-09")
    assert not dates_compatible(None, "2023")
    events = [
        ("death_toll_update", "PE", "2023-01-10"),
        ("protest", "PE", "2023-01-10"),
        ("death_toll_update", "PE", "2023-01-10"),
    ]
    tolls = [("PE", "2023-01-10", 47), ("PE", "2023-01-10", 49)]
    assert pair_toll_counts(events, tolls) == [47, None, 49]
