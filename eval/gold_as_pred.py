#!/usr/bin/env python3
"""Turn a gold file into a prediction file (the scorer's sanity check: gold vs itself = 1.0).

    .venv/bin/python eval/gold_as_pred.py eval/own.jsonl eval/own_clusters.jsonl > /tmp/pred.jsonl
    .venv/bin/python /work/shared/eval/score.py eval/own.jsonl /tmp/pred.jsonl \
        --clusters eval/own_clusters.jsonl

Events keep their attributes, get a quote spanning the first alias of their first actor (or the
whole text) and the gold cluster id; entities get their canonical name, kind, the offsets of their
aliases and an actor id (normalized canonical name + kind); tolls are copied.
"""

from __future__ import annotations

import json
import sys


def main(gold_path: str, clusters_path: str | None = None) -> None:
    cluster_of: dict[tuple[str, int], str] = {}
    if clusters_path:
        with open(clusters_path, encoding="utf-8") as fh:
            cluster_lines = fh.read().splitlines()
        for raw in cluster_lines:
            if raw.strip():
                cl = json.loads(raw)
                for doc_id, idx in cl["members"]:
                    cluster_of[(doc_id, idx)] = cl["cluster"]
    with open(gold_path, encoding="utf-8") as fh:
        gold_lines = fh.read().splitlines()
    for raw in gold_lines:
        if not raw.strip():
            continue
        doc = json.loads(raw)
        text, gold = doc["text"], doc["gold"]
        entities = []
        for ent in gold["entities"]:
            mentions = []
            for alias in ent["aliases_in_text"]:
                start = text.find(alias)
                while start != -1:
                    mentions.append({"start": start, "end": start + len(alias)})
                    start = text.find(alias, start + 1)
            entities.append({"name": ent["name"], "kind": ent["kind"], "mentions": mentions,
                             "actor": f"{ent['kind']}:{ent['name']}"})
        events = []
        for i, ev in enumerate(gold["events"]):
            pred = {k: ev[k] for k in ("type", "date", "country", "place", "fatalities",
                                       "injured", "actors")}
            pred["quote"] = {"start": 0, "end": len(text)}
            pred["cluster"] = cluster_of.get((doc["id"], i), f"{doc['id']}#{i}")
            events.append(pred)
        tolls = [dict(t, quote={"start": 0, "end": len(text)}) for t in gold["death_tolls"]]
        print(json.dumps({"id": doc["id"], "events": events, "entities": entities,
                          "death_tolls": tolls}, ensure_ascii=False))


if __name__ == "__main__":
    main(*sys.argv[1:3])
