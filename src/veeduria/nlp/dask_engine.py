"""`veeduria extract --engine dask`: per-document extraction as tasks on Dask distributed,
written into PostgreSQL by the workers themselves.

The client lists the documents the extractor's current version has not seen and submits tasks
over batches of their ids (never their texts, so the scheduler does not carry the corpus). Each
task, on a worker, opens the store itself (once per worker process), reads its documents, runs
the extractor (`veeduria.nlp.run.extract_batch`: `extract_many` for the rules extractor) and
writes the batch with `save_extractions` in one transaction (`save_batch_outcomes`), so the
workers write in parallel and a batch is stored whole or not at all.

Fault tolerance rests on the store: claim ids are content hashes, every insert skips what is
already there, and `extraction_runs` records each (document, extractor, version) once. A task
whose worker dies is run again by Dask on another worker; the retry reads only the documents of
its batch that are still unextracted (those a dead attempt committed are reported with the
claims they wrote then), so nothing is written twice, whether the worker died before, during
(the transaction is rolled back) or after the commit.

SQLite is refused: it has a single writer, and the local engine (`veeduria extract --workers N`)
already writes it from one process while extracting in several.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from veeduria.nlp.run import (
    BATCH,
    ExtractReport,
    extract_batch,
    extractor_identity,
    failure_reason,
    record_outcome,
    save_batch_outcomes,
)
from veeduria.types import DocumentInput

if TYPE_CHECKING:
    from veeduria.nlp.backends import Backend
    from veeduria.store.sql import SQLStore

__all__ = ["DaskEngineError", "local_cluster", "run_extraction_dask"]

#: Called once per document as its batch comes back: (document id, claims written).
DocumentCallback = Callable[[str, int], None]

#: What one task sends back: per document (id, claims written or why it failed), and the
#: claims the backend rejected as (document id, reason).
TaskResult = tuple[list[tuple[str, int | str]], list[tuple[str, str]]]

INSTALL_HINT = "install the 'dask' extra: pip install 'veeduria[dask]' (make install-dev has it)"
SQLITE_REFUSED = (
    "--engine dask writes from every worker at once, and SQLite has a single writer: "
    "use a PostgreSQL database (--db postgresql://…), or the local engine "
    "(veeduria extract --workers N), which extracts in N processes and writes from one"
)

#: Environment variables Dask's nanny sets before it starts a worker process (None: unset).
PRE_SPAWN_ENVIRON = "distributed.nanny.pre-spawn-environ"


class DaskEngineError(RuntimeError):
    """The Dask engine cannot run here; the message says why and what to do instead."""


def run_extraction_dask(
    store_url: str,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    client: Any = None,
    limit: int | None = None,
    document_ids: set[str] | None = None,
    on_document: DocumentCallback | None = None,
    backend: Backend | None = None,
    batch_size: int = BATCH,
    retries: int = 2,
) -> ExtractReport:
    """Extract every document the backend's current version has not seen, as Dask tasks.

    Without `scheduler` or `client` it starts a `distributed.LocalCluster` of `workers`
    processes (one thread each) and stops it at the end; with `scheduler` (an address such as
    tcp://host:8786) it uses that cluster's workers, which must have veeduria installed and
    reach the database at `store_url`; with `client` (a `distributed.Client`) it runs on it.
    `retries` is how often a task that raised is tried again; a task whose worker died is
    rescheduled by Dask (up to `distributed.scheduler.allowed-failures` times).
    Returns the same report as `veeduria.nlp.run.run_extraction`.
    """
    distributed = _distributed()
    name, version = extractor_identity(backend)
    report = ExtractReport(extractor=name, version=version)
    url, ids = _plan(store_url, name, version, limit)
    ids = [i for i in ids if document_ids is None or i in document_ids]
    if not ids:
        return report
    batches = [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]
    with _client(distributed, client, scheduler, workers) as dask_client:
        for outcome in _run_batches(distributed, dask_client, url, batches, backend, retries):
            results, rejected = outcome
            report.rejected.extend(rejected)
            for doc_id, result in results:
                written = record_outcome(report, doc_id, result)
                if on_document is not None:
                    on_document(doc_id, written)
    return report


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise DaskEngineError(f"--engine dask needs Dask distributed: {INSTALL_HINT}") from exc
    return distributed


def _plan(store_url: str, extractor: str, version: str, limit: int | None) -> tuple[str, list[str]]:
    """The store's resolved URL, and the ids of the documents `documents_to_extract` would
    yield, in its order, without reading their texts. SQLite is refused here, before any
    cluster starts; so is a database whose schema is not current."""
    from veeduria.store import open_store
    from veeduria.store.schema import documents

    store = open_store(store_url, must_exist=True)
    try:
        if store.engine.dialect.name == "sqlite":
            raise DaskEngineError(SQLITE_REFUSED)
        store.check_schema()
        with store.engine.connect() as conn:
            ids = conn.execute(
                sa.select(documents.c.id)
                .where(documents.c.source_kind != "dataset", ~_extracted(extractor, version))
                .order_by(documents.c.id)
                .limit(limit)
            ).scalars()
            return store.url, list(ids)
    finally:
        store.close()


def _extracted(extractor: str, version: str) -> sa.Exists:
    from veeduria.store.schema import documents, extraction_runs

    return sa.exists().where(
        extraction_runs.c.document_id == documents.c.id,
        extraction_runs.c.extractor == extractor,
        extraction_runs.c.version == version,
    )


@contextmanager
def _client(distributed: Any, client: Any, scheduler: str | None, workers: int) -> Iterator[Any]:
    """The given client, a client of the cluster at `scheduler`, or of a new LocalCluster."""
    if client is not None:
        yield client
        return
    if scheduler is not None:
        try:
            connected = distributed.Client(scheduler)
        except (OSError, ValueError) as exc:  # refused, timed out, or not an address
            raise DaskEngineError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or leave out "
                "--scheduler to start a local cluster"
            ) from exc
        with connected:
            yield connected
        return
    with local_cluster(workers) as cluster, distributed.Client(cluster) as local:
        yield local


def local_cluster(workers: int) -> Any:
    """A `distributed.LocalCluster` of `workers` processes with one thread each (the rules
    extractor is CPU-bound and holds the GIL), without the dashboard (it needs bokeh).

    Dask starts worker processes with MALLOC_TRIM_THRESHOLD_=65536, which makes glibc hand
    freed memory back to the system eagerly; spaCy allocates and frees so much per document
    that this cost about a fifth more CPU per document (measured: bench/dask_extract.py), so
    these workers keep glibc's default, as the local engine's processes do."""
    import dask

    distributed = _distributed()
    with dask.config.set({f"{PRE_SPAWN_ENVIRON}.MALLOC_TRIM_THRESHOLD_": None}):
        return distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )


def _run_batches(
    distributed: Any,
    client: Any,
    url: str,
    batches: list[list[str]],
    backend: Backend | None,
    retries: int,
) -> Iterator[TaskResult]:
    """Submit the batches, keeping about two per worker thread in flight, and yield each
    result as it completes (a batch whose task failed for good: every document failed)."""
    run = uuid.uuid4().hex[:8]
    todo = iter(enumerate(batches))
    submitted: dict[Any, list[str]] = {}
    finished = distributed.as_completed()

    def submit_more() -> None:
        wanted = max(4, 2 * sum(client.nthreads().values()))
        for i, batch in todo:
            future = client.submit(
                _extract_task,
                url,
                batch,
                backend,
                key=f"veeduria-extract-{run}-{i}",
                retries=retries,
            )
            submitted[future] = batch
            finished.add(future)
            if len(submitted) >= wanted:
                return

    submit_more()
    for future in finished:
        batch = submitted.pop(future)
        try:
            outcome: TaskResult = future.result()
        except Exception as exc:  # retries spent, or the task's workers kept dying
            outcome = ([(doc_id, failure_reason(exc)) for doc_id in batch], [])
        future.release()
        yield outcome
        submit_more()


# -- on the workers -----------------------------------------------------------------------

_stores: dict[str, SQLStore] = {}
_stores_lock = threading.Lock()


def _worker_store(url: str) -> SQLStore:
    """The store at `url`, opened once per worker process and kept for its later tasks."""
    from veeduria.store import open_store

    with _stores_lock:
        store = _stores.get(url)
        if store is None:
            store = _stores[url] = open_store(url)
        return store


def _extract_task(url: str, ids: list[str], backend: Backend | None) -> TaskResult:
    """One batch, on a worker: read the documents not yet extracted, extract, write them in
    one transaction. Documents that are already extracted (a retry after an attempt that
    committed, or another run) are reported with the claims their extraction wrote."""
    store = _worker_store(url)
    name, version = extractor_identity(backend)
    docs, done = _read_batch(store, ids, name, version)
    outcomes, rejected = extract_batch(docs, backend)
    saved = dict(zip((d.id for d in docs), save_batch_outcomes(store, outcomes), strict=True))
    results: list[tuple[str, int | str]] = []
    for doc_id in ids:
        if doc_id in saved:
            results.append((doc_id, saved[doc_id]))
        elif doc_id in done:
            results.append((doc_id, done[doc_id]))
        else:
            results.append((doc_id, "LookupError: the document is no longer in the store"))
    return results, rejected


def _read_batch(
    store: SQLStore, ids: list[str], extractor: str, version: str
) -> tuple[list[DocumentInput], dict[str, int]]:
    """The batch's documents still to extract, and the claims written for those already done."""
    from veeduria.store.schema import documents, extraction_runs

    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(documents.c.id, documents.c.text, documents.c.language, documents.c.published)
            .where(documents.c.id.in_(ids), ~_extracted(extractor, version))
            .order_by(documents.c.id)
        ).all()
        done = conn.execute(
            sa.select(extraction_runs.c.document_id, extraction_runs.c.claims_written).where(
                extraction_runs.c.document_id.in_(ids),
                extraction_runs.c.extractor == extractor,
                extraction_runs.c.version == version,
            )
        ).all()
    docs = [
        DocumentInput(id=r.id, text=r.text, language=r.language, published=r.published)
        for r in rows
    ]
    return docs, {r.document_id: r.claims_written for r in done}
