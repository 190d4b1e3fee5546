"""The ingest run: sources in, documents stored one transaction each, a report out.

Each document is written by its own `Store.add_document` call (one transaction), so a crash or
Ctrl-C leaves every stored document whole, and the next run continues where this one stopped:
documents already in the store are reported as "already stored" and nothing is rewritten.

Outcomes, one per document read (they add up to the number of documents seen):
- ingested: new, stored;
- syndicated: new, stored, and linked (`syndicated_of`) to the earlier document it nearly copies;
- duplicate: the same text as a document earlier in this same run; not stored again;
- already stored: the same text was in the store before this run; nothing written;
- skipped: a file in a folder that is not a document (unknown type);
- failed: could not be read or fetched; the reason is one line.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from veeduria.ingest.dedup import THRESHOLD, NearDuplicateIndex, minhash_of, to_bytes
from veeduria.ingest.fetch import FetchOptions
from veeduria.ingest.language import detect_language
from veeduria.ingest.normalize import clean_text, document_id, text_sha256
from veeduria.ingest.sources import (
    DEFAULT_MAX_FILE_BYTES,
    Failure,
    Skipped,
    SourceContext,
    iter_source,
)
from veeduria.store.api import Store
from veeduria.types import IngestedDocument

__all__ = [
    "IngestOptions",
    "IngestReport",
    "Outcome",
    "ingest",
    "run_extraction_after_ingest",
]

Status = Literal["ingested", "syndicated", "duplicate", "already_stored", "skipped", "failed"]
STATUSES: tuple[Status, ...] = (
    "ingested",
    "syndicated",
    "duplicate",
    "already_stored",
    "skipped",
    "failed",
)


@dataclass(frozen=True)
class IngestOptions:
    allow_private: bool = False
    language: str | None = None  # overrides metadata and detection for every document
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_fetch_bytes: int = 10 * 1024 * 1024
    near_duplicate_threshold: float = THRESHOLD


@dataclass(frozen=True)
class Outcome:
    source: str
    status: Status
    doc_id: str | None = None
    detail: str | None = None  # failure reason, or "of <id> (0.93)", or "of <id>"
    title: str | None = None
    language: str | None = None


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUSES}

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def new_ids(self) -> list[str]:
        return [
            o.doc_id for o in self.outcomes if o.status in ("ingested", "syndicated") and o.doc_id
        ]

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted

    def to_json(self) -> dict[str, Any]:
        return {
            **self.counts,
            "interrupted": self.interrupted,
            "failures": [{"source": o.source, "reason": o.detail} for o in self.failures],
            "documents": [
                {k: v for k, v in asdict(o).items() if v is not None}
                for o in self.outcomes
                if o.status != "failed"
            ],
        }


class _Run:
    def __init__(self, store: Store, options: IngestOptions) -> None:
        self.store = store
        self.options = options
        self._index: NearDuplicateIndex | None = None
        self.seen: dict[str, str] = {}  # sha256 -> document id, for this run

    @property
    def index(self) -> NearDuplicateIndex:
        """The LSH index of stored signatures, loaded when the first new document needs it.

        A re-run that finds everything already stored never reads the signatures.
        """
        if self._index is None:
            self._index = NearDuplicateIndex.from_stored(
                self.store.iter_minhashes(), threshold=self.options.near_duplicate_threshold
            )
        return self._index

    def add(self, doc: IngestedDocument) -> Outcome:
        source = doc.source
        text = clean_text(doc.text)
        if not text:
            return Outcome(source, "failed", detail="no text")
        if doc.page_starts is not None and text != doc.text:
            return Outcome(source, "failed", detail="internal: page offsets do not fit the text")
        doc.text = text
        sha = text_sha256(text)
        if sha in self.seen:
            first = self.seen[sha]
            return Outcome(source, "duplicate", first, f"of {first}", doc.title)
        existing = self.store.find_document_by_sha(sha)
        if existing is not None:
            self.seen[sha] = existing
            return Outcome(source, "already_stored", existing, f"as {existing}", doc.title)
        doc.language = self.options.language or doc.language or detect_language(text)
        doc_id = document_id(sha)
        minhash = minhash_of(text)
        match = self.index.best_match(minhash)
        added = self.store.add_document(
            doc,
            doc_id=doc_id,
            sha256=sha,
            minhash=to_bytes(minhash),
            syndicated_of=match.doc_id if match else None,
            syndication_similarity=match.similarity if match else None,
        )
        if not added:
            # Another process stored the same text meanwhile, or (astronomically rare) another
            # text has the same 16-hex-digit id.
            existing = self.store.find_document_by_sha(sha)
            if existing is not None:
                self.seen[sha] = existing
                return Outcome(source, "already_stored", existing, f"as {existing}", doc.title)
            return Outcome(
                source, "failed", detail=f"document id {doc_id} is taken by another text"
            )
        self.seen[sha] = doc_id
        self.index.add(doc_id, minhash)
        if match:
            return Outcome(
                source,
                "syndicated",
                doc_id,
                f"of {match.doc_id} ({match.similarity:.2f})",
                doc.title,
                doc.language,
            )
        return Outcome(source, "ingested", doc_id, None, doc.title, doc.language)


def ingest(
    store: Store,
    sources: Sequence[str],
    options: IngestOptions | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Read every source and store what is new; never raises for a bad input.

    A KeyboardInterrupt stops the run between documents: the report says `interrupted` and
    holds what was done; every stored document is whole.
    """
    options = options or IngestOptions()
    report = IngestReport()
    ctx = SourceContext(
        max_file_bytes=options.max_file_bytes,
        fetch_options=FetchOptions(
            allow_private=options.allow_private, max_bytes=options.max_fetch_bytes
        ),
    )
    run = _Run(store, options)
    try:
        for source in sources:
            for item in iter_source(source, ctx):
                if isinstance(item, Failure):
                    outcome = Outcome(item.source, "failed", detail=item.reason)
                elif isinstance(item, Skipped):
                    outcome = Outcome(item.source, "skipped", detail=item.reason)
                else:
                    outcome = run.add(item)
                report.outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        ctx.close()
    return report


def run_extraction_after_ingest(store: Store, doc_ids: Sequence[str]) -> int | None:
    """Extract claims from the documents just ingested, if this build has an extractor.

    The hook `veeduria ingest` calls unless `--no-extract`. While `veeduria.nlp.extractor` does
    not exist it does nothing and returns None; otherwise it runs
    `veeduria.nlp.run.run_extraction` on these documents and returns the claims written.
    """
    if not doc_ids:
        return 0
    try:
        if importlib.util.find_spec("veeduria.nlp.extractor") is None:
            return None
    except ModuleNotFoundError:
        return None
    from veeduria.nlp.run import run_extraction

    return run_extraction(store, document_ids=set(doc_ids)).claims
