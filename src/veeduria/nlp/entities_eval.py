"""Dev tool: run entity extraction over an evaluation set and write entity-only predictions.

    python -m veeduria.nlp.entities_eval GOLD.jsonl PRED.jsonl
    python /path/to/score.py GOLD.jsonl PRED.jsonl

Also checks that every mention's offsets slice back to its text (exit code 1 if not).
`--diff` prints, per document, the gold entities missed and the predictions not in gold.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from veeduria.nlp.entities import extract_entities
from veeduria.nlp.names import normalize_name
from veeduria.nlp.pipeline import parse


def predict(doc: dict[str, Any]) -> dict[str, Any]:
    text, lang = doc["text"], doc.get("lang")
    ents = extract_entities(text, lang, parse(text, lang))
    return {
        "id": doc["id"],
        "entities": [
            {
                "name": e.name,
                "kind": e.kind,
                "mentions": [{"start": m.start, "end": m.end} for m in e.mentions],
            }
            for e in ents
        ],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("gold", type=Path)
    ap.add_argument("pred", type=Path, nargs="?", default=Path("/tmp/veeduria_entities.jsonl"))
    ap.add_argument("--diff", action="store_true", help="print misses and extras per document")
    args = ap.parse_args(argv)
    bad = 0
    with args.gold.open(encoding="utf-8") as fh, args.pred.open("w", encoding="utf-8") as out:
        for line in fh:
            if not line.strip():
                continue
            doc = json.loads(line)
            pred = predict(doc)
            text = doc["text"]
            for e in pred["entities"]:
                for m in e["mentions"]:
                    if not (0 <= m["start"] < m["end"] <= len(text)):
                        bad += 1
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
            if args.diff:
                _diff(doc, pred)
    if bad:
        print(f"{bad} mentions with bad offsets", file=sys.stderr)
        return 1
    print(f"wrote {args.pred}")
    return 0


def _diff(doc: dict[str, Any], pred: dict[str, Any]) -> None:
    gold = doc.get("gold", {}).get("entities", [])
    keys = [
        {normalize_name(g["name"]), *(normalize_name(a) for a in g.get("aliases_in_text", []))}
        for g in gold
    ]
    matched: set[int] = set()
    extras = []
    kinds = []
    for p in pred["entities"]:
        n = normalize_name(p["name"])
        hit = next((i for i, k in enumerate(keys) if n in k and i not in matched), None)
        if hit is None:
            extras.append(f"{p['name']} [{p['kind']}]")
        else:
            matched.add(hit)
            if gold[hit]["kind"] != p["kind"]:
                kinds.append(f"{p['name']}: {p['kind']} (gold {gold[hit]['kind']})")
    missed = [
        f"{g['name']} [{g['kind']}] {g.get('aliases_in_text')}"
        for i, g in enumerate(gold)
        if i not in matched
    ]
    print(f"== {doc['id']} ({doc['lang']})")
    for m in missed:
        print(f"   MISS  {m}")
    for x in extras:
        print(f"   EXTRA {x}")
    for k in kinds:
        print(f"   KIND  {k}")


if __name__ == "__main__":
    raise SystemExit(main())
