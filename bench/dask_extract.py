"""Extraction into PostgreSQL: the local engine against the Dask engine.

Builds the same article-length texts as bench/extract.py (paragraphs of ../shared/eval/dev.jsonl
recombined, fixed seed) and, for each configuration, stores them unextracted in a fresh
PostgreSQL database (not timed) and extracts them all:

- local, 1 process: `run_extraction(store)`, the models loaded in this process beforehand;
- local, --workers N: `run_extraction(store, workers=N)`; the pool's start and its workers'
  model loads are inside the time (as in bench/extract.py);
- dask, 1 and N workers: `run_extraction_dask` on a `LocalCluster` of that many processes (one
  thread each). "run" is timed on a started cluster whose workers have loaded their models;
  "with start-up" adds the cluster's start and the model loads, the figure to set beside the
  local pool's.

Prints a table (medians over --repeat rounds), the lowest and highest load average seen around
each kind of run, the CPU seconds each run took (on a shared machine the steadier figure: the
same CPU time for N workers as for one means the work spreads over N idle cores), and a final
JSON line. Targets: dask N workers >= 1.6x dask 1
worker; dask N workers within 15% of local --workers N.

    .venv/bin/python bench/dask_extract.py [--docs 400] [--repeat 1] [--workers 2] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from extract import DEV, add_corpus, prepare

DEFAULT_PG = os.environ.get("VEEDURIA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def load() -> float:
    return os.getloadavg()[0]


@contextmanager
def fresh_database(admin_url: str, corpus: list[dict[str, Any]]) -> Iterator[str]:
    """A new PostgreSQL database holding the corpus unextracted; dropped afterwards."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from veeduria.config import resolve_db_url
    from veeduria.store import open_store

    name = f"veeduria_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(resolve_db_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(resolve_db_url(admin_url)).set(database=name).render_as_string(False)
    try:
        with open_store(url) as store:
            store.upgrade()
            add_corpus(store, corpus)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(
    run: Callable[[], Any], expected: int, cpu: Callable[[], float] | None = None
) -> dict[str, Any]:
    """Wall seconds, claims, load average before and after; with `cpu` (cumulative CPU
    seconds of the processes doing the work), the CPU seconds the run took: on a shared
    machine the steadier figure."""
    before, cpu0 = load(), cpu() if cpu else 0.0
    t0 = time.perf_counter()
    report = run()
    seconds = time.perf_counter() - t0
    if report.documents != expected or report.failed:
        print(
            f"warning: extracted {report.documents} of {expected}, failed {report.failed[:3]}",
            file=sys.stderr,
        )
    row = {"seconds": seconds, "claims": report.claims, "load": [before, load()]}
    if cpu is not None:
        row["cpu"] = cpu() - cpu0
    return row


def local(url: str, workers: int, expected: int) -> dict[str, Any]:
    """The local engine; CPU time is counted in-process only (the pool's workers are the
    forkserver's children, not this process's)."""
    from veeduria.nlp.run import run_extraction
    from veeduria.store import open_store

    with open_store(url) as store:
        run = lambda: run_extraction(store, workers=workers)  # noqa: E731
        return measure(run, expected, time.process_time if workers == 1 else None)


def _worker_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def dask(url: str, workers: int, expected: int) -> dict[str, Any]:
    """The Dask engine on a warm LocalCluster; CPU time is the client's and the workers'."""
    import distributed

    from veeduria.nlp.dask_engine import local_cluster, run_extraction_dask
    from veeduria.nlp.run import _warm_up

    t0 = time.perf_counter()
    with local_cluster(workers) as cluster, distributed.Client(cluster) as client:
        client.run(_warm_up)
        startup = time.perf_counter() - t0

        def cpu() -> float:
            return time.process_time() + sum(client.run(_worker_cpu).values())

        row = measure(lambda: run_extraction_dask(url, client=client), expected, cpu)
    row["startup"] = startup
    return row


def median_row(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each figure over the rounds; the load as the lowest and highest seen."""
    out: dict[str, Any] = {
        k: statistics.median(r[k] for r in rows) for k in rows[0] if k not in ("load", "claims")
    }
    out["claims"] = rows[0]["claims"] if len({r["claims"] for r in rows}) == 1 else None
    out["load"] = [min(min(r["load"]) for r in rows), max(max(r["load"]) for r in rows)]
    out["rounds"] = [{"seconds": r["seconds"], "cpu": r.get("cpu")} for r in rows]
    return out


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(row), parse_float=lambda x: round(float(x), 2))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2, help="the pool and cluster size")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of the four runs (median)")
    ap.add_argument("--pg", default=DEFAULT_PG, help="maintenance URL that may create databases")
    ap.add_argument("--dev", type=Path, default=DEV, help="the dev texts (JSON lines)")
    args = ap.parse_args(argv)
    prepared = prepare(args.docs, args.seed, args.dev)
    if prepared is None:
        return 0
    corpus, words = prepared
    n = args.workers
    runs: dict[str, tuple[Callable[[str, int, int], dict[str, Any]], int]] = {
        "local_1": (local, 1),
        f"local_{n}": (local, n),
        "dask_1": (dask, 1),
        f"dask_{n}": (dask, n),
    }
    measured: dict[str, list[dict[str, Any]]] = {key: [] for key in runs}
    for _ in range(args.repeat):  # interleaved, so a burst of load hits every kind of run
        for key, (fn, workers) in runs.items():
            with fresh_database(args.pg, corpus) as url:
                measured[key].append(fn(url, workers, len(corpus)))
    rows = {key: median_row(r) for key, r in measured.items()}
    sec = {k: r["seconds"] for k, r in rows.items()}
    full = {k: r["seconds"] + r.get("startup", 0.0) for k, r in rows.items()}
    scaling = sec["dask_1"] / sec[f"dask_{n}"]
    scaling_full = full["dask_1"] / full[f"dask_{n}"]
    vs_local = full[f"dask_{n}"] / full[f"local_{n}"]
    machine = {"platform": platform.platform(), "cpus": os.cpu_count()}
    print(
        f"{len(corpus)} documents, {words} words, PostgreSQL; {machine['platform']}, "
        f"{machine['cpus']} CPUs, Python {platform.python_version()}"
    )
    print(
        f"{'run':<10} {'seconds':>8} {'docs/s':>7} {'start-up':>9} {'total':>7} {'CPU s':>7}"
        "  load 1 min"
    )
    for key, r in rows.items():
        start = f"{r['startup']:.1f}" if "startup" in r else "-"
        cpu = f"{r['cpu']:.1f}" if "cpu" in r else "-"
        print(
            f"{key:<10} {r['seconds']:>8.1f} {len(corpus) / r['seconds']:>7.1f} {start:>9} "
            f"{full[key]:>7.1f} {cpu:>7}  {r['load'][0]:.1f} to {r['load'][1]:.1f}"
        )
    print(
        f"dask {n} / dask 1: {scaling:.2f}x run, {scaling_full:.2f}x with start-up (target >= 1.6)"
    )
    print(f"dask {n} / local --workers {n}, both with start-up: {vs_local:.2f} (target <= 1.15)")
    print(
        f"CPU s per document: local 1 process {rows['local_1']['cpu'] / len(corpus):.3f}, "
        f"dask 1 worker {rows['dask_1']['cpu'] / len(corpus):.3f}, "
        f"dask {n} workers {rows[f'dask_{n}']['cpu'] / len(corpus):.3f}"
    )
    same = (
        None not in {r["claims"] for r in rows.values()}
        and len({r["claims"] for r in rows.values()}) == 1
    )
    print("claims written: " + ("the same in every run" if same else str(rows)))
    print(
        json.dumps(
            {
                "bench": "dask_extract",
                "docs": len(corpus),
                "words": words,
                "workers": n,
                "runs": {k: _rounded(r) for k, r in rows.items()},
                "total_seconds": {k: round(v, 2) for k, v in full.items()},
                "ratio_dask_scaling": round(scaling, 3),
                "ratio_dask_scaling_with_startup": round(scaling_full, 3),
                "ratio_dask_to_local": round(vs_local, 3),
                "machine": machine,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
