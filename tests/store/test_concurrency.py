"""Several writers at once (ingest and extraction workers) neither fail nor lose rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from veeduria.store import open_store
from veeduria.store.sql import SQLStore
from veeduria.types import Entity, Extraction, IngestedDocument, Mention

WORKERS = 4
PER_WORKER = 8


def _work(url: str, worker: int) -> int:
    """Add documents and save an extraction for each, all naming the same two actors."""
    store = open_store(url)
    written = 0
    try:
        for i in range(PER_WORKER):
            doc_id = f"doc-{worker}-{i}"
            text = f"Jeanine Áñez y la Policía Boliviana, informe {worker}.{i}."
            doc = IngestedDocument(text=text, source_kind="txt", source=doc_id, language="es")
            assert store.add_document(doc, doc_id=doc_id, sha256=f"sha-{doc_id}")
            extraction = Extraction(
                doc_id,
                "rules",
                "1",
                "es",
                entities=[
                    Entity("Policía Boliviana", "government_body", [Mention(17, 34, "")]),
                    Entity("Jeanine Áñez", "person", [Mention(0, 12, "")]),
                ],
            )
            written += store.save_extraction(extraction)
    finally:
        store.close()
    return written


def test_concurrent_writers(store: SQLStore) -> None:
    with ThreadPoolExecutor(WORKERS) as pool:
        written = list(pool.map(_work, [store.url] * WORKERS, range(WORKERS)))
    documents = WORKERS * PER_WORKER
    assert written == [PER_WORKER * 4] * WORKERS
    stats = store.stats()
    assert (stats["documents"], stats["actors"], stats["claims"]) == (documents, 2, documents * 4)
    assert stats["extraction_runs"] == documents
    assert {h.document_id for h in store.search("anez policia", limit=100)} == {
        f"doc-{w}-{i}" for w in range(WORKERS) for i in range(PER_WORKER)
    }
