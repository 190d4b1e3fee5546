"""Scale: ingest and extraction per document, store size and query p95 as the corpus grows.

Sizes mode (default): for each size (1k, 10k, 100k documents), article-length texts recombined
from the dev paragraphs (bench/extract.py's corpus, fixed seed, English and Spanish, about 400
words) go through the public library functions into a fresh store: `veeduria.ingest.pipeline
.ingest` (a JSONL file), then `veeduria.nlp.run.run_extraction` with `--workers N`: every
document (100k articles take about 1.5 hours with two workers on 2 CPUs). For a quick run,
`--max-extract N` extracts a random sample of `--sample` documents only at sizes above N: the
table says so and gives the sample's size; the queries then see the sample's events only. Then
ANALYZE, the store's size on disk (the SQLite file; PostgreSQL `pg_database_size` of its own
database) and the p95 of the web API (in-process FastAPI client, list cache off): timeline,
filtered timeline, search, network, event page. Prints a table, growth ratios per 10x, and a
final JSON line with the machine and the load.

Million mode (`--million`): a PostgreSQL store of 1,000,000 headline-length documents and as many
events with their claims (bench/synthetic.py), written with COPY through psycopg 3 into its own
database (`veeduria_scale_1m`, dropped at the end unless `--keep`), the event index rows
generated alongside and checked on a sample against `veeduria.store.event_index.index_rows`;
then VACUUM ANALYZE and the API's p95 for the timeline and search (target < 300 ms) and the
other reads.

    .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--backend sqlite|postgresql]
        [--workers 2] [--max-extract N] [--sample 1000] [--runs 20] [--pg URL] [--keep DIR]
        [--reuse]   (with --keep DIR: upgrade the kept SQLite stores and measure the queries again)
    .venv/bin/python bench/scale.py --million [--docs 1000000] [--pg URL] [--keep] [--reuse]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import DEV, build_corpus
from synthetic import TABLE_ORDER, batches, headline_store

from web import _pg_database

DEFAULT_PG = os.environ.get("VEEDURIA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
MILLION_DB = "veeduria_scale_1m"


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def p95(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)


# ------------------------------------------------------------------------------ queries


def api_requests(url: str, *, search: str, seed: int = 7) -> dict[str, list[str]]:
    """The requests measured, from what the store holds: the most common country and type for
    the filtered timeline, the actor named in most event actor claims (its page of the
    timeline reads the most events), random events for the event page."""
    import sqlalchemy as sa

    from veeduria.store import open_store
    from veeduria.store.schema import actor_aliases, claims, event_index

    store = open_store(url)
    with store.engine.connect() as conn:
        common = conn.execute(
            sa.select(event_index.c.country, event_index.c.type, sa.func.count().label("n"))
            .where(event_index.c.country.is_not(None))
            .group_by(event_index.c.country, event_index.c.type)
            .order_by(sa.text("n DESC"))
            .limit(1)
        ).first()
        keys = list(
            conn.execute(
                sa.select(event_index.c.key).order_by(event_index.c.sort_date).limit(5000)
            ).scalars()
        )
        busiest = conn.execute(
            sa.select(claims.c.value, sa.func.count().label("n"))
            .where(claims.c.subject_type == "event", claims.c.property == "actor")
            .group_by(claims.c.value)
            .order_by(sa.text("n DESC"))
            .limit(1)
        ).first()
        actor = None
        if busiest is not None:
            name = json.loads(busiest.value)["name"]
            actor = conn.execute(
                sa.select(actor_aliases.c.actor_id).where(actor_aliases.c.alias == name).limit(1)
            ).scalar()
    store.close()
    rng = random.Random(seed)
    pages = [f"/api/events/{k}" for k in rng.sample(keys, min(len(keys), 50))]
    requests = {
        "timeline": ["/api/timeline"],
        "timeline filtered": [
            f"/api/timeline?country={common.country}&type={common.type}" if common else ""
        ],
        "timeline actor": [f"/api/timeline?actor={actor}" if actor else ""],
        "search": [f"/api/search?q={search}"],
        "network": ["/api/network"],
        "event page": pages,
        "events list": ["/api/events?limit=50"],
    }
    return {name: paths for name, paths in requests.items() if paths and paths[0]}


def measure_api(url: str, requests: dict[str, list[str]], runs: int) -> dict[str, dict[str, Any]]:
    """p50/p95 in ms per request (list cache off, so every request does the full work)."""
    from fastapi.testclient import TestClient

    from veeduria.store import open_store
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

    store = open_store(url)
    app = create_app(WebSettings(db_url=url, list_cache_ttl_s=0.0), store=store)
    out: dict[str, dict[str, Any]] = {}
    with TestClient(app) as client:
        for name, paths in requests.items():
            first = client.get(paths[0])
            assert first.status_code == 200, (paths[0], first.text[:300])
            times = []
            for i in range(runs):
                t0 = time.perf_counter()
                response = client.get(paths[i % len(paths)])
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.text[:300]
            out[name] = {
                "p50": round(statistics.median(times), 1),
                "p95": p95(times),
                "path": paths[0],
            }
    store.close()
    return out


# ------------------------------------------------------------------------------ stores


def store_bytes(url: str) -> int:
    """The store's size on disk: the SQLite file (after a WAL checkpoint) or the database."""
    import sqlalchemy as sa

    from veeduria.store import open_store

    store = open_store(url)
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            size = int(
                conn.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
            )
        else:
            conn.execute(sa.text("PRAGMA wal_checkpoint(TRUNCATE)"))
            size = 0
    store.close()
    if size:
        return size
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def analyze(url: str, *, vacuum: bool = False) -> float:
    import sqlalchemy as sa

    from veeduria.config import resolve_db_url

    engine = sa.create_engine(resolve_db_url(url), isolation_level="AUTOCOMMIT")
    t0 = time.perf_counter()
    with engine.connect() as conn:
        if vacuum and conn.dialect.name == "postgresql":
            conn.execute(sa.text("VACUUM ANALYZE"))
        else:
            conn.execute(sa.text("ANALYZE"))
    engine.dispose()
    return time.perf_counter() - t0


def counts(url: str) -> dict[str, int]:
    import sqlalchemy as sa

    from veeduria.store import open_store
    from veeduria.store.schema import claims, documents, event_index, events

    store = open_store(url)
    with store.engine.connect() as conn:
        out = {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            for t in (documents, events, claims, event_index)
        }
    store.close()
    return out


# ------------------------------------------------------------------------------ sizes mode


def progress(total: int, started: float, what: str) -> Callable[[Any, int], None]:
    """A per-document callback that says, every 5% on stderr, how far a long run is, its rate
    and the time left (a full 100k extraction runs for more than an hour)."""
    step = max(1, total // 20)
    done = 0

    def on_document(_doc: Any, _claims: int) -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            rate = done / max(1e-9, time.perf_counter() - started)
            left = (total - done) / rate if rate else 0.0
            print(
                f"{what} {done:,}/{total:,} ({rate:.1f} docs/s, {left / 60:.0f} min left, "
                f"load {load()})",
                file=sys.stderr,
                flush=True,
            )

    return on_document


def run_size(n: int, url: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from veeduria.ingest.pipeline import ingest
    from veeduria.nlp.run import run_extraction
    from veeduria.store import open_store

    corpus = build_corpus(n, args.seed, args.dev)
    source = tmp / f"corpus-{n}.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for d in corpus:
            row = {"text": d["text"], "language": d["lang"], "published": d["published"]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    words = sum(len(d["text"].split()) for d in corpus)
    del corpus
    store = open_store(url)
    store.upgrade()
    t0 = time.perf_counter()
    report = ingest(store, [str(source)])
    ingest_s = time.perf_counter() - t0
    stored = report.new_ids
    sample: list[str] | None = None
    if n > args.max_extract:
        sample = random.Random(args.seed).sample(stored, min(args.sample, len(stored)))
    print(
        f"[{n}] ingested {len(stored)} in {ingest_s:.0f} s; extracting "
        f"{len(sample) if sample is not None else 'all'} (load {load()})",
        file=sys.stderr,
        flush=True,
    )
    t0 = time.perf_counter()
    extraction = run_extraction(
        store,
        workers=args.workers,
        document_ids=set(sample) if sample is not None else None,
        on_document=progress(n if sample is None else len(sample), t0, f"[{n}] extracted"),
    )
    extract_s = time.perf_counter() - t0
    store.close()
    extracted = int(extraction.documents)
    analyze(url)
    rows = counts(url)
    size = store_bytes(url)
    queries = measure_api(url, api_requests(url, search=args.search), args.runs)
    return {
        "docs": n,
        "words": words,
        "ingested": len(stored),
        "ingest_counts": report.counts,
        "ingest_s": round(ingest_s, 1),
        "ingest_ms_per_doc": round(1000 * ingest_s / max(1, n), 2),
        "extracted": extracted,
        "extract_sample": sample is not None,
        "extract_failed": len(extraction.failed),
        "extract_s": round(extract_s, 1),
        "extract_ms_per_doc": round(1000 * extract_s / max(1, extracted), 1),
        "rows": rows,
        "store_bytes": size,
        "queries": queries,
        "load_after": load(),
    }


def remeasure(n: int, url: str, args: argparse.Namespace) -> dict[str, Any]:
    """`--reuse`: upgrade a kept store to the current schema, ANALYZE it and measure the
    queries again (ingest and extraction are not re-run: their figures are absent)."""
    from veeduria.store import open_store

    store = open_store(url)
    store.upgrade()
    revision = store.schema_revision()
    store.close()
    analyze(url)
    return {
        "docs": n,
        "reused": True,
        "schema_revision": revision,
        "rows": counts(url),
        "store_bytes": store_bytes(url),
        "queries": measure_api(url, api_requests(url, search=args.search), args.runs),
        "load_after": load(),
    }


def growth(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ratios between consecutive sizes that differ 10x."""
    out = []
    for small, big in itertools.pairwise(results):
        if big["docs"] != 10 * small["docs"]:
            continue
        ratio: dict[str, Any] = {"from": small["docs"], "to": big["docs"]}
        for key in ("ingest_ms_per_doc", "extract_ms_per_doc", "store_bytes"):
            if small.get(key) and big.get(key):
                ratio[key] = round(big[key] / small[key], 2)
        for name, q in big["queries"].items():
            if name in small["queries"] and small["queries"][name]["p95"]:
                ratio[f"p95 {name}"] = round(q["p95"] / small["queries"][name]["p95"], 2)
        out.append(ratio)
    return out


def sizes_mode(args: argparse.Namespace) -> dict[str, Any]:
    if not args.dev.exists():
        raise SystemExit(f"{args.dev} is not there (the shared evaluation texts are needed)")
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes:
            if args.reuse:
                if args.keep is None:
                    raise SystemExit("--reuse measures the stores kept with --keep DIR")
                url = f"sqlite:///{args.keep / f'scale-{n}.db'}"
                results.append(remeasure(n, url, args))
                print(json.dumps(results[-1]), file=sys.stderr, flush=True)
                continue
            if args.backend == "postgresql":
                url, drop = _pg_database(args.pg)
            else:
                folder = args.keep or tmp
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"scale-{n}.db"
                for old in folder.glob(path.name + "*"):
                    old.unlink()
                url, drop = f"sqlite:///{path}", None
            try:
                results.append(run_size(n, url, args, tmp))
            finally:
                if drop is not None and args.keep is None:
                    drop()
                elif args.keep is None:
                    for old in tmp.glob(f"scale-{n}.db*"):
                        old.unlink()
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    names = list(results[0]["queries"]) if results else []
    print(
        f"{args.backend}, --workers {args.workers}; p95 ms over {args.runs} requests; "
        f"{machine()['platform']}, {os.cpu_count()} CPUs; load {load()}"
    )
    header = f"{'docs':>8} {'ingest ms/doc':>13} {'extract ms/doc':>15} {'extracted':>18} {'MB':>8}"
    print(header + "".join(f" {n[:17]:>17}" for n in names))
    for r in results:
        if r.get("reused"):
            what = "(kept store)"
        elif r["extract_sample"]:
            what = f"sample {r['extracted']:,}"
        else:
            what = f"all {r['extracted']:,}"
        line = (
            f"{r['docs']:>8,} {r.get('ingest_ms_per_doc', '-'):>13}"
            f" {r.get('extract_ms_per_doc', '-'):>15}"
            f" {what:>18} {r['store_bytes'] / 2**20:>8.1f}"
        )
        print(line + "".join(f" {r['queries'].get(n, {}).get('p95', '-'):>17}" for n in names))
    ratios = growth(results)
    for g in ratios:
        print(
            f"x10 {g['from']:,} -> {g['to']:,}: "
            + ", ".join(f"{k} {v}" for k, v in g.items() if k not in ("from", "to"))
        )
    return {
        "bench": "scale",
        "backend": args.backend,
        "workers": args.workers,
        "runs": args.runs,
        "results": results,
        "growth_per_10x": ratios,
        "machine": machine(),
        "load_average": load(),
    }


# ------------------------------------------------------------------------------ million mode


def _admin_engine(admin: str) -> Any:
    import sqlalchemy as sa

    from veeduria.config import resolve_db_url

    return sa.create_engine(resolve_db_url(admin), isolation_level="AUTOCOMMIT")


def copy_store(url: str, n_docs: int, seed: int) -> dict[str, Any]:
    """COPY the synthetic rows into the (upgraded, empty) database; rows and seconds."""
    import psycopg
    from sqlalchemy.engine import make_url

    from veeduria.config import resolve_db_url

    conninfo = make_url(resolve_db_url(url)).set(drivername="postgresql")
    rows = dict.fromkeys(TABLE_ORDER, 0)
    t0 = time.perf_counter()
    with psycopg.connect(conninfo.render_as_string(hide_password=False)) as conn:
        for batch in batches(headline_store(n_docs, seed=seed), 50_000):
            with conn.cursor() as cur:
                for table in TABLE_ORDER:
                    items = batch[table]
                    if not items:
                        continue
                    columns = list(items[0])
                    names = ", ".join(f'"{c}"' for c in columns)
                    with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for item in items:
                            copy.write_row([item[c] for c in columns])
                    rows[table] += len(items)
            conn.commit()
            print(
                f"  {rows['documents']:,} documents, {rows['claims']:,} claims "
                f"({time.perf_counter() - t0:.0f} s, load {load()})",
                file=sys.stderr,
                flush=True,
            )
    return {"rows": rows, "seconds": round(time.perf_counter() - t0, 1)}


def check_index_sample(url: str, n: int = 300, seed: int = 7) -> int:
    """Compare `n` random generated event_index rows with `index_rows`, and the clusters'
    generated facets with `facet_rows`; returns mismatches."""
    import sqlalchemy as sa

    from veeduria.store import open_store
    from veeduria.store.event_index import facet_rows, index_rows
    from veeduria.store.schema import event_facets, event_index

    store = open_store(url)
    with store.engine.connect() as conn:
        total = int(conn.execute(sa.select(sa.func.count()).select_from(event_index)).scalar_one())
        offsets = random.Random(seed).sample(range(total), min(n, total))
        keys = [
            conn.execute(
                sa.select(event_index.c.key).order_by(event_index.c.key).offset(o).limit(1)
            ).scalar_one()
            for o in offsets[:50]
        ]
        stored = {
            r.key: dict(r._mapping)
            for r in conn.execute(sa.select(event_index).where(event_index.c.key.in_(keys)))
        }
        computed = {r["key"]: r for r in index_rows(conn, keys)}
        clusters = [key for key in keys if not stored[key]["simple"]]
        clusters += list(
            conn.execute(
                sa.select(event_index.c.key).where(event_index.c.simple == sa.false()).limit(20)
            ).scalars()
        )
        stored_facets = {
            tuple(r)
            for r in conn.execute(sa.select(event_facets).where(event_facets.c.key.in_(clusters)))
        }
        computed_facets = {(r["facet"], r["value"], r["key"]) for r in facet_rows(conn, clusters)}
    store.close()
    bad = 0
    for key in keys:
        a, b = stored[key], computed.get(key)
        if b is None or any(a[f] != b[f] for f in a if f != "updated_at"):
            bad += 1
            print(f"  index row differs: {key}: {a} vs {b}", file=sys.stderr)
    if stored_facets != computed_facets:
        bad += 1
        print(f"  facets differ: {sorted(stored_facets ^ computed_facets)[:6]}", file=sys.stderr)
    return bad


def million_mode(args: argparse.Namespace) -> dict[str, Any]:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from veeduria.config import resolve_db_url
    from veeduria.store import open_store

    admin = _admin_engine(args.pg)
    if not args.reuse:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{MILLION_DB}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{MILLION_DB}"'))
    url = make_url(resolve_db_url(args.pg)).set(database=MILLION_DB)
    url_text = url.render_as_string(hide_password=False)
    disk_before = shutil.disk_usage("/").free
    result: dict[str, Any] = {"bench": "scale-million", "docs": args.docs, "database": MILLION_DB}
    try:
        store = open_store(url_text)
        store.upgrade()  # with --reuse: brings a kept store to the current schema
        result["schema_revision"] = store.schema_revision()
        store.close()
        if not args.reuse:
            result["copy"] = copy_store(url_text, args.docs, args.seed)
            result["vacuum_analyze_s"] = round(analyze(url_text, vacuum=True), 1)
            result["disk_used_bytes"] = disk_before - shutil.disk_usage("/").free
        result["index_rows_checked"] = 50
        result["index_rows_differing"] = check_index_sample(url_text)
        result["store_bytes"] = store_bytes(url_text)
        result["rows"] = counts(url_text)
        requests = api_requests(url_text, search=args.search_million)
        requests["search, rare name"] = ["/api/search?q=Condori+4321"]
        result["queries"] = measure_api(url_text, requests, args.runs)
    finally:
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{MILLION_DB}" WITH (FORCE)'))
        admin.dispose()
    print(
        f"PostgreSQL, {args.docs:,} headline documents and events; p95 ms over {args.runs} "
        f"requests; load {load()}; {machine()['platform']}, {os.cpu_count()} CPUs"
    )
    if "copy" in result:
        print(f"COPY {result['copy']['seconds']} s, VACUUM ANALYZE {result['vacuum_analyze_s']} s")
    print(f"database {result['store_bytes'] / 2**30:.2f} GiB; rows {result['rows']}")
    print(f"{'request':<22} {'p50':>8} {'p95':>8}  target")
    for name, q in result["queries"].items():
        target = ""
        if name in ("timeline", "timeline filtered", "search", "search, rare name"):
            target = "< 300: " + ("met" if q["p95"] < 300 else "NOT met")
        print(f"{name:<22} {q['p50']:>8} {q['p95']:>8}  {target}")
    result.update({"machine": machine(), "load_average": load(), "runs": args.runs})
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--max-extract",
        type=int,
        default=1_000_000,
        help="above this size, extract a sample only (for quick runs; default: extract all)",
    )
    ap.add_argument("--sample", type=int, default=1000, help="documents extracted above max")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--search", default="protesters", help="the search request's words")
    ap.add_argument("--pg", default=DEFAULT_PG, help="maintenance URL (creates databases)")
    ap.add_argument("--keep", type=Path, nargs="?", const=Path("."), default=None)
    ap.add_argument("--million", action="store_true", help="the 1M PostgreSQL store instead")
    ap.add_argument("--docs", type=int, default=1_000_000, help="with --million")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="measure the queries again on kept stores (--keep DIR; with --million its database)",
    )
    ap.add_argument("--search-million", default="police+protesters")
    args = ap.parse_args(argv)
    result = million_mode(args) if args.million else sizes_mode(args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
