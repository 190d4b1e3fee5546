"""Extraction throughput: the rule-based extractor with its store, against spaCy's NER alone.

Builds article-length texts (default 2,000) by recombining paragraphs of the English and
Spanish dev texts in ../shared/eval/dev.jsonl (fixed seed), stores them in a fresh SQLite
evidence base and runs `veeduria.nlp.run.run_extraction` over them, in-process and with
`--workers 2`. The baseline, measured in the same run on the same texts, is spaCy's NER-only
pipeline (parser, tagger, morphologizer, attribute_ruler and lemmatizer excluded) through
`nlp.pipe(batch_size=64)`, each text routed to its language's model as the extractor routes it.
Prints a table and a final JSON line; targets: one process >= 0.5x the baseline, two workers
>= 1.6x one.

    .venv/bin/python bench/extract.py [--docs 2000] [--seed 7] [--repeat 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
NER_ONLY_EXCLUDE = ["parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"]


def build_corpus(n: int, seed: int, path: Path = DEV) -> list[dict[str, Any]]:
    """`n` distinct texts of 8-14 paragraphs each, alternating English and Spanish, drawn
    from the dev texts' paragraphs of that language (about 400 words each)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    paras: dict[str, list[tuple[str, str | None]]] = {"en": [], "es": []}
    for r in rows:
        for p in r["text"].split("\n\n"):
            if p.strip() and r["lang"] in paras:
                paras[r["lang"]].append((p.strip(), r.get("published")))
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(out) < n:
        lang = "en" if len(out) % 2 == 0 else "es"
        picked = rng.sample(paras[lang], rng.randint(8, 14))
        text = "\n\n".join(p for p, _ in picked)
        if text in seen:
            continue
        seen.add(text)
        out.append({"text": text, "lang": lang, "published": picked[0][1]})
    return out


CPU: dict[str, list[float]] = {"ner_only": [], "extract_1": []}


def timed(fn: Callable[[], Any], cpu: str | None = None) -> tuple[float, Any]:
    """Wall seconds of `fn()`; with `cpu`, this process's CPU seconds go into CPU[cpu] (on a
    shared machine the CPU time of in-process runs is the steadier figure)."""
    c0, t0 = time.process_time(), time.perf_counter()
    value = fn()
    wall = time.perf_counter() - t0
    if cpu is not None:
        CPU[cpu].append(time.process_time() - c0)
    return wall, value


def ner_only(corpus: list[dict[str, Any]]) -> float:
    """Seconds for spaCy's NER-only pipelines over the corpus (models loaded beforehand)."""
    import spacy

    from veeduria.nlp.pipeline import EN_MODEL, ES_MODEL, pipeline_language

    by_lang: dict[str, list[str]] = {"en": [], "es": []}
    for d in corpus:
        by_lang[pipeline_language(d["lang"], d["text"])].append(d["text"])
    models = {"en": EN_MODEL, "es": ES_MODEL}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        nlps = {
            lang: spacy.load(models[lang], exclude=NER_ONLY_EXCLUDE)
            for lang in by_lang
            if by_lang[lang]
        }

    def run() -> int:
        n = 0
        for lang, texts in by_lang.items():
            if texts:
                n += sum(len(doc.ents) for doc in nlps[lang].pipe(texts, batch_size=64))
        return n

    seconds, _ = timed(run, "ner_only")
    return seconds


def add_corpus(store: Any, corpus: list[dict[str, Any]]) -> None:
    """Store the corpus's texts as documents (cleaned, with their content ids), unextracted."""
    from veeduria.ingest.normalize import clean_text, document_id, text_sha256
    from veeduria.types import IngestedDocument

    for i, d in enumerate(corpus):
        text = clean_text(d["text"])
        sha = text_sha256(text)
        store.add_document(
            IngestedDocument(
                text=text,
                source_kind="txt",
                source=f"bench#{i}",
                published=d["published"],
                language=d["lang"],
            ),
            doc_id=document_id(sha),
            sha256=sha,
        )


def extract_and_store(corpus: list[dict[str, Any]], workers: int, tmp: Path) -> tuple[float, int]:
    """Seconds for `run_extraction` (extract + save) over the corpus in a fresh SQLite store;
    the documents are added beforehand (not timed). With workers, the pool's start and the
    workers' model loads are inside the time."""
    from veeduria.nlp.run import run_extraction
    from veeduria.store import open_store

    path = tmp / f"bench-{workers}-{time.monotonic_ns()}.db"
    store = open_store(f"sqlite:///{path}")
    store.upgrade()
    add_corpus(store, corpus)
    seconds, report = timed(
        lambda: run_extraction(store, workers=workers), "extract_1" if workers == 1 else None
    )
    store.close()
    path.unlink(missing_ok=True)
    if report.failed:
        print(
            f"warning: {len(report.failed)} documents failed: {report.failed[:3]}", file=sys.stderr
        )
    return seconds, int(report.documents)


def prepare(docs: int, seed: int, dev: Path) -> tuple[list[dict[str, Any]], int] | None:
    """The corpus and its word count, with the models loaded in this process (the in-process
    run starts warm, like the workers after start-up); None, said, without the dev texts."""
    if not dev.exists():
        print(f"skipped: {dev} is not there (the shared evaluation texts are needed)")
        return None

    from veeduria.nlp.pipeline import load_pipeline

    corpus = build_corpus(docs, seed, dev)
    for lang in ("en", "es"):
        load_pipeline(lang)
    return corpus, sum(len(d["text"].split()) for d in corpus)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each measurement (median)")
    ap.add_argument("--workers", type=int, default=2, help="the pool size compared with 1")
    ap.add_argument("--dev", type=Path, default=DEV, help="the dev texts (JSON lines)")
    args = ap.parse_args(argv)
    prepared = prepare(args.docs, args.seed, args.dev)
    if prepared is None:
        return 0
    corpus, words = prepared

    runs: dict[str, list[float]] = {"ner_only": [], "extract_1": [], "extract_n": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            runs["ner_only"].append(ner_only(corpus))
            s1, n1 = extract_and_store(corpus, 1, Path(tmp))
            runs["extract_1"].append(s1)
            sn, nn = extract_and_store(corpus, args.workers, Path(tmp))
            runs["extract_n"].append(sn)
            if n1 != len(corpus) or nn != len(corpus):
                print(
                    f"warning: extracted {n1} and {nn} of {len(corpus)} documents", file=sys.stderr
                )
    sec = {k: statistics.median(v) for k, v in runs.items()}
    rows = [
        ("spaCy NER-only nlp.pipe (baseline)", sec["ner_only"]),
        ("extract + store, 1 process", sec["extract_1"]),
        (f"extract + store, --workers {args.workers}", sec["extract_n"]),
    ]
    ratio_1 = sec["ner_only"] / sec["extract_1"]
    cpu = {k: statistics.median(v) for k, v in CPU.items()}
    ratio_cpu = cpu["ner_only"] / cpu["extract_1"]
    ratio_n = sec["extract_1"] / sec["extract_n"]
    machine = {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(
        f"{len(corpus)} documents, {words} words; median of {args.repeat}; "
        f"{machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}"
    )
    print(f"{'run':<40} {'seconds':>9} {'docs/s':>9} {'words/s':>10}")
    for name, s in rows:
        print(f"{name:<40} {s:>9.2f} {len(corpus) / s:>9.1f} {words / s:>10.0f}")
    print(f"1 process / NER-only: {ratio_1:.2f}x wall (target >= 0.5); CPU time: {ratio_cpu:.2f}x")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"CPU s: NER-only {cpu['ner_only']:.1f}, extract {cpu['extract_1']:.1f}; load {load}")
    print(f"--workers {args.workers} / 1 process: {ratio_n:.2f}x (target >= 1.6)")
    result = {
        "bench": "extract",
        "docs": len(corpus),
        "words": words,
        "repeat": args.repeat,
        "seconds": {k: round(v, 3) for k, v in sec.items()},
        "runs": {k: [round(x, 3) for x in v] for k, v in runs.items()},
        "docs_per_s": {k: round(len(corpus) / v, 2) for k, v in sec.items()},
        "words_per_s": {k: round(words / v) for k, v in sec.items()},
        "ratio_extract_to_ner_only": round(ratio_1, 3),
        "cpu_seconds": {k: round(v, 3) for k, v in cpu.items()},
        "ratio_extract_to_ner_only_cpu": round(ratio_cpu, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()]
        if hasattr(os, "getloadavg")
        else None,
        "ratio_workers": round(ratio_n, 3),
        "workers": args.workers,
        "machine": machine,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
