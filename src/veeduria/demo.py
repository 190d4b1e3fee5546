"""Build the demo evidence base: the library side of `veeduria demo`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from veeduria.ingest.pipeline import ingest
from veeduria.nlp.run import run_extraction
from veeduria.sample import sample_files
from veeduria.store import open_store
from veeduria.store.resolution import resolve_store


def build_demo(
    out_path: Path, *, workers: int = 1, echo: Callable[[str], None] = print
) -> dict[str, int]:
    """Ingest, extract and resolve the sample corpus into a fresh SQLite file; return its stats."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    store = open_store(f"sqlite:///{out_path}")
    try:
        store.upgrade()
        files = [str(p) for p in sample_files()]
        echo(f"Ingesting {len(files)} sample articles …")
        report = ingest(store, files)
        for failure in report.failures:
            echo(f"  error: {failure.source}: {failure.detail}")
        counts = report.counts
        echo(
            f"  {counts['ingested']} ingested, {counts['syndicated']} syndicated copies, "
            f"{counts['duplicate']} duplicates, {counts['failed']} failed"
        )
        echo("Extracting claims …")
        extraction = run_extraction(store, workers=workers)
        echo(f"  {extraction.claims} claims from {extraction.documents} documents")
        for doc_id, reason in extraction.failed:
            echo(f"  error: document {doc_id}: {reason}")
        echo("Resolving actors and events across documents …")
        resolved = resolve_store(store)
        echo(
            f"  {resolved.actors} actors, {resolved.events} events "
            f"({resolved.multi_source_events} reported by two or more sources)"
        )
        return store.stats()
    finally:
        store.close()
