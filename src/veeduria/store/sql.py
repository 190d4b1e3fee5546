"""`SQLStore`: the `Store` protocol over SQLAlchemy Core, for SQLite and PostgreSQL.

Every write is one transaction (on SQLite taken with BEGIN IMMEDIATE, so concurrent writers
queue instead of failing half-way). Evidence is only ever inserted: ids are deterministic and
inserts skip what is already there, so re-running ingest or extraction writes nothing new.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, Row

from veeduria.config import display_url, resolve_db_url
from veeduria.store import migrate
from veeduria.store.api import (
    ClaimRecord,
    Decision,
    DocumentRecord,
    Judgement,
    SearchHit,
    Store,
)
from veeduria.store.bulk import blob_row, document_row
from veeduria.store.dialect import IMMEDIATE, chunked, insert_ignore, make_engine
from veeduria.store.errors import SchemaMissing, SchemaOutdated, SchemaTooNew
from veeduria.store.extraction import ExtractionRows, extraction_rows
from veeduria.store.ids import canonical_json, make_id
from veeduria.store.schema import (
    actor_aliases,
    actors,
    blobs,
    claims,
    death_tolls,
    documents,
    events,
    extraction_runs,
    judgements,
    relations,
    review_decisions,
)
from veeduria.store.search import search as _search
from veeduria.types import DocumentInput, Extraction, IngestedDocument

__all__ = ["REVIEW_EXTRACTOR", "REVIEW_VERSION", "SQLStore"]

#: The extractor name and version written into claims that reviewers create by editing.
REVIEW_EXTRACTOR = "review"
REVIEW_VERSION = "1"

_DECISIONS = ("accept", "reject", "edit")
_JUDGEMENTS = ("same", "not_same", "unsure")
_PG_UPGRADE_LOCK = 0x7665656475  # "veedu": serializes concurrent upgrades on PostgreSQL

# Listings leave out the text and the MinHash, which can be large.
_LISTING_COLUMNS = [c for c in documents.c if c.name not in ("text", "minhash")]


def _now() -> datetime:
    return datetime.now(UTC)


class SQLStore:
    """The evidence base in one SQL database. Open it with `veeduria.store.open_store`."""

    def __init__(self, url: str) -> None:
        self.url = resolve_db_url(url)
        self._shown_url = display_url(url)  # as the user wrote it, password masked
        self.engine: Engine = make_engine(self.url)

    def __repr__(self) -> str:
        return f"SQLStore({self._shown_url!r})"

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # -- connections -------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction, committed on success and rolled back on any error."""
        with self.engine.connect() as conn:
            conn.execution_options(**{IMMEDIATE: True})
            with conn.begin():
                yield conn

    # -- schema ------------------------------------------------------------------------
    def upgrade(self) -> None:
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_UPGRADE_LOCK}
                )
            migrate.upgrade(conn)

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None: no schema yet)."""
        with self._read() as conn:
            return migrate.current_revision(conn)

    def check_schema(self) -> None:
        """Raise SchemaMissing / SchemaOutdated / SchemaTooNew unless the schema is current."""
        current = self.schema_revision()
        head = migrate.head_revision()
        where = self._shown_url
        if current == head:
            return
        if current is None:
            raise SchemaMissing(
                f"{where} holds no veeduria schema: run `veeduria init` or `veeduria ingest` first"
            )
        if current in migrate.known_revisions():
            raise SchemaOutdated(
                f"{where} is at schema revision {current}, this veeduria needs {head}: "
                "run `veeduria db upgrade`"
            )
        raise SchemaTooNew(
            f"{where} is at schema revision {current}, which this veeduria does not know: "
            "it was written by a newer version; upgrade veeduria"
        )

    # -- documents ---------------------------------------------------------------------
    def find_document_by_sha(self, sha256: str) -> str | None:
        with self._read() as conn:
            found = conn.execute(
                sa.select(documents.c.id).where(documents.c.sha256 == sha256)
            ).scalar_one_or_none()
        return found

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
        now = _now()
        try:
            with self._write() as conn:
                taken = conn.execute(
                    sa.select(documents.c.id)
                    .where(sa.or_(documents.c.id == doc_id, documents.c.sha256 == sha256))
                    .limit(1)
                ).first()
                if taken is not None:
                    return False
                if syndicated_of is not None:
                    original = conn.execute(
                        sa.select(documents.c.id).where(documents.c.id == syndicated_of)
                    ).first()
                    if original is None:
                        raise ValueError(
                            f"document {doc_id!r}: syndicated_of {syndicated_of!r} "
                            "is not a stored document"
                        )
                blob = blob_row(doc, now)
                if blob is not None:
                    insert_ignore(conn, blobs, [blob])
                conn.execute(
                    documents.insert().values(
                        document_row(
                            doc,
                            doc_id=doc_id,
                            sha256=sha256,
                            raw_sha256=blob["sha256"] if blob is not None else None,
                            minhash=minhash,
                            syndicated_of=syndicated_of,
                            syndication_similarity=syndication_similarity,
                            now=now,
                        )
                    )
                )
        except sa.exc.IntegrityError:
            # Another writer stored the same document between our check and our insert.
            with self._read() as conn:
                raced = conn.execute(
                    sa.select(documents.c.id).where(
                        sa.or_(documents.c.id == doc_id, documents.c.sha256 == sha256)
                    )
                ).first()
            if raced is not None:
                return False
            raise
        return True

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        last = ""
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    sa.select(documents.c.id, documents.c.minhash)
                    .where(documents.c.minhash.is_not(None), documents.c.id > last)
                    .order_by(documents.c.id)
                    .limit(1000)
                ).all()
            if not rows:
                return
            for row in rows:
                yield row.id, bytes(row.minhash)
            last = rows[-1].id

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        with self._read() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
        return None if row is None else _document_record(row, with_text=True)

    def match_document_ids(self, prefix: str, *, limit: int = 10) -> list[str]:
        """Ids starting with `prefix` (for short ids typed by people), at most `limit`."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._read() as conn:
            rows = conn.execute(
                sa.select(documents.c.id)
                .where(documents.c.id.like(escaped + "%", escape="\\"))
                .order_by(documents.c.id)
                .limit(limit)
            ).scalars()
            return list(rows)

    def list_documents(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        language: str | None = None,
        source_kind: str | None = None,
    ) -> list[DocumentRecord]:
        query = sa.select(*_LISTING_COLUMNS)
        if language is not None:
            query = query.where(documents.c.language == language)
        if source_kind is not None:
            query = query.where(documents.c.source_kind == source_kind)
        query = query.order_by(documents.c.ingested_at, documents.c.id).limit(limit).offset(offset)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [_document_record(row, with_text=False) for row in rows]

    def search(
        self, query: str, *, limit: int = 20, language: str | None = None
    ) -> list[SearchHit]:
        with self._read() as conn:
            return _search(conn, query, limit=limit, language=language)

    def stats(self) -> dict[str, int]:
        """Counts per table, plus `documents_<language>` for each language stored."""
        tables = {
            "documents": documents,
            "blobs": blobs,
            "actors": actors,
            "actor_aliases": actor_aliases,
            "events": events,
            "relations": relations,
            "death_tolls": death_tolls,
            "claims": claims,
            "reviews": review_decisions,
            "judgements": judgements,
            "extraction_runs": extraction_runs,
        }
        out: dict[str, int] = {}
        with self._read() as conn:
            for key, table in tables.items():
                out[key] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            out["syndicated"] = conn.execute(
                sa.select(sa.func.count()).where(documents.c.syndicated_of.is_not(None))
            ).scalar_one()
            by_language = conn.execute(
                sa.select(documents.c.language, sa.func.count())
                .group_by(documents.c.language)
                .order_by(documents.c.language)
            ).all()
        for language, count in by_language:
            out[f"documents_{language or 'unknown'}"] = count
        return out

    # -- extraction --------------------------------------------------------------------
    def documents_to_extract(
        self, extractor: str, version: str, *, limit: int | None = None
    ) -> Iterator[DocumentInput]:
        """Pages through the documents by id, one short read per page, so the caller may
        write (save_extraction) between items without holding a read transaction open.

        Reference rows imported from datasets (source_kind "dataset") are never mined: their
        claims come from the dataset's own fields."""
        done = sa.exists().where(
            extraction_runs.c.document_id == documents.c.id,
            extraction_runs.c.extractor == extractor,
            extraction_runs.c.version == version,
        )
        last = ""
        remaining = limit
        while remaining is None or remaining > 0:
            page = 100 if remaining is None else min(100, remaining)
            with self._read() as conn:
                rows = conn.execute(
                    sa.select(
                        documents.c.id,
                        documents.c.text,
                        documents.c.language,
                        documents.c.published,
                    )
                    .where(documents.c.id > last, documents.c.source_kind != "dataset", ~done)
                    .order_by(documents.c.id)
                    .limit(page)
                ).all()
            if not rows:
                return
            for row in rows:
                yield DocumentInput(
                    id=row.id, text=row.text, language=row.language, published=row.published
                )
            last = rows[-1].id
            if remaining is not None:
                remaining -= len(rows)

    def save_extraction(self, extraction: Extraction) -> int:
        """Write an extraction; raises ValueError for an unknown document or a bad span."""
        with self._write() as conn:
            _serialize_extraction_writes(conn)
            touched: set[str] = set()
            written = _save_extraction(conn, extraction, touched)
            _refresh_touched(conn, touched)
            return written

    def save_extractions(self, extractions: Sequence[Extraction]) -> list[int]:
        """`save_extraction` for several extractions in one transaction (all or none): a
        batched extraction run pays one commit, not one per document."""
        with self._write() as conn:
            _serialize_extraction_writes(conn)
            touched: set[str] = set()
            written = [_save_extraction(conn, e, touched) for e in extractions]
            _refresh_touched(conn, touched)
            return written

    def claims_for_document(self, doc_id: str) -> list[ClaimRecord]:
        with self._read() as conn:
            rows = conn.execute(
                sa.select(claims)
                .where(claims.c.document_id == doc_id)
                .order_by(claims.c.start, claims.c.end, claims.c.property, claims.c.id)
            ).all()
            reviews: dict[str, list[dict[str, Any]]] = {}
            ids = [row.id for row in rows]
            for chunk in chunked(ids):
                for review in conn.execute(
                    sa.select(review_decisions)
                    .where(review_decisions.c.claim_id.in_(chunk))
                    .order_by(review_decisions.c.id)
                ).all():
                    reviews.setdefault(review.claim_id, []).append(
                        {
                            "id": review.id,
                            "decision": review.decision,
                            "reviewer": review.reviewer,
                            "comment": review.comment,
                            "new_claim_id": review.new_claim_id,
                            "created_at": review.created_at,
                        }
                    )
        return [_claim_record(row, reviews.get(row.id, [])) for row in rows]

    # -- review and resolution ---------------------------------------------------------
    def add_review(
        self,
        claim_id: str,
        decision: Decision,
        reviewer: str,
        *,
        comment: str | None = None,
        new_value: Any = None,
    ) -> str:
        """Append a decision. Returns the id of the claim that now holds the reviewed value:
        for an edit the new claim (it `corrects` the old one, which stays), else `claim_id`."""
        if decision not in _DECISIONS:
            raise ValueError(f"unknown decision {decision!r}: use one of {', '.join(_DECISIONS)}")
        if not reviewer or not reviewer.strip():
            raise ValueError("a review needs a reviewer name")
        if decision == "edit" and new_value is None:
            raise ValueError("an edit needs new_value")
        if decision != "edit" and new_value is not None:
            raise ValueError(f"new_value is only for edits, not for {decision!r}")
        now = _now()
        with self._write() as conn:
            old = conn.execute(sa.select(claims).where(claims.c.id == claim_id)).first()
            if old is None:
                raise ValueError(f"unknown claim {claim_id!r}")
            result_id = claim_id
            new_claim_id = None
            if decision == "edit":
                value_json = canonical_json(new_value)
                new_claim_id = make_id(
                    "c",
                    old.document_id,
                    old.start,
                    old.end,
                    old.subject_type,
                    old.subject_id,
                    old.property,
                    json.loads(value_json),
                    REVIEW_EXTRACTOR,
                    REVIEW_VERSION,
                    reviewer,
                )
                insert_ignore(
                    conn,
                    claims,
                    [
                        {
                            "id": new_claim_id,
                            "subject_type": old.subject_type,
                            "subject_id": old.subject_id,
                            "property": old.property,
                            "value": value_json,
                            "document_id": old.document_id,
                            "start": old.start,
                            "end": old.end,
                            "quote": old.quote,
                            "extractor": REVIEW_EXTRACTOR,
                            "extractor_version": REVIEW_VERSION,
                            "confidence": 1.0,
                            "created_at": now,
                            "corrects": claim_id,
                            "author": reviewer,
                        }
                    ],
                )
                result_id = new_claim_id
            conn.execute(
                review_decisions.insert().values(
                    claim_id=claim_id,
                    decision=decision,
                    reviewer=reviewer,
                    comment=comment,
                    new_claim_id=new_claim_id,
                    created_at=now,
                )
            )
            if old.subject_type == "event":
                from veeduria.store.event_index import event_keys_of_rows, refresh_keys

                refresh_keys(conn, event_keys_of_rows(conn, [old.subject_id]))
        return result_id

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
    ) -> int:
        """Append a same / not-same / unsure judgement; returns its id."""
        if subject_type not in ("actor", "event"):
            raise ValueError(f"judgements are about 'actor' or 'event', not {subject_type!r}")
        if judgement not in _JUDGEMENTS:
            raise ValueError(
                f"unknown judgement {judgement!r}: use one of {', '.join(_JUDGEMENTS)}"
            )
        if not author or not author.strip():
            raise ValueError("a judgement needs an author")
        with self._write() as conn:
            result = conn.execute(
                judgements.insert().values(
                    subject_type=subject_type,
                    left_id=left_id,
                    right_id=right_id,
                    judgement=judgement,
                    author=author,
                    machine=machine,
                    comment=comment,
                    created_at=_now(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])


# Key of the PostgreSQL advisory lock that extraction writes take ("veeduria" in ASCII).
_EXTRACTION_WRITE_LOCK = 0x7665656475726961


def _serialize_extraction_writes(conn: Connection) -> None:
    """On PostgreSQL, wait for other extraction writes (worker processes, Dask workers) to
    commit first. Their batches share actor and alias rows; taking those row locks in a
    different order could deadlock, and a batch write is short next to the extraction
    before it, so writing one batch at a time costs little. SQLite has one writer anyway."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_EXTRACTION_WRITE_LOCK)))


def _save_extraction(conn: Connection, extraction: Extraction, touched: set[str]) -> int:
    """One extraction's rows, inside the caller's write transaction; adds the event rows it
    wrote or claimed about to `touched`, whose index rows the caller refreshes once per
    transaction (`_refresh_touched`), not once per document."""
    text = conn.execute(
        sa.select(documents.c.text).where(documents.c.id == extraction.document_id)
    ).scalar_one_or_none()
    if text is None:
        raise ValueError(f"cannot save extraction: unknown document {extraction.document_id!r}")
    now = _now()
    rows = extraction_rows(extraction, text, now)
    rows = _link_relation_actors(conn, rows)
    existing: set[str] = set()
    ids = [c["id"] for c in rows.claims]
    for chunk in chunked(ids):
        existing.update(
            conn.execute(sa.select(claims.c.id).where(claims.c.id.in_(chunk))).scalars()
        )
    new_claims = [c for c in rows.claims if c["id"] not in existing]
    # Rows go in key order, so two writers sharing actors take their row locks in the
    # same order and cannot deadlock (PostgreSQL).
    insert_ignore(conn, actors, sorted(rows.actors, key=lambda r: r["id"]))
    insert_ignore(
        conn, actor_aliases, sorted(rows.aliases, key=lambda r: (r["actor_id"], r["alias"]))
    )
    insert_ignore(conn, events, sorted(rows.events, key=lambda r: r["id"]))
    insert_ignore(conn, relations, sorted(rows.relations, key=lambda r: r["id"]))
    insert_ignore(conn, death_tolls, sorted(rows.tolls, key=lambda r: r["id"]))
    insert_ignore(conn, claims, sorted(new_claims, key=lambda r: r["id"]))
    insert_ignore(
        conn,
        extraction_runs,
        [
            {
                "document_id": extraction.document_id,
                "extractor": extraction.extractor,
                "version": extraction.version,
                "claims_written": len(new_claims),
                "created_at": now,
            }
        ],
    )
    touched.update(e["id"] for e in rows.events)
    touched.update(c["subject_id"] for c in new_claims if c["subject_type"] == "event")
    return len(new_claims)


def _refresh_touched(conn: Connection, touched: set[str]) -> None:
    """Refresh the event index for the resolved events of the event rows `touched`."""
    from veeduria.store.event_index import event_keys_of_rows, refresh_keys

    if touched:
        refresh_keys(conn, event_keys_of_rows(conn, touched))


def _conforms(store: SQLStore) -> Store:
    """Never called: mypy checks here that SQLStore implements the Store protocol."""
    return store


def _link_relation_actors(conn: Connection, rows: ExtractionRows) -> ExtractionRows:
    """Point relations whose names are not entities of this extraction at a stored actor,
    when exactly one stored actor has that name key."""
    for relation in rows.relations:
        for side in ("source", "target"):
            if relation[f"{side}_actor_id"] is not None:
                continue
            found = (
                conn.execute(
                    sa.select(actors.c.id).where(actors.c.key == relation[f"_{side}_key"]).limit(2)
                )
                .scalars()
                .all()
            )
            if len(found) == 1:
                relation[f"{side}_actor_id"] = found[0]
    for relation in rows.relations:
        relation.pop("_source_key", None)
        relation.pop("_target_key", None)
    return rows


def _document_record(row: Row[Any], *, with_text: bool) -> DocumentRecord:
    m = row._mapping
    return DocumentRecord(
        id=m["id"],
        sha256=m["sha256"],
        source_kind=m["source_kind"],
        source=m["source"],
        language=m["language"],
        title=m["title"],
        url=m["url"],
        publisher=m["publisher"],
        author=m["author"],
        published=m["published"],
        published_precision=m["published_precision"],
        retrieved_at=m["retrieved_at"],
        ingested_at=m["ingested_at"],
        length=m["length"],
        syndicated_of=m["syndicated_of"],
        syndication_similarity=m["syndication_similarity"],
        raw_sha256=m["raw_sha256"],
        page_starts=json.loads(m["page_starts"]) if m["page_starts"] is not None else None,
        text=m["text"] if with_text else None,
    )


def _claim_record(row: Row[Any], reviews: list[dict[str, Any]]) -> ClaimRecord:
    return ClaimRecord(
        id=row.id,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        property=row.property,
        value=json.loads(row.value),
        document_id=row.document_id,
        start=row.start,
        end=row.end,
        quote=row.quote,
        extractor=row.extractor,
        extractor_version=row.extractor_version,
        confidence=row.confidence,
        created_at=row.created_at,
        corrects=row.corrects,
        author=row.author,
        reviews=reviews,
    )
