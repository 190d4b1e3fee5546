"""`resolve_store` on SQLite and PostgreSQL: one Juliaca event with four independent sources
and a copy, one Áñez across spellings, and reviewers' judgements that survive re-extraction."""

from __future__ import annotations

import sqlalchemy as sa
from resolve_scenario import ANEZ_TEXTS, build, doc_id, reextract

from veeduria.resolve.actors import node_id
from veeduria.resolve.events import independent_sources
from veeduria.store.resolution import (
    actor_detail,
    find_actors,
    list_actors,
    resolve_store,
    syndication_map,
)
from veeduria.store.schema import actors, events
from veeduria.store.sql import SQLStore

JEANINE = node_id("Jeanine Áñez", "person")
ANEZ = node_id("Añez", "person")  # "Áñez" is the same name node


def _clusters(store: SQLStore, version: str | None = None) -> dict[str | None, list[str]]:
    """cluster id -> document ids of its event rows (of one extractor version)."""
    query = sa.select(events.c.cluster_id, events.c.document_id).order_by(events.c.document_id)
    if version is not None:
        query = query.where(events.c.extractor_version == version)
    out: dict[str | None, list[str]] = {}
    with store.engine.connect() as conn:
        for cluster, doc in conn.execute(query):
            out.setdefault(cluster, []).append(doc)
    return out


def _resolved(store: SQLStore) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(actors.c.id, actors.c.resolved_id)).all())


def test_juliaca_reports_are_one_event_with_their_sources(store: SQLStore) -> None:
    ids = build(store)
    report = resolve_store(store, embedder=None)
    assert (report.event_rows, report.events, report.multi_source_events) == (5, 1, 1)
    clusters = _clusters(store)
    assert list(clusters) != [None] and len(clusters) == 1
    ((cluster, docs),) = clusters.items()
    assert cluster is not None and sorted(docs) == sorted(
        ids[n]
        for n in (
            "en_wire.txt",
            "en_wire_copy.txt",
            "en_daily.txt",
            "es_radio.txt",
            "es_diario.txt",
        )
    )
    with store.engine.connect() as conn:
        syndicated = syndication_map(conn, docs)
    assert independent_sources(docs, syndicated) == (4, 1)

    from veeduria.resolve.figures import event_figures

    figures = event_figures(store, cluster)
    assert figures is not None
    deaths = figures["fatalities"]
    assert (deaths.conservative, deaths.low, deaths.high, deaths.claims) == (17, 17, 18, 5)

    # idempotent: nothing changes on a second run
    again = resolve_store(store, embedder=None)
    assert (again.events_changed, again.actors_changed) == (0, 0)
    assert _clusters(store) == clusters


def test_anez_spellings_are_one_actor_and_a_split_survives_reextraction(store: SQLStore) -> None:
    ids = build(store)
    resolve_store(store, embedder=None)
    resolved = _resolved(store)
    assert resolved[ANEZ] == resolved[JEANINE] == JEANINE
    assert find_actors(store, "Añez") == find_actors(store, "ÁÑEZ") == [JEANINE]
    detail = actor_detail(store, JEANINE)
    assert detail is not None
    assert [n["name"] for n in detail["names"]] == sorted(
        ["Jeanine Áñez", "Añez"], key=lambda n: node_id(n, "person")
    )
    assert sorted(d["id"] for d in detail["documents"]) == sorted(ids[n] for n in ANEZ_TEXTS)

    # a reviewer says the short form is someone else: two actors from now on
    store.add_judgement("actor", ANEZ, JEANINE, "not_same", "ana", comment="another Áñez")
    resolve_store(store, embedder=None)
    resolved = _resolved(store)
    assert resolved[ANEZ] == ANEZ and resolved[JEANINE] == JEANINE

    # a new extractor version re-extracts every document: the split stays
    reextract(store, "2")
    report = resolve_store(store, embedder=None)
    assert report.actors_changed == 0
    assert _resolved(store)[ANEZ] == ANEZ
    people = {a.name: a.documents for a in list_actors(store, kind="person")}
    assert people == {"Jeanine Áñez": 1, "Añez": 2, "Dina Boluarte": 4}
    detail = actor_detail(store, ANEZ)
    assert detail is not None
    assert doc_id(ANEZ_TEXTS["en_anez.txt"][2]) in {d["id"] for d in detail["documents"]}


def test_an_event_split_follows_reextraction(store: SQLStore) -> None:
    ids = build(store)
    resolve_store(store, embedder=None)
    with store.engine.connect() as conn:
        rows = dict(conn.execute(sa.select(events.c.document_id, events.c.id)).all())
    # a reviewer keeps the Spanish daily's report apart from the wire story
    store.add_judgement(
        "event", rows[ids["es_diario.txt"]], rows[ids["en_wire.txt"]], "not_same", "ana"
    )
    resolve_store(store, embedder=None)
    v1 = _clusters(store, "1")
    assert sorted(len(docs) for docs in v1.values()) == [1, 4]
    assert _cluster_of(v1, ids["es_diario.txt"]) != _cluster_of(v1, ids["en_wire.txt"])

    reextract(store, "2")
    report = resolve_store(store, embedder=None)
    assert report.event_rows == 5  # only the current version's rows are clustered
    v2 = _clusters(store, "2")
    # the v2 rows form the same events; each v1 row joins its v2 counterpart
    assert sorted(len(docs) for docs in v2.values()) == [1, 4]
    assert _cluster_of(v2, ids["es_diario.txt"]) != _cluster_of(v2, ids["en_wire.txt"])
    four = next(c for c, docs in v2.items() if len(docs) == 4)
    assert four is not None and sorted(_clusters(store)[four]) == sorted(v2[four] * 2)


def _cluster_of(clusters: dict[str | None, list[str]], doc: str) -> str | None:
    return next(c for c, docs in clusters.items() if doc in docs)
