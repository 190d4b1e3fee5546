"""The store interface every backend implements, and the records it returns.

One `Store` facade over SQLAlchemy Core serves SQLite and PostgreSQL; the same test scenario
runs against both. Documents and claims are evidence: their text and quotes are never updated.
Reviews and judgements are appended, never edited.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from veeduria.types import DocumentInput, Extraction, IngestedDocument

Decision = Literal["accept", "reject", "edit"]
Judgement = Literal["same", "not_same", "unsure"]


@dataclass
class DocumentRecord:
    id: str
    sha256: str
    source_kind: str
    source: str
    language: str | None
    title: str | None
    url: str | None
    publisher: str | None
    author: str | None
    published: str | None
    published_precision: str | None
    retrieved_at: datetime | None
    ingested_at: datetime
    length: int
    syndicated_of: str | None = None
    syndication_similarity: float | None = None
    raw_sha256: str | None = None
    page_starts: list[int] | None = None
    text: str | None = None  # filled by get_document, left out of listings


@dataclass
class SearchHit:
    document_id: str
    title: str | None
    snippet: str  # a short excerpt around the match, plain text
    score: float
    language: str | None = None
    published: str | None = None


@dataclass
class ClaimRecord:
    id: str
    subject_type: str  # "actor", "event", "relation", "toll"
    subject_id: str
    property: str
    value: Any  # JSON-decoded
    document_id: str
    start: int
    end: int
    quote: str
    extractor: str
    extractor_version: str
    confidence: float
    created_at: datetime
    corrects: str | None = None  # for a reviewer's edit: the claim it corrects
    author: str | None = None  # reviewer who wrote an edit claim
    reviews: list[dict[str, Any]] = field(default_factory=list)


class Store(Protocol):
    """What the rest of veeduria may ask of the evidence base."""

    url: str

    def upgrade(self) -> None:
        """Create the schema or migrate it to the latest revision (Alembic); idempotent."""

    def close(self) -> None: ...

    # -- documents ---------------------------------------------------------------------
    def find_document_by_sha(self, sha256: str) -> str | None:
        """The id of the stored document with this normalized-text hash, if any."""

    def add_document(
        self,
        doc: IngestedDocument,
        *,
        doc_id: str,
        sha256: str,
        minhash: bytes | None = None,
        syndicated_of: str | None = None,
        syndication_similarity: float | None = None,
    ) -> bool:
        """Store one document, its raw bytes and its search entry in one transaction.

        Returns False (and writes nothing) when `doc_id` or `sha256` is already stored.
        """

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(document id, serialized MinHash) for every document that has one."""

    def get_document(self, doc_id: str) -> DocumentRecord | None: ...

    def list_documents(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        language: str | None = None,
        source_kind: str | None = None,
    ) -> list[DocumentRecord]: ...

    def search(
        self, query: str, *, limit: int = 20, language: str | None = None
    ) -> list[SearchHit]:
        """Full-text search over title and text, case- and accent-insensitive."""

    def stats(self) -> dict[str, int]:
        """Counts: documents, syndicated, actors, events, relations, claims, reviews, ..."""

    # -- extraction --------------------------------------------------------------------
    def documents_to_extract(
        self, extractor: str, version: str, *, limit: int | None = None
    ) -> Iterator[DocumentInput]:
        """Documents not yet extracted by this extractor at this version."""

    def save_extraction(self, extraction: Extraction) -> int:
        """Write an extraction's claims in one transaction; returns claims written.

        Claim ids are derived from (document, span, property, value, extractor, version), so a
        re-run writes nothing. Reviewed claims of older versions are never removed.
        """

    def claims_for_document(self, doc_id: str) -> list[ClaimRecord]: ...

    # -- review and resolution (append-only) -----------------------------------------------
    def add_review(
        self,
        claim_id: str,
        decision: Decision,
        reviewer: str,
        *,
        comment: str | None = None,
        new_value: Any = None,
    ) -> str:
        """Append a decision; an edit also writes a new reviewed claim. Returns its id."""

    def add_judgement(
        self,
        subject_type: Literal["actor", "event"],
        left_id: str,
        right_id: str,
        judgement: Judgement,
        author: str,
        *,
        machine: bool = False,
        comment: str | None = None,
    ) -> int: ...
