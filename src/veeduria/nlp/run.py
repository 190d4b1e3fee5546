"""Run an extractor backend over stored documents: in-process, in worker processes, or (for a
backend that waits on a server) in worker threads.

Extraction of one document is a pure function (`veeduria.nlp.extractor.extract` by default, or
another backend from `veeduria.nlp.backends`); this module only feeds it documents and hands the
results to the store. The store is written from the
calling process alone, so SQLite keeps a single writer, and each document's claims land in one
transaction: a crash loses at most the documents in flight, and the next run picks them up.

The pieces that turn a batch of documents into stored claims (`extract_batch`,
`save_batch_outcomes`, `record_outcome`) are shared with the Dask engine
(`veeduria.nlp.dask_engine`), whose tasks run them on the workers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

from veeduria.nlp.backends import Backend, BackendResult, RulesBackend
from veeduria.store.api import Store
from veeduria.types import DocumentInput, Extraction

ProgressCallback = Callable[[DocumentInput, int], None]


@dataclass
class ExtractReport:
    """What one extraction run did."""

    extractor: str
    version: str
    documents: int = 0
    claims: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)
    # Claims (or values) a backend rejected, never stored: (document id, "what: why").
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "extractor": self.extractor,
            "version": self.version,
            "documents": self.documents,
            "claims": self.claims,
            "failed": [{"document": d, "reason": r} for d, r in self.failed],
            "rejected": [{"document": d, "reason": r} for d, r in self.rejected],
        }


def extractor_identity(backend: Backend | None = None) -> tuple[str, str]:
    """The (name, version) written into every claim this extractor produces."""
    if backend is None:
        from veeduria.nlp.extractor import EXTRACTOR_NAME, EXTRACTOR_VERSION

        return EXTRACTOR_NAME, EXTRACTOR_VERSION
    return backend.name, backend.version


def _extract_one(doc: DocumentInput) -> Extraction:
    from veeduria.nlp.extractor import extract

    return extract(doc)


def _extract_with(backend: Backend, doc: DocumentInput) -> BackendResult:
    return backend.extract(doc)


# Documents per batch for the rules extractor: their lines are parsed in one `nlp.pipe`, a
# worker gets them in one message, and the store writes them in one transaction.
BATCH = 8


def _extract_batch(docs: list[DocumentInput]) -> list[Extraction | BaseException]:
    """`extract_many` over a batch; when it fails, one by one, so only the bad document fails."""
    from veeduria.nlp.extractor import extract_many

    try:
        return list(extract_many(docs))
    except Exception:
        return [_safe_extract(d) for d in docs]


def extract_batch(
    docs: list[DocumentInput], backend: Backend | None = None
) -> tuple[list[Extraction | BaseException], list[tuple[str, str]]]:
    """The backend over a batch, in this process: per document its extraction or why it
    failed, and the claims the backend rejected as (document id, reason). The rules extractor
    parses the batch with `extract_many`; other backends take one document at a time."""
    if backend is None or isinstance(backend, RulesBackend):
        return _extract_batch(docs), []
    rejected: list[tuple[str, str]] = []
    outcomes = [_unwrap(d, _safe_backend_extract(d, backend), rejected) for d in docs]
    return outcomes, rejected


def _unwrap(
    doc: DocumentInput,
    result: Extraction | BackendResult | BaseException,
    rejected: list[tuple[str, str]],
) -> Extraction | BaseException:
    """The extraction inside a backend's result; its rejections go into `rejected`."""
    if isinstance(result, BackendResult):
        rejected.extend((doc.id, r) for r in result.rejections)
        return result.extraction
    return result


def failure_reason(exc: BaseException) -> str:
    """How a failed document is reported: "ExceptionType: message"."""
    return f"{type(exc).__name__}: {exc}"


def save_batch_outcomes(
    store: Store, outcomes: list[Extraction | BaseException]
) -> list[int | str]:
    """Save a batch's extractions (in one transaction when the store can) and say, per
    document in order, how many claims it wrote or why it failed (extraction or save)."""
    counts = iter(_save_batch(store, [o for o in outcomes if not isinstance(o, BaseException)]))
    saved = [o if isinstance(o, BaseException) else next(counts) for o in outcomes]
    return [failure_reason(s) if isinstance(s, BaseException) else s for s in saved]


def record_outcome(report: ExtractReport, doc_id: str, outcome: int | str) -> int:
    """Count one document in the report: claims written (returned), or why it failed."""
    if isinstance(outcome, str):
        report.failed.append((doc_id, outcome))
        return 0
    report.documents += 1
    report.claims += outcome
    return outcome


def _batches(docs: list[DocumentInput]) -> Iterator[list[DocumentInput]]:
    for i in range(0, len(docs), BATCH):
        yield docs[i : i + BATCH]


def _extract_batched(
    docs: list[DocumentInput], workers: int
) -> Iterator[list[tuple[DocumentInput, Extraction | BaseException]]]:
    """The rules extractor over batches of documents, in order: in-process or in a pool of
    worker processes (a bounded number of batches in flight)."""
    if workers <= 1:
        for batch in _batches(docs):
            yield list(zip(batch, _extract_batch(batch), strict=True))
        return
    ctx = get_context("forkserver" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_up) as pool:
        pending: list[tuple[list[DocumentInput], Future[list[Extraction | BaseException]]]] = []
        for batch in _batches(docs):
            pending.append((batch, pool.submit(_extract_batch, batch)))
            if len(pending) >= workers * 2:
                yield _collect_batch(*pending.pop(0))
        for batch, future in pending:
            yield _collect_batch(batch, future)


def _collect_batch(
    batch: list[DocumentInput], future: Future[list[Extraction | BaseException]]
) -> list[tuple[DocumentInput, Extraction | BaseException]]:
    try:
        return list(zip(batch, future.result(), strict=True))
    except Exception as exc:  # the worker died: every document of the batch failed
        return [(d, exc) for d in batch]


def _save_batch(store: Store, extractions: list[Extraction]) -> list[int | Exception]:
    """Write several extractions in one transaction when the store can (`save_extractions`);
    if that fails, one by one, so a refused extraction fails its own document only."""
    save_many = getattr(store, "save_extractions", None)
    if save_many is not None and len(extractions) > 1:
        try:
            return list(save_many(extractions))
        except Exception:
            pass
    return [_save_one(store, e) for e in extractions]


def _save_one(store: Store, extraction: Extraction) -> int | Exception:
    """Claims written, or why the store refused them (e.g. a span outside the text)."""
    try:
        return store.save_extraction(extraction)
    except Exception as exc:
        return exc


def _warm_up() -> None:
    """Load the models once per worker process, before the first document arrives."""
    from veeduria.nlp.pipeline import load_pipeline

    for lang in ("en", "es"):
        # A missing model is reported per document, with its reason, not here.
        with contextlib.suppress(Exception):
            load_pipeline(lang)


def _extract_in_pool(
    docs: Iterable[DocumentInput], workers: int, backend: Backend | None = None
) -> Iterator[tuple[DocumentInput, Extraction | BackendResult | BaseException]]:
    """Yield results in submission order while keeping a bounded number in flight.

    The rules extractor runs in processes (CPU-bound); other backends that say they do not run
    in processes (waiting on a server) run in threads sharing the backend object.
    """
    in_flight = workers * 4
    pool: Executor
    if backend is None or backend.in_processes:
        ctx = get_context("forkserver" if os.name == "posix" else "spawn")
        warm = _warm_up if backend is None or isinstance(backend, RulesBackend) else None
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=warm)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
    with pool:
        pending: list[tuple[DocumentInput, Future[Extraction] | Future[BackendResult]]] = []
        for doc in docs:
            future = (
                pool.submit(_extract_one, doc)
                if backend is None
                else pool.submit(_extract_with, backend, doc)
            )
            pending.append((doc, future))
            if len(pending) >= in_flight:
                yield _collect(*pending.pop(0))
        for doc, future in pending:
            yield _collect(doc, future)


def _collect(
    doc: DocumentInput, future: Future[Extraction] | Future[BackendResult]
) -> tuple[DocumentInput, Extraction | BackendResult | BaseException]:
    try:
        return doc, future.result()
    except Exception as exc:
        return doc, exc


def run_extraction(
    store: Store,
    *,
    workers: int = 1,
    limit: int | None = None,
    document_ids: set[str] | None = None,
    on_document: ProgressCallback | None = None,
    backend: Backend | None = None,
) -> ExtractReport:
    """Extract every document the backend's current version has not seen yet.

    `backend` defaults to the rule-based extractor (`veeduria.nlp.backends.get_backend`).
    """
    name, version = extractor_identity(backend)
    report = ExtractReport(extractor=name, version=version)
    # Materialize the work list first: the store is written while we iterate.
    docs = [
        d
        for d in store.documents_to_extract(name, version, limit=limit)
        if document_ids is None or d.id in document_ids
    ]
    if backend is None or isinstance(backend, RulesBackend):
        for batch in _extract_batched(docs, workers):
            saved = save_batch_outcomes(store, [o for _d, o in batch])
            for (doc, _o), outcome in zip(batch, saved, strict=True):
                written = record_outcome(report, doc.id, outcome)
                if on_document is not None:
                    on_document(doc, written)
        return report
    results: Iterable[tuple[DocumentInput, Extraction | BackendResult | BaseException]]
    if workers <= 1:
        results = (
            (d, _safe_extract(d) if backend is None else _safe_backend_extract(d, backend))
            for d in docs
        )
    else:
        results = _extract_in_pool(docs, workers, backend)
    for item, result in results:
        extraction = _unwrap(item, result, report.rejected)
        outcome = save_batch_outcomes(store, [extraction])[0]  # one document: its own transaction
        written = record_outcome(report, item.id, outcome)
        if on_document is not None:
            on_document(item, written)
    return report


def _safe_extract(doc: DocumentInput) -> Extraction | BaseException:
    try:
        return _extract_one(doc)
    except Exception as exc:
        return exc


def _safe_backend_extract(doc: DocumentInput, backend: Backend) -> BackendResult | BaseException:
    try:
        return backend.extract(doc)
    except Exception as exc:
        return exc


def pending_count(store: Store, backend: Backend | None = None) -> int:
    """How many documents the current extractor version would process."""
    name, version = extractor_identity(backend)
    return sum(1 for _ in store.documents_to_extract(name, version))
