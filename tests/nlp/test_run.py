"""run_extraction: a document the store refuses fails alone, and the run goes on."""

from __future__ import annotations

from pathlib import Path

from veeduria.ingest.normalize import document_id, text_sha256
from veeduria.nlp.backends import BackendResult
from veeduria.nlp.run import run_extraction
from veeduria.store import open_store
from veeduria.types import DocumentInput, Entity, Extraction, IngestedDocument, Mention

TEXTS = ["Hudbay Minerals signed a deal in Lima.", "Barrick Gold signed a deal in Quito."]


class OneBadSpanBackend:
    """Finds the company in each text, but gives the second document an empty span."""

    name = "test-backend"
    version = "1"
    in_processes = False

    def extract(self, doc: DocumentInput) -> BackendResult:
        company = doc.text.split(" signed")[0]
        end = len(company) if doc.text.startswith("Hudbay") else 0
        mention = Mention(0, end, doc.text[0:end])
        entity = Entity(name=company, kind="company", mentions=[mention])
        extraction = Extraction(doc.id, self.name, self.version, "en", entities=[entity])
        return BackendResult(extraction=extraction)


def test_a_refused_extraction_fails_its_document_only(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'run.db'}")
    store.upgrade()
    ids = []
    for text in TEXTS:
        sha = text_sha256(text)
        ids.append(document_id(sha))
        doc = IngestedDocument(text=text, source_kind="txt", source="t.txt", language="en")
        assert store.add_document(doc, doc_id=ids[-1], sha256=sha)
    report = run_extraction(store, backend=OneBadSpanBackend())  # type: ignore[arg-type]
    assert report.documents == 1
    assert [doc_id for doc_id, _ in report.failed] == [ids[1]]
    assert "out of range" in report.failed[0][1]
    assert [c.quote for c in store.claims_for_document(ids[0]) if c.property == "name"] == [
        "Hudbay Minerals"
    ]
    assert store.claims_for_document(ids[1]) == []
    store.close()
