"""The network view: actors and the events they take part in, or actors and their relations.

Two graphs, both built from claims so every edge can be traced to a quote:

- `mode="events"`: event nodes and actor nodes. An edge joins an actor to an event when an
  `actor` claim of the event names it (edge kind "role", labelled with the role), or when the
  actor is mentioned inside the event's evidence sentence (edge kind "mention").
- `mode="actors"`: actor nodes only, joined by stored relations (recognizes, supports, owns, ...)
  whose both ends are resolved to actors; one edge per (source, target, type), weighted by the
  number of relation claims behind it.

The events come from the caller (already filtered and capped), so the network shows the same
events as the timeline and the map for the same filters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from veeduria.store import reading
from veeduria.store.ids import name_key
from veeduria.store.schema import actors, claims, events, relations

__all__ = ["Network", "NetworkEdge", "NetworkNode", "actor_network", "event_network"]


@dataclass
class NetworkNode:
    id: str
    label: str
    group: str  # "event" or "actor"
    kind: str  # event type or actor kind
    country: str | None = None
    date: str | None = None
    weight: int = 1


@dataclass
class NetworkEdge:
    source: str
    target: str
    kind: str  # "role", "mention" or a relation type
    label: str
    weight: int = 1
    claim_ids: list[str] = field(default_factory=list)  # some of the claims behind it


@dataclass
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool = False


@dataclass(frozen=True)
class EventRef:
    """What the network needs of an event the caller selected."""

    id: str
    type: str
    label: str
    date: str | None = None
    country: str | None = None
    rows: tuple[str, ...] = ()  # its per-document event rows (a resolved event); () = (id,)


def event_network(
    conn: Connection,
    selected: Sequence[EventRef],
    *,
    actor_kinds: Sequence[str] = (),
    include_mentions: bool = True,
    max_claims: int = 5,
) -> Network:
    """Events and the actors linked to them (see the module docstring)."""
    node_of = {row: e.id for e in selected for row in (e.rows or (e.id,))}
    ids = sorted(node_of)
    nodes: dict[str, NetworkNode] = {
        e.id: NetworkNode(e.id, e.label, "event", e.type, e.country, e.date) for e in selected
    }
    edges: dict[tuple[str, str, str], NetworkEdge] = {}
    if not ids:
        return Network([], [])
    # Named roles: event -> actor claims, names resolved to actors by their name key.
    role_rows: list[tuple[str, str, str, str]] = []  # event id, name key, role, claim id
    for chunk in _chunks(ids):
        for row in conn.execute(
            sa.select(claims.c.id, claims.c.subject_id, claims.c.value).where(
                claims.c.subject_type == "event",
                claims.c.property == "actor",
                claims.c.subject_id.in_(chunk),
            )
        ).all():
            value = json.loads(row.value)
            if isinstance(value, dict) and value.get("name"):
                role_rows.append(
                    (
                        node_of[row.subject_id],
                        name_key(str(value["name"])),
                        str(value.get("role")),
                        row.id,
                    )
                )
    # Names go to the resolved actor (`actors.resolved_id`, set by `veeduria resolve`).
    resolved = reading.actor_ids_by_key(conn, {r[1] for r in role_rows})
    info: dict[str, tuple[str, str, str | None]] = {}
    for chunk in _chunks(sorted(set(resolved.values()))):
        for a in conn.execute(
            sa.select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country).where(
                actors.c.id.in_(chunk)
            )
        ).all():
            info[a.id] = (a.name, a.kind, a.country)
    by_key: dict[str, tuple[str, str, str, str | None]] = {
        key: (actor_id, *info[actor_id]) for key, actor_id in resolved.items() if actor_id in info
    }
    for event_id, key, role, claim_id in role_rows:
        found = by_key.get(key)
        if found is None:
            continue
        actor_id, name, kind, country = found
        _add_edge(
            edges,
            nodes,
            actor_id,
            name,
            kind,
            country,
            event_id,
            "role",
            role,
            claim_id,
            max_claims,
        )
    if include_mentions:
        # Small chunks: for a few hundred ids PostgreSQL prefers a scan of `events` to as
        # many primary-key look-ups (measured at 100k events: 128 ids take 9 ms, 300 take 60).
        for chunk in _chunks(ids, 128):
            ev = events.alias("ev")
            res = actors.alias("res")
            rows = conn.execute(
                sa.select(
                    ev.c.id.label("event_id"),
                    claims.c.id.label("claim_id"),
                    res.c.id.label("actor_id"),
                    res.c.name,
                    res.c.kind,
                    res.c.country,
                )
                .select_from(ev)
                .join(
                    claims,
                    sa.and_(
                        claims.c.document_id == ev.c.document_id,
                        claims.c.start >= ev.c.start,
                        claims.c.end <= ev.c.end,
                        claims.c.subject_type == "actor",
                        claims.c.property == "name",
                    ),
                )
                .join(actors, actors.c.id == claims.c.subject_id)
                .join(res, res.c.id == sa.func.coalesce(actors.c.resolved_id, actors.c.id))
                .where(ev.c.id.in_(chunk))
                .order_by(ev.c.id, claims.c.start)
            ).all()
            for r in rows:
                if r.kind in ("country", "place") and not actor_kinds:
                    continue  # a place named in the sentence is where, not who
                _add_edge(
                    edges,
                    nodes,
                    r.actor_id,
                    r.name,
                    r.kind,
                    r.country,
                    node_of[r.event_id],
                    "mention",
                    "mention",
                    r.claim_id,
                    max_claims,
                )
    if actor_kinds:
        wanted = set(actor_kinds)
        dropped = {n.id for n in nodes.values() if n.group == "actor" and n.kind not in wanted}
        nodes = {k: v for k, v in nodes.items() if k not in dropped}
        edges = {k: v for k, v in edges.items() if v.source not in dropped}
    return Network(list(nodes.values()), list(edges.values()))


def _add_edge(
    edges: dict[tuple[str, str, str], NetworkEdge],
    nodes: dict[str, NetworkNode],
    actor_id: str,
    name: str,
    kind: str,
    country: str | None,
    event_id: str,
    edge_kind: str,
    label: str,
    claim_id: str,
    max_claims: int,
) -> None:
    key = (actor_id, event_id, edge_kind if edge_kind == "mention" else f"role:{label}")
    if edge_kind == "mention" and any(
        k[0] == actor_id and k[1] == event_id and k[2].startswith("role:") for k in edges
    ):
        return  # a named role says more than a mention
    if actor_id not in nodes:
        nodes[actor_id] = NetworkNode(actor_id, name, "actor", kind, country, weight=0)
    edge = edges.get(key)
    if edge is None:
        edges[key] = edge = NetworkEdge(actor_id, event_id, edge_kind, label, 0)
        nodes[actor_id].weight += 1
    edge.weight += 1
    if len(edge.claim_ids) < max_claims:
        edge.claim_ids.append(claim_id)


def actor_network(
    conn: Connection,
    *,
    relation_types: Sequence[str] = (),
    country: str | None = None,
    actor_id: str | None = None,
    limit: int = 2000,
) -> Network:
    """Actors joined by relations; `actor_id` keeps that actor's neighbourhood only."""
    src = actors.alias("src")
    dst = actors.alias("dst")
    # Both ends go to their resolved actor (`actors.resolved_id`, set by `veeduria resolve`).
    source = sa.func.coalesce(src.c.resolved_id, src.c.id)
    target = sa.func.coalesce(dst.c.resolved_id, dst.c.id)
    query = (
        sa.select(
            source.label("source_actor_id"),
            target.label("target_actor_id"),
            relations.c.type,
            sa.func.count().label("n"),
            sa.func.min(claims.c.id).label("claim_id"),
        )
        .join(
            claims,
            sa.and_(claims.c.subject_type == "relation", claims.c.subject_id == relations.c.id),
        )
        .join(src, src.c.id == relations.c.source_actor_id)
        .join(dst, dst.c.id == relations.c.target_actor_id)
        .group_by(source, target, relations.c.type)
        .order_by(sa.func.count().desc(), source, target)
        .limit(limit + 1)
    )
    if relation_types:
        query = query.where(relations.c.type.in_(list(relation_types)))
    # Filters start from the actors they name, then read those actors' relations through the
    # source and target indexes: an OR over both ends would read every relation.
    if country:
        query = query.where(relations.c.id.in_(_relations_of(actors.c.country == country)))
    if actor_id:
        # The actor's node, and every node resolution put in it (an end matches by its own id
        # or its resolved id).
        members = sa.union(
            sa.select(actors.c.id).where(actors.c.id == actor_id),
            sa.select(actors.c.id).where(actors.c.resolved_id == actor_id),
        )
        query = query.where(relations.c.id.in_(_relations_of(actors.c.id.in_(members))))
    rows = conn.execute(query).all()
    truncated = len(rows) > limit
    rows = rows[:limit]
    actor_ids = sorted({r.source_actor_id for r in rows} | {r.target_actor_id for r in rows})
    nodes: dict[str, NetworkNode] = {}
    for chunk in _chunks(actor_ids):
        for a in conn.execute(
            sa.select(actors.c.id, actors.c.name, actors.c.kind, actors.c.country).where(
                actors.c.id.in_(chunk)
            )
        ).all():
            nodes[a.id] = NetworkNode(a.id, a.name, "actor", a.kind, a.country, weight=0)
    edges = []
    for r in rows:
        nodes[r.source_actor_id].weight += int(r.n)
        nodes[r.target_actor_id].weight += int(r.n)
        edges.append(
            NetworkEdge(
                r.source_actor_id, r.target_actor_id, r.type, r.type, int(r.n), [r.claim_id]
            )
        )
    return Network(sorted(nodes.values(), key=lambda n: n.id), edges, truncated)


def _relations_of(which_actors: ColumnElement[bool]) -> sa.CompoundSelect[tuple[str]]:
    """The ids of the relations with an end among the actors `which_actors` selects."""
    ends = sa.select(actors.c.id).where(which_actors)
    return sa.union(
        sa.select(relations.c.id).where(relations.c.source_actor_id.in_(ends)),
        sa.select(relations.c.id).where(relations.c.target_actor_id.in_(ends)),
    )


def _chunks(items: Sequence[str], size: int = 500) -> list[Sequence[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
