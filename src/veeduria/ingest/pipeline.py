"""The ingest run: sources in, documents stored in batches, a report out.

On a `SQLStore` documents are written in batches (`IngestOptions.batch_size`, 200 by default)
of one transaction each, through `veeduria.store.bulk` (COPY on PostgreSQL); other stores, and
`batch_size=None`, get one `Store.add_document` transaction per document. Either way a crash or
Ctrl-C leaves every stored document whole (a batch is stored entirely or not at all), and the
next run continues where this one stopped: documents already in the store are reported as
"already stored" and nothing is rewritten, and a JSONL/CSV table resumes after the last row
committed (its checkpoint is written with each batch; `restart` ignores it). If the database
refuses a batch, its documents are written one by one, so only the faulty one fails, with the
reason. Near-duplicates are looked up in one in-memory LSH index per run, loaded from the
stored signatures when the first new document needs it and updated as documents are added
(also within a batch). Outcomes are reported, in input order, when their batch is committed.

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
from typing import TYPE_CHECKING, Any, Literal

from veeduria.ingest.checkpoint import Checkpoints
from veeduria.ingest.dedup import (
    THRESHOLD,
    NearDuplicateIndex,
    NearMatch,
    minhash_of,
    to_bytes,
)
from veeduria.ingest.fetch import FetchOptions
from veeduria.ingest.language import detect_language
from veeduria.ingest.normalize import clean_text, document_id, text_sha256
from veeduria.ingest.sources import (
    DEFAULT_MAX_FILE_BYTES,
    Failure,
    Item,
    Skipped,
    SourceContext,
    iter_source,
)
from veeduria.store.api import Store
from veeduria.store.bulk import NewDocument, stored_shas, supports_bulk, write_documents
from veeduria.types import IngestedDocument

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

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


DEFAULT_BATCH_SIZE = 200


@dataclass(frozen=True)
class IngestOptions:
    allow_private: bool = False
    language: str | None = None  # overrides metadata and detection for every document
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_fetch_bytes: int = 10 * 1024 * 1024
    near_duplicate_threshold: float = THRESHOLD
    # Documents per transaction on a SQLStore; None: one transaction per document.
    batch_size: int | None = DEFAULT_BATCH_SIZE
    restart: bool = False  # read tables from the start, ignoring their checkpoints


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
    resumed: dict[str, int] = field(default_factory=dict)  # table -> rows skipped (stored before)

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
        resumed = {"resumed": self.resumed} if self.resumed else {}
        return {
            **self.counts,
            **resumed,
            "interrupted": self.interrupted,
            "failures": [{"source": o.source, "reason": o.detail} for o in self.failures],
            "documents": [
                {k: v for k, v in asdict(o).items() if v is not None}
                for o in self.outcomes
                if o.status != "failed"
            ],
        }


class _Run:
    """One transaction per document, through `Store.add_document` (any `Store`)."""

    def __init__(
        self, store: Store, options: IngestOptions, emit: Callable[[Outcome], None]
    ) -> None:
        self.store = store
        self.options = options
        self.emit = emit
        self._index: NearDuplicateIndex | None = None
        self.seen: dict[str, str] = {}  # sha256 -> document id, for this run
        self.tables: Checkpoints | None = None

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

    def feed(self, item: Item) -> None:
        if isinstance(item, Failure):
            self.emit(Outcome(item.source, "failed", detail=item.reason))
        elif isinstance(item, Skipped):
            self.emit(Outcome(item.source, "skipped", detail=item.reason))
        else:
            self.emit(self.add(item))

    def finish(self) -> None:
        pass

    def add(self, doc: IngestedDocument) -> Outcome:
        prepared = _prepare(doc)
        if isinstance(prepared, Outcome):
            return prepared
        sha = prepared
        if sha in self.seen:
            return _duplicate(doc, self.seen[sha])
        existing = self.store.find_document_by_sha(sha)
        if existing is not None:
            return self._already_stored(doc, sha, existing)
        new, match = self._new(doc, sha)
        try:
            added = self.store.add_document(
                doc,
                doc_id=new.doc_id,
                sha256=sha,
                minhash=new.minhash,
                syndicated_of=new.syndicated_of,
                syndication_similarity=new.syndication_similarity,
            )
        except Exception as exc:  # the database refused this one document: say why, go on
            if _connection_lost(exc):
                raise
            self._forget(new)
            return Outcome(doc.source, "failed", detail=_refused(exc))
        if not added:
            return self._not_added(new)
        return _stored(new, match)

    def _new(self, doc: IngestedDocument, sha: str) -> tuple[NewDocument, NearMatch | None]:
        """Language, id, signature and near-duplicate match of a new text; indexed at once."""
        doc.language = self.options.language or doc.language or detect_language(doc.text)
        doc_id = document_id(sha)
        minhash = minhash_of(doc.text)
        match = self.index.best_match(minhash)
        self.index.add(doc_id, minhash)
        self.seen[sha] = doc_id
        new = NewDocument(
            doc,
            doc_id,
            sha,
            to_bytes(minhash),
            match.doc_id if match else None,
            match.similarity if match else None,
        )
        return new, match

    def _forget(self, new: NewDocument) -> None:
        """Undo `_new` for a document that was not stored after all."""
        self.index.remove(new.doc_id)
        if self.seen.get(new.sha256) == new.doc_id:
            del self.seen[new.sha256]

    def _already_stored(self, doc: IngestedDocument, sha: str, existing: str) -> Outcome:
        self.seen[sha] = existing
        return Outcome(doc.source, "already_stored", existing, f"as {existing}", doc.title)

    def _not_added(self, new: NewDocument) -> Outcome:
        # Another process stored the same text meanwhile, or (astronomically rare) another
        # text has the same 16-hex-digit id.
        self._forget(new)
        existing = self.store.find_document_by_sha(new.sha256)
        if existing is not None:
            return self._already_stored(new.doc, new.sha256, existing)
        return Outcome(
            new.doc.source, "failed", detail=f"document id {new.doc_id} is taken by another text"
        )


class _BatchedRun(_Run):
    """Batches of documents per transaction (`veeduria.store.bulk`), with table checkpoints."""

    def __init__(
        self,
        store: SQLStore,
        options: IngestOptions,
        emit: Callable[[Outcome], None],
        tables: Checkpoints,
    ) -> None:
        super().__init__(store, options, emit)
        self.sql_store = store
        self.batch_size = max(1, options.batch_size or 1)
        self.tables = tables
        self.pending: list[Outcome | tuple[IngestedDocument, str]] = []
        self.pending_docs = 0

    def feed(self, item: Item) -> None:
        # A full batch is written when the next item arrives: by then the table reader has
        # reported the row it completed, so the checkpoint is exact.
        if self.pending_docs >= self.batch_size or len(self.pending) >= 8 * self.batch_size:
            self.flush()
        if isinstance(item, Failure):
            self.pending.append(Outcome(item.source, "failed", detail=item.reason))
        elif isinstance(item, Skipped):
            self.pending.append(Outcome(item.source, "skipped", detail=item.reason))
        else:
            prepared = _prepare(item)
            if isinstance(prepared, Outcome):
                self.pending.append(prepared)
            else:
                self.pending.append((item, prepared))
                self.pending_docs += 1

    def finish(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Store the pending documents in one transaction, then report their outcomes."""
        entries, self.pending, self.pending_docs = self.pending, [], 0
        checkpoints, finished = self.tables.take() if self.tables else ([], [])
        if not entries and not checkpoints and not finished:
            return
        stored = stored_shas(
            self.sql_store, {e[1] for e in entries if isinstance(e, tuple)} - self.seen.keys()
        )
        outcomes: list[Outcome | NewDocument] = []
        matches: dict[str, NearMatch | None] = {}
        for entry in entries:
            if isinstance(entry, Outcome):
                outcomes.append(entry)
                continue
            doc, sha = entry
            if sha in self.seen:
                outcomes.append(_duplicate(doc, self.seen[sha]))
            elif sha in stored:
                outcomes.append(self._already_stored(doc, sha, stored[sha]))
            else:
                new, matches[sha] = self._new(doc, sha)
                outcomes.append(new)
        new_docs = [o for o in outcomes if isinstance(o, NewDocument)]
        try:
            added = write_documents(
                self.sql_store, new_docs, checkpoints=checkpoints, finished=finished
            )
        except Exception as exc:
            if _connection_lost(exc):
                raise
            # The database refused the batch: one document at a time, so only the faulty
            # one fails; the checkpoint follows once they are all written.
            for new in new_docs:
                self._forget(new)
            for entry in entries:
                if isinstance(entry, Outcome):
                    self.emit(entry)
                else:
                    self.emit(self.add(entry[0]))
            write_documents(self.sql_store, [], checkpoints=checkpoints, finished=finished)
            return
        for outcome in outcomes:
            if not isinstance(outcome, NewDocument):
                self.emit(outcome)
            elif outcome.doc_id in added:
                self.emit(_stored(outcome, matches[outcome.sha256]))
            else:
                self.emit(self._not_added(outcome))


def _prepare(doc: IngestedDocument) -> str | Outcome:
    """Clean the text in place; its dedup hash, or the outcome of a document with no text."""
    text = clean_text(doc.text)
    if not text:
        return Outcome(doc.source, "failed", detail="no text")
    if doc.page_starts is not None and text != doc.text:
        return Outcome(doc.source, "failed", detail="internal: page offsets do not fit the text")
    doc.text = text
    return text_sha256(text)


def _duplicate(doc: IngestedDocument, first: str) -> Outcome:
    return Outcome(doc.source, "duplicate", first, f"of {first}", doc.title)


def _stored(new: NewDocument, match: NearMatch | None) -> Outcome:
    doc = new.doc
    if match:
        return Outcome(
            doc.source,
            "syndicated",
            new.doc_id,
            f"of {match.doc_id} ({match.similarity:.2f})",
            doc.title,
            doc.language,
        )
    return Outcome(doc.source, "ingested", new.doc_id, None, doc.title, doc.language)


def _connection_lost(exc: Exception) -> bool:
    """True when the database went away: a reason to stop, not a refused document."""
    import sqlalchemy as sa

    return isinstance(exc, sa.exc.DBAPIError) and bool(exc.connection_invalidated)


def _refused(exc: Exception) -> str:
    """One line saying why the database refused a document."""
    orig = getattr(exc, "orig", None)
    reason = orig if isinstance(orig, Exception) else exc
    message = " ".join(str(reason).split())[:200]
    return f"not stored: the database refused it ({type(reason).__name__}: {message})"


def ingest(
    store: Store,
    sources: Sequence[str],
    options: IngestOptions | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read every source and store what is new; never raises for a bad input.

    A KeyboardInterrupt stops the run between documents (between batches: the batch being
    read is dropped): the report says `interrupted` and holds what was done; every stored
    document is whole. `on_notice` gets one-line messages such as "resuming at row N".
    """
    options = options or IngestOptions()
    report = IngestReport()

    def emit(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    run: _Run
    if options.batch_size is not None and supports_bulk(store):
        from veeduria.store.sql import SQLStore

        assert isinstance(store, SQLStore)
        tables = Checkpoints(store, restart=options.restart, on_notice=on_notice)
        run = _BatchedRun(store, options, emit, tables)
    else:
        run = _Run(store, options, emit)
    ctx = SourceContext(
        max_file_bytes=options.max_file_bytes,
        fetch_options=FetchOptions(
            allow_private=options.allow_private, max_bytes=options.max_fetch_bytes
        ),
        tables=run.tables,
    )
    try:
        for source in sources:
            for item in iter_source(source, ctx):
                run.feed(item)
        run.finish()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        ctx.close()
        if run.tables is not None:
            report.resumed = dict(run.tables.resumed)
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
