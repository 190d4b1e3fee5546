"""Run the extractor over stored documents: in-process or in worker processes.

Extraction of one document is a pure function (`veeduria.nlp.extractor.extract`); this module
only feeds it documents and hands the results to the store. The store is written from the
calling process alone, so SQLite keeps a single writer, and each document's claims land in one
transaction: a crash loses at most the documents in flight, and the next run picks them up.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context

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

    def as_dict(self) -> dict[str, object]:
        return {
            "extractor": self.extractor,
            "version": self.version,
            "documents": self.documents,
            "claims": self.claims,
            "failed": [{"document": d, "reason": r} for d, r in self.failed],
        }


def extractor_identity() -> tuple[str, str]:
    """The (name, version) written into every claim this extractor produces."""
    from veeduria.nlp.extractor import EXTRACTOR_NAME, EXTRACTOR_VERSION

    return EXTRACTOR_NAME, EXTRACTOR_VERSION


def _extract_one(doc: DocumentInput) -> Extraction:
    from veeduria.nlp.extractor import extract

    return extract(doc)


def _warm_up() -> None:
    """Load the models once per worker process, before the first document arrives."""
    from veeduria.nlp.pipeline import load_pipeline

    for lang in ("en", "es"):
        # A missing model is reported per document, with its reason, not here.
        with contextlib.suppress(Exception):
            load_pipeline(lang)


def _extract_in_pool(
    docs: Iterable[DocumentInput], workers: int
) -> Iterator[tuple[DocumentInput, Extraction | BaseException]]:
    """Yield results in submission order while keeping a bounded number in flight."""
    in_flight = workers * 4
    ctx = get_context("forkserver" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_up) as pool:
        pending: list[tuple[DocumentInput, Future[Extraction]]] = []
        for doc in docs:
            pending.append((doc, pool.submit(_extract_one, doc)))
            if len(pending) >= in_flight:
                yield _collect(*pending.pop(0))
        for doc, future in pending:
            yield _collect(doc, future)


def _collect(
    doc: DocumentInput, future: Future[Extraction]
) -> tuple[DocumentInput, Extraction | BaseException]:
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
) -> ExtractReport:
    """Extract every document the current extractor version has not seen yet."""
    name, version = extractor_identity()
    report = ExtractReport(extractor=name, version=version)
    # Materialize the work list first: the store is written while we iterate.
    docs = [
        d
        for d in store.documents_to_extract(name, version, limit=limit)
        if document_ids is None or d.id in document_ids
    ]
    results: Iterable[tuple[DocumentInput, Extraction | BaseException]]
    if workers <= 1:
        results = ((d, _safe_extract(d)) for d in docs)
    else:
        results = _extract_in_pool(docs, workers)
    for doc, outcome in results:
        written = 0
        if isinstance(outcome, BaseException):
            report.failed.append((doc.id, f"{type(outcome).__name__}: {outcome}"))
        else:
            written = store.save_extraction(outcome)
            report.documents += 1
            report.claims += written
        if on_document is not None:
            on_document(doc, written)
    return report


def _safe_extract(doc: DocumentInput) -> Extraction | BaseException:
    try:
        return _extract_one(doc)
    except Exception as exc:
        return exc


def pending_count(store: Store) -> int:
    """How many documents the current extractor version would process."""
    name, version = extractor_identity()
    return sum(1 for _ in store.documents_to_extract(name, version))
