"""Ingest throughput: 1,000 HTML pages and 1,000 text files into a fresh SQLite evidence base.

Prints a table and a final JSON line. The baseline is a plain loop that reads the same files
and hashes them with SHA-256, measured in the same run, so ratios compare like with like on
whatever machine runs this. A per-stage breakdown (extraction of HTML, language detection,
MinHash) shows where the time goes.

    .venv/bin/python bench/ingest.py [--docs 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import platform
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

EN = [
    "the",
    "government",
    "army",
    "police",
    "protesters",
    "congress",
    "president",
    "minister",
    "company",
    "mining",
    "embassy",
    "statement",
    "killed",
    "wounded",
    "prosecutor",
    "investigation",
    "region",
    "city",
    "union",
    "farmers",
    "students",
    "decree",
    "state",
    "emergency",
    "curfew",
    "elections",
    "court",
    "constitution",
    "rights",
    "commission",
    "report",
    "witnesses",
    "families",
    "victims",
    "road",
    "blockade",
    "capital",
    "airport",
    "troops",
    "fired",
    "crowd",
    "announced",
    "support",
    "recognized",
    "interim",
    "regime",
    "coup",
    "power",
    "resigned",
    "arrested",
]
ES = [
    "el",
    "gobierno",
    "ejército",
    "policía",
    "manifestantes",
    "congreso",
    "presidente",
    "ministro",
    "empresa",
    "minera",
    "embajada",
    "comunicado",
    "muertos",
    "heridos",
    "fiscal",
    "investigación",
    "región",
    "ciudad",
    "sindicato",
    "campesinos",
    "estudiantes",
    "decreto",
    "estado",
    "emergencia",
    "toque",
    "de",
    "queda",
    "elecciones",
    "tribunal",
    "constitución",
    "derechos",
    "comisión",
    "informe",
    "testigos",
    "familias",
    "víctimas",
    "carretera",
    "bloqueo",
    "capital",
    "aeropuerto",
    "tropas",
    "dispararon",
    "multitud",
    "anunció",
    "apoyo",
    "reconoció",
    "interino",
    "régimen",
]


def article(rng: random.Random, words: list[str], n_words: int = 600) -> tuple[str, list[str]]:
    """A title and paragraphs of pseudo-news text; random enough not to be near-duplicates."""
    paragraphs: list[str] = []
    count = 0
    while count < n_words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            length = rng.randint(8, 22)
            sentence = " ".join(rng.choice(words) for _ in range(length))
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            count += length
        paragraphs.append(" ".join(sentences))
    title = " ".join(rng.choice(words) for _ in range(7)).capitalize()
    return title, paragraphs


def generate(root: Path, n: int) -> tuple[Path, Path]:
    rng = random.Random(20191110)
    html_dir, text_dir = root / "html", root / "text"
    html_dir.mkdir()
    text_dir.mkdir()
    for i in range(n):
        words = EN if i % 2 else ES
        title, paragraphs = article(rng, words)
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        (html_dir / f"page-{i:05d}.html").write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)} | Diario</title>"
            "<meta property='og:site_name' content='Diario Andino'>"
            "<meta name='author' content='Redacción'>"
            f"<meta property='article:published_time' content='2022-12-{1 + i % 28:02d}'>"
            "</head><body><nav><a href='/'>Inicio</a> <a href='/pais'>País</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{body}</article>"
            "<footer>© Diario Andino</footer></body></html>",
            encoding="utf-8",
        )
        title, paragraphs = article(rng, words)
        (text_dir / f"doc-{i:05d}.txt").write_text(
            title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8"
        )
    return html_dir, text_dir


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def warm_up() -> None:
    from veeduria.ingest.dedup import NearDuplicateIndex, minhash_of
    from veeduria.ingest.formats import read_document
    from veeduria.ingest.language import detect_language

    NearDuplicateIndex().best_match(minhash_of("warm up the signature code path"))
    detect_language("warm up the language detector with a sentence of text")
    read_document(b"<html><body><article><p>warm up</p></article></body></html>", "html", "-")


def baseline(folder: Path) -> int:
    """Read every file and hash it: the floor any ingest must stand on."""
    n = 0
    for path in sorted(folder.iterdir()):
        hashlib.sha256(path.read_bytes()).hexdigest()
        n += 1
    return n


def run_ingest(folder: Path, db: Path) -> Any:
    from veeduria.ingest.pipeline import ingest
    from veeduria.store import open_store

    store = open_store(f"sqlite:///{db}")
    store.upgrade()
    try:
        return ingest(store, [str(folder)])
    finally:
        store.close()


def stages(html_dir: Path, text_dir: Path) -> dict[str, float]:
    """Seconds per document for the costly steps, each measured alone."""
    from veeduria.ingest.dedup import minhash_of
    from veeduria.ingest.formats import read_document
    from veeduria.ingest.language import detect_language
    from veeduria.ingest.normalize import clean_text, text_sha256

    html_files = sorted(html_dir.iterdir())[:200]
    texts = [p.read_text(encoding="utf-8") for p in sorted(text_dir.iterdir())[:200]]
    detect_language("warm up the detector with a sentence of text")
    out: dict[str, float] = {}
    t, _ = timed(lambda: [read_document(p.read_bytes(), "html", str(p)) for p in html_files])
    out["html_extraction"] = t / len(html_files)
    t, _ = timed(lambda: [text_sha256(clean_text(s)) for s in texts])
    out["clean_and_hash"] = t / len(texts)
    t, _ = timed(lambda: [detect_language(s) for s in texts])
    out["language"] = t / len(texts)
    t, _ = timed(lambda: [minhash_of(s) for s in texts])
    out["minhash"] = t / len(texts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents per set")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="veeduria-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        html_dir, text_dir = generate(root, args.docs)
        # One-time start-up (imports: scipy via datasketch, trafilatura, lingua's models) is
        # measured apart, so the per-set figures are steady-state throughput.
        startup_s, _ = timed(warm_up)
        results: dict[str, dict[str, float]] = {}
        for name, folder in (("html", html_dir), ("text", text_dir)):
            base_s, _ = timed(partial(baseline, folder))
            db = root / f"{name}.db"
            ingest_s, report = timed(partial(run_ingest, folder, db))
            counts = report.counts
            assert counts["ingested"] == args.docs, counts
            results[name] = {
                "documents": args.docs,
                "ingest_s": round(ingest_s, 3),
                "ingest_docs_per_s": round(args.docs / ingest_s, 1),
                "baseline_s": round(base_s, 4),
                "baseline_docs_per_s": round(args.docs / base_s, 1),
                "slowdown_vs_baseline": round(ingest_s / base_s, 1),
                "db_mb": round(db.stat().st_size / 1_048_576, 2),
            }
        per_stage = {k: round(v * 1000, 3) for k, v in stages(html_dir, text_dir).items()}
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    machine = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }
    print(
        f"machine: {machine['platform']}, Python {machine['python']}, {machine['cpu_count']} CPUs"
    )
    header = (
        f"{'set':<6}{'docs':>6}{'ingest s':>10}{'docs/s':>9}{'baseline docs/s':>17}{'ratio':>8}"
    )
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(
            f"{name:<6}{r['documents']:>6}{r['ingest_s']:>10.2f}{r['ingest_docs_per_s']:>9.1f}"
            f"{r['baseline_docs_per_s']:>17.1f}{r['slowdown_vs_baseline']:>7.1f}x"
        )
    print(f"start-up (imports, detector), once per process: {startup_s:.2f} s")
    print("per document (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in per_stage.items()))
    print(
        json.dumps(
            {
                "bench": "ingest",
                "machine": machine,
                "results": results,
                "stage_ms": per_stage,
                "startup_s": round(startup_s, 3),
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main()
