"""GraphML for Gephi, yEd and networkx: actors and events as nodes, roles and relations as edges.

Node attributes: `node_type` (actor or event), `label`, `kind` (actors), `event_type`, `date`,
`country`, `fatalities` (int), `latitude`/`longitude` (double), `reviewed` (boolean). Edges:
`edge_type` "role" (actor -> event, `role` agent/target/victim/participant) or "relation"
(actor -> actor, `relation` type, `quote`, `source`). Written as a stream, node by node.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy.engine import Connection

from veeduria.export import ExportOptions
from veeduria.export.selection import Selection

__all__ = ["KEYS", "export_graphml"]

#: (id, for, type)
KEYS: list[tuple[str, str, str]] = [
    ("node_type", "node", "string"),
    ("label", "node", "string"),
    ("kind", "node", "string"),
    ("country", "node", "string"),
    ("event_type", "node", "string"),
    ("date", "node", "string"),
    ("fatalities", "node", "int"),
    ("latitude", "node", "double"),
    ("longitude", "node", "double"),
    ("reviewed", "node", "boolean"),
    ("quote", "node", "string"),
    ("source", "node", "string"),
    ("edge_type", "edge", "string"),
    ("role", "edge", "string"),
    ("relation", "edge", "string"),
    ("edge_quote", "edge", "string"),
    ("edge_source", "edge", "string"),
    ("edge_reviewed", "edge", "boolean"),
]
_TYPES = {(k, f): t for k, f, t in KEYS}


def _data(kind: str, values: dict[str, Any]) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value == "":
            continue
        boolean = _TYPES[(key, kind)] == "boolean"
        text = ("true" if value else "false") if boolean else str(value)
        parts.append(f'<data key="{key}">{escape(text)}</data>')
    return "".join(parts)


def _node(node_id: str, values: dict[str, Any]) -> str:
    return f"<node id={quoteattr(node_id)}>{_data('node', values)}</node>\n"


def _edge(edge_id: str, source: str, target: str, values: dict[str, Any]) -> str:
    return (
        f"<edge id={quoteattr(edge_id)} source={quoteattr(source)} target={quoteattr(target)}>"
        f"{_data('edge', values)}</edge>\n"
    )


def export_graphml(conn: Connection, options: ExportOptions) -> Iterator[bytes]:
    sel = Selection(conn, options.filters)
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    for key, kind, typ in KEYS:
        name = key.removeprefix("edge_") if kind == "edge" and key != "edge_type" else key
        head.append(f'<key id="{key}" for="{kind}" attr.name="{name}" attr.type="{typ}"/>\n')
    head.append('<graph id="veeduria" edgedefault="directed">\n')
    yield "".join(head).encode("utf-8")

    nodes: set[str] = set()
    for actor in sel.actors():
        nodes.add(actor.id)
        yield _node(
            actor.id,
            {
                "node_type": "actor",
                "label": actor.name,
                "kind": actor.kind,
                "country": actor.country,
            },
        ).encode("utf-8")

    for event in sel.events():
        date = (event.date or {}).get("value")
        place = event.place or {}
        label = " ".join(p for p in (event.type, event.country, date) if p)
        out = [
            _node(
                event.id,
                {
                    "node_type": "event",
                    "label": label,
                    "event_type": event.type,
                    "date": date,
                    "country": event.country,
                    "fatalities": event.fatalities,
                    "latitude": place.get("lat"),
                    "longitude": place.get("lon"),
                    "reviewed": event.reviewed,
                    "quote": event.quote,
                    "source": event.document.citation,
                },
            )
        ]
        for n, a in enumerate(event.actors):
            if a.actor_id is None:
                continue
            if a.actor_id not in nodes:
                nodes.add(a.actor_id)
                out.append(
                    _node(a.actor_id, {"node_type": "actor", "label": a.name, "kind": a.kind})
                )
            out.append(
                _edge(
                    f"{event.id}#{n}", a.actor_id, event.id, {"edge_type": "role", "role": a.role}
                )
            )
        yield "".join(out).encode("utf-8")

    for rel in sel.relations():
        if rel.source_actor_id is None or rel.target_actor_id is None:
            continue
        out = []
        for actor_id, name in (
            (rel.source_actor_id, rel.source_name),
            (rel.target_actor_id, rel.target_name),
        ):
            if actor_id not in nodes:
                nodes.add(actor_id)
                out.append(_node(actor_id, {"node_type": "actor", "label": name}))
        out.append(
            _edge(
                rel.id,
                rel.source_actor_id,
                rel.target_actor_id,
                {
                    "edge_type": "relation",
                    "relation": rel.type,
                    "edge_quote": rel.quote,
                    "edge_source": rel.document.citation,
                    "edge_reviewed": rel.reviewed,
                },
            )
        )
        yield "".join(out).encode("utf-8")
    yield b"</graph>\n</graphml>\n"
