#!/usr/bin/env python3
"""Write eval/own.jsonl from the annotation sources.

    .venv/bin/python eval/make_own.py

Sources: own_gold_sample.py (the bundled sample corpus; texts taken from
src/veeduria/sample/ through sample_texts.py) and own_gold_extra.py (gold-only Spanish
documents whose text lives in the annotation file). The output is deterministic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import own_clusters_spec  # noqa: E402
import own_gold_extra  # noqa: E402
import own_gold_sample  # noqa: E402
from sample_texts import sample_text  # noqa: E402


def lines() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in own_gold_sample.DOCS:
        out.append({
            "id": d["id"], "lang": d["lang"], "published": d["published"],
            "distractor": d["distractor"], "topic": d["topic"],
            "source": f"src/veeduria/sample/{d['file']}",
            "text": sample_text(d["file"]), "gold": d["gold"], "notes": d["notes"],
        })
    for d in own_gold_extra.DOCS:
        out.append({
            "id": d["id"], "lang": d["lang"], "published": d["published"],
            "distractor": d["distractor"], "topic": d["topic"], "source": None,
            "text": d["text"], "gold": d["gold"], "notes": d["notes"],
        })
    return out


def most_precise(dates: list[str | None]) -> str | None:
    known = [d for d in dates if d]
    return max(known, key=len) if known else None


def clusters(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Linked clusters first (largest first, then spec order), then singletons in doc order."""
    events = {(d["id"], i): e for d in docs for i, e in enumerate(d["gold"]["events"])}
    linked = sorted(own_clusters_spec.LINKED, key=lambda c: -len(c["members"]))  # stable
    out: list[dict[str, Any]] = []
    listed: set[tuple[str, int]] = set()
    for spec in linked:
        members = [tuple(m) for m in spec["members"]]
        evs = [events[m] for m in members]
        listed.update(members)
        out.append({"label": spec["label"], "type": evs[0]["type"],
                    "date": most_precise([e["date"] for e in evs]), "country": evs[0]["country"],
                    "members": [list(m) for m in members], "confidence": "high",
                    "notes": spec["notes"]})
    for d in docs:
        for i, e in enumerate(d["gold"]["events"]):
            if (d["id"], i) in listed:
                continue
            note = own_clusters_spec.MEDIUM.get((d["id"], i))
            place = f" at {e['place']}" if e["place"] else ""
            out.append({"label": f"{e['type']} {e['date'] or 'undated'}{place} ({d['id']})",
                        "type": e["type"], "date": e["date"], "country": e["country"],
                        "members": [[d["id"], i]],
                        "confidence": "medium" if note else "high",
                        "notes": note or "Reported by one document only."})
    for n, cl in enumerate(out, 1):
        cl_id = {"cluster": f"o{n:03d}"}
        cl_id.update(cl)
        out[n - 1] = cl_id
    return out


def main() -> int:
    docs = lines()
    path = HERE / "own.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for line in docs:
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    cpath = HERE / "own_clusters.jsonl"
    with cpath.open("w", encoding="utf-8") as fh:
        for cl in clusters(docs):
            fh.write(json.dumps(cl, ensure_ascii=False) + "\n")
    print(f"wrote {cpath}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
