"""The actor graph's country and actor filters, read from the actors they name (through the
relations' source and target indexes), keep exactly the edges of the OR over both ends."""

from __future__ import annotations

import sys
from pathlib import Path

import sqlalchemy as sa

from veeduria.query.network import actor_network
from veeduria.store.schema import actors, claims, relations
from veeduria.store.sql import SQLStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from synthetic import insert_store

Edge = tuple[str, str, str, int]


def _edges(store: SQLStore, **filters: str) -> set[Edge]:
    with store.engine.connect() as conn:
        found = actor_network(conn, limit=100_000, **filters)
    assert not found.truncated
    return {(e.source, e.target, e.kind, e.weight) for e in found.edges}


def test_filters_keep_the_edges_of_either_end(store: SQLStore) -> None:
    insert_store(store.engine, 400)
    with store.engine.begin() as conn:
        # Resolution merged two nodes into a third: the actor filter must follow them.
        conn.execute(
            actors.update()
            .where(actors.c.id.in_(["a-000000001", "a-000000002"]))
            .values(resolved_id="a-000000000")
        )
    for country in ("PE", "BO"):
        expected = _reference_or(store, "country", country)
        assert expected and _edges(store, country=country) == expected
    for actor_id in ("a-000000000", "a-000000001", "a-000000005"):
        expected = _reference_or(store, "actor", actor_id)
        assert expected and _edges(store, actor_id=actor_id) == expected


def _reference_or(store: SQLStore, kind: str, value: str) -> set[Edge]:
    """The edges as the filter defines them, with the OR over both ends it used to run."""
    src, dst = actors.alias("src"), actors.alias("dst")
    source = sa.func.coalesce(src.c.resolved_id, src.c.id)
    target = sa.func.coalesce(dst.c.resolved_id, dst.c.id)
    if kind == "country":
        where = sa.or_(src.c.country == value, dst.c.country == value)
    else:
        where = sa.or_(source == value, target == value, src.c.id == value, dst.c.id == value)
    query = (
        sa.select(source, target, relations.c.type, sa.func.count())
        .join(
            claims,
            sa.and_(claims.c.subject_type == "relation", claims.c.subject_id == relations.c.id),
        )
        .join(src, src.c.id == relations.c.source_actor_id)
        .join(dst, dst.c.id == relations.c.target_actor_id)
        .where(where)
        .group_by(source, target, relations.c.type)
    )
    with store.engine.connect() as conn:
        return {(a, b, t, int(n)) for a, b, t, n in conn.execute(query)}
