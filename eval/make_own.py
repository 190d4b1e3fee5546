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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import own_gold_extra  # noqa: E402
import own_gold_sample  # noqa: E402
from sample_texts import sample_text  # noqa: E402


def lines() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
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


def main() -> int:
    path = HERE / "own.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for line in lines():
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
