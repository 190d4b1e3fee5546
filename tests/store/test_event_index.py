"""`event_index` stays equal to a full rebuild after extraction, review and resolution, and
the listings it serves equal the row-by-row query, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from veeduria.export import write_export
from veeduria.export.imports.backup import import_backup
from veeduria.query.geo import _points, event_points
from veeduria.review.testing import build_scenario
from veeduria.store import open_store, reading
from veeduria.store.event_index import refresh_event_index
from veeduria.store.resolution import resolve_store
from veeduria.store.schema import actors, claims, event_facets, event_index
from veeduria.store.sql import SQLStore


def _index(store: SQLStore) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(event_index).order_by(event_index.c.key)).mappings()
        return [{k: v for k, v in row.items() if k != "updated_at"} for row in rows]


def _facets(store: SQLStore) -> list[tuple[str, str, str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(event_facets).order_by(*event_facets.c))
        return [tuple(row) for row in rows]


def _rebuilt(store: SQLStore) -> list[dict[str, Any]]:
    """The index after a full rebuild; the facets written with each refresh equal a rebuild's."""
    facets = _facets(store)
    refresh_event_index(store)
    assert _facets(store) == facets
    return _index(store)


_FILTERS: list[dict[str, Any]] = [
    {},
    {"newest_first": True},
    {"reviewed_only": True},
    {"types": ["protest"]},
    {"types": ["protest"], "reviewed_only": True},
    {"types": ["protest", "killing"], "newest_first": True},
    {"countries": ["PE"], "newest_first": True, "reviewed_only": True},
    {"countries": ["pe"]},
    {"countries": ["BO"], "newest_first": True},
    {"date_from": "2023-01", "date_to": "2023-01-31"},
    {"date_from": "2019", "newest_first": True},
    {"countries": ["PE", "BO"], "date_from": "2023"},
    {"countries": ["BO"], "types": ["killing", "protest"], "newest_first": True},
    {"countries": ["PE"], "types": ["state_of_emergency"]},
]


def _same_pages(store: SQLStore) -> None:
    with store.engine.connect() as conn:
        for filters in _FILTERS:
            for limit, offset in ((50, 0), (1, 0), (2, 1), (3, 2)):
                fast = reading.event_page(conn, limit=limit, offset=offset, **filters)
                rows = reading._row_event_page(conn, limit=limit, offset=offset, **filters)
                assert fast == rows, (filters, limit, offset)
        # The map's points read from the index equal points computed from the claims, with
        # the index columns read in the page's query (or looked up, for the row query).
        for filters in _FILTERS + [{"actor": actor} for actor in _actors(conn)]:
            if filters.get("reviewed_only"):
                continue
            wanted = {k: v for k, v in filters.items() if k != "actor"}
            if "actor" in filters:
                wanted["actor_names"] = reading.actor_names(conn, filters["actor"])
            for limit in (1000, 2):
                page = reading.event_page(conn, limit=limit, **wanted)
                points = event_points(conn, limit=limit, **filters)
                assert points == _points(conn, page, reviewed_only=False), filters
                assert [p.id for p in points] == [key for key, _ in page]
                with_type = reading.event_page_rows(
                    conn, [event_index.c.type], limit=limit, **wanted
                )
                assert [(key, date) for key, date, _ in with_type] == page


def _actors(conn: Any) -> list[str]:
    """A few actor names of the scenario, for the row query's path."""
    names = conn.execute(sa.select(actors.c.name).order_by(actors.c.name).limit(3)).scalars()
    return list(names)


def test_index_equals_a_rebuild_after_each_write(store: SQLStore) -> None:
    ids = build_scenario(store)
    current = _index(store)
    assert current and current == _rebuilt(store)
    _same_pages(store)

    with store.engine.connect() as conn:
        event_claims = list(
            conn.execute(
                sa.select(claims.c.id, claims.c.property)
                .where(claims.c.subject_type == "event")
                .order_by(claims.c.id)
            )
        )
    dates = [cid for cid, prop in event_claims if prop == "date"]
    countries = [cid for cid, prop in event_claims if prop == "country"]
    store.add_review(dates[0], "accept", "ana")
    store.add_review(countries[0], "reject", "ana")
    store.add_review(dates[-1], "edit", "ben", new_value={"value": "2024-02", "precision": "month"})
    after_review = _index(store)
    assert after_review != current
    assert after_review == _rebuilt(store)
    assert any(row["reviewed"] for row in after_review)
    _same_pages(store)

    resolve_store(store, embedder=None)
    assert _index(store) == _rebuilt(store)
    _same_pages(store)
    with store.engine.connect() as conn:  # clusters' rows are looked up by the page
        assert any(len(p.rows) > 1 for p in event_points(conn, limit=1000))
    # Each event that is not simple has its rows' types and its country claims as facets.
    complex_keys = {row["key"] for row in _index(store) if not row["simple"]}
    facets = _facets(store)
    assert complex_keys and {key for _, _, key in facets} == complex_keys
    assert {facet for facet, _, _ in facets} == {"type", "country"}
    assert ids  # the scenario's names, kept for failures' context


def test_backup_leaves_the_index_out_and_restore_rebuilds_it(
    store: SQLStore, tmp_path: Path
) -> None:
    build_scenario(store)
    store.add_review(_first_date(store), "accept", "ana")
    path = tmp_path / "b.jsonl"
    with path.open("wb") as fh:
        write_export(store, "backup", None, fh)
    text = path.read_text("utf-8")
    assert '"t": "event_index"' not in text and "event_index" not in text.splitlines()[0]
    with open_store(f"sqlite:///{tmp_path / 'restored.db'}") as target:
        import_backup(target, path)
        assert _index(target) == _index(store)


def _first_date(store: SQLStore) -> str:
    with store.engine.connect() as conn:
        return str(
            conn.execute(
                sa.select(claims.c.id)
                .where(claims.c.subject_type == "event", claims.c.property == "date")
                .order_by(claims.c.id)
            )
            .scalars()
            .first()
        )


def _edge_events(store: SQLStore) -> None:
    """Event rows written straight into the tables, in every shape the set-based rebuild
    must either compute exactly or leave to `index_rows`."""
    from datetime import UTC, datetime

    from veeduria.store.ids import canonical_json
    from veeduria.store.schema import documents, events

    now = datetime(2024, 5, 1, tzinfo=UTC)
    text = "x" * 400
    doc = {
        "id": "d-edge",
        "sha256": "e" * 64,
        "text": text,
        "length": len(text),
        "published": "2024-05-01",
        "ingested_at": now,
        "source_kind": "txt",
        "source": "edge.txt",
    }
    lima = {"name": "Lima", "lat": -12.05, "lon": -77.04, "precision": "place"}
    shapes: list[list[tuple[str, Any]]] = [
        [],  # no claims at all
        [("date", {"value": "2021-03", "precision": "month", "end": None})],
        [("date", {"value": "2021-03-02"})],  # no precision
        [("date", {"value": "2021", "precision": "year", "end": "2022"}), ("country", "BO")],
        [("date", {"value": ""})],  # an empty date
        [("date", {"value": 2021, "precision": "year"})],  # a number
        [("date", "2021-03")],  # not an object
        [("country", "pe")],  # lower case: drawn at Lima, kept as written
        [("country", "Peru")],  # not a code
        [("country", "ZZ")],  # no known capital
        [("place", lima), ("country", "PE"), ("fatalities", 3)],
        [("place", {"name": "", "lat": 1, "lon": 2, "precision": ""})],  # integers, empty name
        [("place", {"name": "Nowhere", "lat": None, "lon": 2})],  # no coordinates
        [("place", {"name": "Somewhere"}), ("country", "BO")],
        [("place", {"name": "Str", "lat": "-12.5", "lon": "-77.1"})],  # text coordinates
        [("place", {"name": "Cusco", "lat": -13.5, "lon": -72.0, "precision": "admin1"})],
        [("fatalities", 0)],
        [("fatalities", "12")],  # a number as text
        [("fatalities", -2)],
        [("date", {"value": "2020"}), ("date", {"value": "2020-05"})],  # two dates
        [("country", "PE"), ("country", "BO")],  # two countries: not simple
        [("place", lima), ("place", {"name": "Cusco", "lat": -13.5, "lon": -72.0})],
    ]
    event_rows = []
    claim_rows = []
    for i, shape in enumerate(shapes):
        event_id = f"ev-edge-{i:02d}"
        event_rows.append(
            {
                "id": event_id,
                "document_id": "d-edge",
                "type": "protest" if i % 2 else "clash",
                "start": i,
                "end": i + 10,
                "extractor": "test",
                "extractor_version": "1",
                "created_at": now,
            }
        )
        for j, (prop, value) in enumerate(shape):
            claim_rows.append(
                {
                    "id": f"c-edge-{i:02d}-{j}",
                    "subject_type": "event",
                    "subject_id": event_id,
                    "property": prop,
                    "value": canonical_json(value),
                    "document_id": "d-edge",
                    "start": i,
                    "end": i + 10,
                    "quote": text[i : i + 10],
                    "extractor": "test",
                    "extractor_version": "1",
                    "confidence": 0.5,
                    "created_at": now.replace(day=2 + j),
                }
            )
    with store.engine.begin() as conn:
        conn.execute(documents.insert(), [doc])
        conn.execute(events.insert(), event_rows)
        conn.execute(claims.insert(), claim_rows)


def test_full_rebuild_equals_the_refresh_of_every_key(store: SQLStore) -> None:
    """The set-based rebuild (plain events in SQL, the rest in Python) writes what refreshing
    every key one chunk at a time writes, reviews and clusters included."""
    from veeduria.store.event_index import _plain_rows, refresh_keys
    from veeduria.store.schema import events

    build_scenario(store)
    _edge_events(store)
    with store.engine.connect() as conn:
        event_claims = list(
            conn.execute(
                sa.select(claims.c.id).where(claims.c.subject_type == "event").order_by(claims.c.id)
            ).scalars()
        )
    store.add_review(event_claims[0], "accept", "ana")
    store.add_review(event_claims[3], "reject", "ana")
    resolve_store(store, embedder=None)

    with store.engine.begin() as conn:
        keys = set(
            conn.execute(sa.select(sa.func.coalesce(events.c.cluster_id, events.c.id))).scalars()
        )
        refresh_keys(conn, keys)
        plain = {row.key for row in conn.execute(_plain_rows(conn))}
    by_key = _index(store)
    rebuilt = _rebuilt(store)
    assert len(rebuilt) == len(keys)
    assert rebuilt == by_key
    # Both paths were taken: plain events in SQL, the others (clusters, reviewed, odd
    # shapes) in Python.
    assert "ev-edge-00" in plain and "ev-edge-10" in plain and "ev-edge-07" in plain
    assert not {"ev-edge-05", "ev-edge-08", "ev-edge-17", "ev-edge-19", "ev-edge-21"} & plain
    assert len(plain) < len(keys)
    row = {r["key"]: r for r in rebuilt}
    assert row["ev-edge-07"]["country"] == "pe" and row["ev-edge-07"]["geo_precision"] == "country"
    assert row["ev-edge-10"]["fatalities"] == 3 and row["ev-edge-10"]["place"] == "Lima"


def test_migration_0008_fills_the_facets_of_an_existing_store(store: SQLStore) -> None:
    """A store resolved before `event_facets` existed gets the facets a refresh writes."""
    from alembic import command

    from veeduria.store.migrate import alembic_config

    build_scenario(store)
    resolve_store(store, embedder=None)
    facets = _facets(store)
    assert facets
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "0007")
    assert store.schema_revision() == "0007"
    store.upgrade()
    assert store.schema_revision() == "0009"
    assert _facets(store) == facets
