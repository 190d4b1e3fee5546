"""Ingest throughput: 1,000 HTML pages and 1,000 text files into a fresh SQLite evidence base,
and a JSONL dump (20,000 headline/article rows) on SQLite and PostgreSQL, batched vs per document.

Prints a table and a final JSON line. The baseline is a plain loop that reads the same files
and hashes them with SHA-256, measured in the same run, so ratios compare like with like on
whatever machine runs this. A per-stage breakdown (extraction of HTML, language detection,
MinHash) shows where the time goes.

The dump case writes the same rows with the default batched path (200 documents per
transaction, COPY on PostgreSQL) and with one transaction per document (`batch_size=None`),
each into a fresh database, and reports the ratio. PostgreSQL is used when `--pg` (default
VEEDURIA_TEST_PG or postgresql://postgres@127.0.0.1:5432/test) is reachable: a database is
created for each run and dropped after it.

    .venv/bin/python bench/ingest.py [--docs 1000] [--dump-rows 20000] [--pg URL] [--keep DIR]
    .venv/bin/python bench/ingest.py --docs 0 --dump-rows 50000   # the dump case only
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
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def write_dump(path: Path, rows: int) -> None:
    """A JSONL export: headline, article, date, URL and language per row; 1 in 50 a wire copy."""
    rng = random.Random(20221207)
    with path.open("w", encoding="utf-8") as fh:
        previous = ""
        for i in range(rows):
            lang, words = ("en", EN) if i % 2 else ("es", ES)
            title, paragraphs = article(rng, words, n_words=300)
            text = "\n\n".join(paragraphs)
            if i % 50 == 49 and previous:
                text = title + ". " + previous  # a syndicated copy under another headline
            previous = text if i % 2 else previous
            row = {
                "title": title,
                "text": text,
                "published": f"2022-12-{1 + i % 28:02d}",
                "url": f"https://diario.example/{i}",
                "language": lang,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


@contextmanager
def fresh_database(kind: str, root: Path, pg_admin: str | None) -> Iterator[str]:
    """A URL of an empty database of this kind, removed afterwards."""
    if kind == "sqlite":
        db = root / f"dump-{uuid.uuid4().hex[:8]}.db"
        try:
            yield f"sqlite:///{db}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        return
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from veeduria.config import resolve_db_url

    assert pg_admin is not None
    admin = sa.create_engine(resolve_db_url(pg_admin), isolation_level="AUTOCOMMIT")
    name = f"veeduria_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(resolve_db_url(pg_admin)).set(database=name).render_as_string(False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def pg_reachable(url: str) -> bool:
    import sqlalchemy as sa

    from veeduria.config import resolve_db_url

    engine = sa.create_engine(resolve_db_url(url), connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return True
    except Exception:
        return False
    finally:
        engine.dispose()


def run_dump(url: str, dump: Path, batch_size: int | None) -> tuple[float, dict[str, int]]:
    from veeduria.ingest.pipeline import IngestOptions, ingest
    from veeduria.store import open_store

    store = open_store(url)
    store.upgrade()
    try:
        seconds, report = timed(
            partial(ingest, store, [str(dump)], IngestOptions(batch_size=batch_size))
        )
        return seconds, report.counts
    finally:
        store.close()


def dump_case(root: Path, rows: int, pg_admin: str | None) -> dict[str, dict[str, Any]]:
    dump = root / "dump.jsonl"
    write_dump(dump, rows)
    results: dict[str, dict[str, Any]] = {}
    for kind in ("sqlite", "postgresql"):
        if kind == "postgresql" and pg_admin is None:
            continue
        figures: dict[str, Any] = {"rows": rows, "dump_mb": round(dump.stat().st_size / 1e6, 1)}
        counts: list[dict[str, int]] = []
        for name, batch_size in (("batched", 200), ("per_document", None)):
            with fresh_database(kind, root, pg_admin) as url:
                seconds, run_counts = run_dump(url, dump, batch_size)
            counts.append(run_counts)
            figures[f"{name}_s"] = round(seconds, 2)
            figures[f"{name}_docs_per_s"] = round(rows / seconds, 1)
        assert counts[0] == counts[1], counts  # the same outcomes either way
        figures["counts"] = counts[0]
        figures["speed_up"] = round(figures["per_document_s"] / figures["batched_s"], 2)
        results[kind] = figures
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents per set")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--dump-rows", type=int, default=20000, help="rows of the JSONL dump")
    parser.add_argument(
        "--pg",
        default=os.environ.get("VEEDURIA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"),
        help="PostgreSQL maintenance URL for the dump case (skipped when unreachable)",
    )
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="veeduria-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, float]] = {}
    per_stage: dict[str, float] = {}
    dump: dict[str, dict[str, Any]] = {}
    # One-time start-up (imports: scipy via datasketch, trafilatura, lingua's models) is
    # measured apart, so the per-set figures are steady-state throughput.
    startup_s, _ = timed(warm_up)
    try:
        if args.docs > 0:
            results, per_stage = files_case(root, args.docs)
        if args.dump_rows > 0:
            dump = dump_case(root, args.dump_rows, args.pg if pg_reachable(args.pg) else None)
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
    if results:
        print_files(results, per_stage)
    if dump:
        print(f"JSONL dump, {args.dump_rows} rows, batched (200 per transaction) vs per document")
        print(
            f"{'backend':<12}{'batched s':>11}{'docs/s':>9}{'per doc s':>11}{'docs/s':>9}{'x':>7}"
        )
        for kind, r in dump.items():
            print(
                f"{kind:<12}{r['batched_s']:>11.2f}{r['batched_docs_per_s']:>9.1f}"
                f"{r['per_document_s']:>11.2f}{r['per_document_docs_per_s']:>9.1f}"
                f"{r['speed_up']:>6.2f}x"
            )
    print(f"start-up (imports, detector), once per process: {startup_s:.2f} s")
    print(
        json.dumps(
            {
                "bench": "ingest",
                "dump": dump,
                "machine": machine,
                "results": results,
                "stage_ms": per_stage,
                "startup_s": round(startup_s, 3),
            },
            sort_keys=True,
        )
    )


def files_case(root: Path, docs: int) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    html_dir, text_dir = generate(root, docs)
    results: dict[str, dict[str, float]] = {}
    for name, folder in (("html", html_dir), ("text", text_dir)):
        base_s, _ = timed(partial(baseline, folder))
        db = root / f"{name}.db"
        ingest_s, report = timed(partial(run_ingest, folder, db))
        counts = report.counts
        assert counts["ingested"] == docs, counts
        results[name] = {
            "documents": docs,
            "ingest_s": round(ingest_s, 3),
            "ingest_docs_per_s": round(docs / ingest_s, 1),
            "baseline_s": round(base_s, 4),
            "baseline_docs_per_s": round(docs / base_s, 1),
            "slowdown_vs_baseline": round(ingest_s / base_s, 1),
            "db_mb": round(db.stat().st_size / 1_048_576, 2),
        }
    per_stage = {k: round(v * 1000, 3) for k, v in stages(html_dir, text_dir).items()}
    return results, per_stage


def print_files(results: dict[str, dict[str, float]], per_stage: dict[str, float]) -> None:
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
    print("per document (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in per_stage.items()))


if __name__ == "__main__":
    main()
