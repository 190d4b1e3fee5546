"""Run `extract()` over a gold file and score the predictions with the vendored reference scorer.

Why in-process and through a prediction file: the numbers must be exactly those of
`shared/eval/score.py`, so predictions take the same path (a JSONL file read back by the
scorer's own loader) as when the scorer runs as a script.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from veeduria.evaluation import scorer
from veeduria.types import DocumentInput, Extraction

__all__ = ["extraction_to_prediction", "predict_file", "read_gold_documents", "score_files"]

Extractor = Callable[[DocumentInput], Extraction]


def read_gold_documents(path: str | Path) -> Iterator[DocumentInput]:
    """The documents of a gold (or any FORMAT.md-shaped) JSONL file, as extractor input."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            yield DocumentInput(
                id=str(obj["id"]),
                text=obj["text"],
                language=obj.get("lang"),
                published=obj.get("published"),
            )


def extraction_to_prediction(ex: Extraction) -> dict[str, Any]:
    """One prediction line (FORMAT.md) from an `Extraction`; quotes are the evidence spans."""
    events = [
        {
            "type": ev.type,
            "date": None if ev.date is None else str(ev.date.value),
            "country": ev.country,
            "place": None if ev.place is None else ev.place.name,
            "fatalities": None if ev.fatalities is None else int(ev.fatalities.value),
            "injured": None if ev.injured is None else int(ev.injured.value),
            "actors": [a.name for a in ev.actors],
            "quote": {"start": ev.evidence.start, "end": ev.evidence.end},
        }
        for ev in ex.events
    ]
    entities = [
        {
            "name": ent.name,
            "kind": ent.kind,
            "mentions": [{"start": m.start, "end": m.end} for m in ent.mentions],
        }
        for ent in ex.entities
    ]
    tolls = [
        {
            "country": t.country,
            "as_of": t.as_of,
            "count": t.count,
            "quote": {"start": t.evidence.start, "end": t.evidence.end},
        }
        for t in ex.tolls
    ]
    return {"id": ex.document_id, "events": events, "entities": entities, "death_tolls": tolls}


def _progress(items: list[DocumentInput], stream: TextIO) -> Iterable[DocumentInput]:
    """A one-line progress bar on a terminal; silent when stderr is not a TTY."""
    show = stream.isatty()
    total = len(items)
    for i, doc in enumerate(items, 1):
        if show:
            width = 30
            done = int(width * i / max(total, 1))
            stream.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{total} {doc.id:<12}")
            stream.flush()
        yield doc
    if show:
        stream.write("\n")
        stream.flush()


def predict_file(
    gold_path: str | Path,
    out_path: str | Path,
    extractor: Extractor | None = None,
    ids: set[str] | None = None,
) -> int:
    """Write one prediction line per document of `gold_path` (or of `ids`); return the count."""
    if extractor is None:
        from veeduria.nlp.extractor import extract

        extractor = extract
    docs = [d for d in read_gold_documents(gold_path) if ids is None or d.id in ids]
    extractions = [extractor(doc) for doc in _progress(docs, sys.stderr)]
    lines = [extraction_to_prediction(ex) for ex in extractions]
    if ids is None:  # the whole file: cross-document `actor` and `cluster` ids
        from veeduria.evaluation.resolution import annotate_predictions

        annotate_predictions(docs, lines, extractions=extractions)
    with open(out_path, "w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False))
            out.write("\n")
    return len(docs)


def score_files(
    gold_path: str | Path,
    pred_path: str | Path,
    per_doc: bool = False,
    clusters_path: str | Path | None = None,
) -> dict[str, Any]:
    """The reference scorer's report (its JSON shape) for a gold and a prediction file."""
    gold_docs = scorer.load_gold(str(gold_path))
    clusters = (
        None if clusters_path is None else scorer.load_clusters(str(clusters_path), gold_docs)
    )
    predictions, warnings = scorer.load_predictions(
        str(pred_path), {doc.doc_id for doc in gold_docs}
    )
    warnings += scorer.missing_prediction_warning(gold_docs, predictions)
    report: dict[str, Any] = scorer.build_report(
        gold_docs, predictions, warnings, per_doc, clusters
    )
    return report


def run_eval(
    gold_path: str | Path,
    out_path: str | Path | None = None,
    per_doc: bool = False,
    clusters_path: str | Path | None = None,
    extractor: Extractor | None = None,
) -> tuple[dict[str, Any], str]:
    """Predict and score a gold file; return the report and the prediction file's path."""
    if out_path is None:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".jsonl", prefix="veeduria-pred-", delete=False
        ) as tmp:
            out_path = tmp.name
    predict_file(gold_path, out_path, extractor)
    return score_files(gold_path, out_path, per_doc, clusters_path), str(out_path)


def format_report(report: dict[str, Any], gold_path: str, pred_path: str) -> str:
    """The reference scorer's plain-text report."""
    text: str = scorer.format_text(report, gold_path, pred_path)
    return text
