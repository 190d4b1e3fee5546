"""The evidence base's tables, in SQLAlchemy Core, one schema for SQLite and PostgreSQL.

This module describes the *current* schema; the Alembic revisions in `store/migrations/versions`
create and change the real tables. A test compares the two, so a change here without a
revision (or the other way round) fails CI.

Tables:

- `documents`: the evidence. `id` is supplied by ingest (derived from the normalized-text
  hash), `sha256` is that hash (unique), `text` is the normalized text that every span points
  into and is never changed (a trigger refuses it). `published` keeps its precision as a prefix
  ("2019", "2019-11", "2019-11-15"); `page_starts` is a JSON list of page offsets (PDFs);
  `minhash` the serialized near-duplicate signature; `syndicated_of` points to the earlier copy
  of the same wire story. `length` is `len(text)`, kept so listings need not read the text.
- `blobs`: original bytes by SHA-256 of the bytes, stored once however often they are ingested.
- `actors`, `actor_aliases`: one row per (accent- and case-folded name, kind): a *name node*,
  whose id survives re-extraction. Cross-document resolution (`veeduria resolve`) groups the
  nodes into real-world actors and writes each node's actor in `actors.resolved_id` (the id
  of the group's representative node): derived state, recomputed from claims and judgements.
- `events`, `relations`, `death_tolls`: per-document rows, with deterministic ids, that claims
  hang from. `events.cluster_id` is set by cross-document clustering (`veeduria resolve`) on
  the rows of every event that two or more documents report (NULL: an event of its own).
- `event_embeddings`: a cache of each event row's evidence-sentence embedding per model, so
  that clustering embeds a sentence once.
- `claims`: the facts. One value (JSON text) about one subject, with the document span and the
  exact quote, the extractor and its version. An edit by a reviewer is a new claim whose
  `corrects` names the claim it replaces. Quote, span, document and value never change.
- `review_decisions`, `judgements`: append-only human (and machine) decisions; triggers refuse
  UPDATE and DELETE.
- `extraction_runs`: which extractor at which version has processed which document, so a run
  can resume and a new version can re-run.
- `ingest_checkpoints`: per table file (JSONL/CSV) being ingested, the rows and bytes already
  committed, written in the same transaction as each batch of documents, so an interrupted
  ingest resumes there; the file is recognized by a hash of its head and of the bytes before
  the offset. The row is deleted when the file has been read to the end.

Search: SQLite keeps an FTS5 table `documents_fts` (filled by triggers), PostgreSQL a generated
`documents.search_vector` column (not declared here: PostgreSQL only) with a GIN index, built
with the `veeduria_simple` text search configuration (simple + unaccent).
Both, and the immutability triggers, are created in the migrations with raw DDL. Note for
future migrations: Alembic's batch mode on SQLite re-creates a table and so drops its triggers;
re-create them in the same revision.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = [
    "SEARCH_CONFIG",
    "UTCDateTime",
    "actor_aliases",
    "actors",
    "alert_deliveries",
    "blobs",
    "claims",
    "death_tolls",
    "documents",
    "event_embeddings",
    "event_facets",
    "event_index",
    "events",
    "extraction_runs",
    "ingest_checkpoints",
    "judgements",
    "metadata",
    "relations",
    "review_decisions",
    "watch_rules",
    "watchlists",
]

#: The PostgreSQL text search configuration created by the first revision.
SEARCH_CONFIG = "veeduria_simple"

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timestamps stored in UTC and always returned timezone-aware.

    SQLite keeps no time zone, PostgreSQL does; this makes both give back the same value.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _now() -> datetime:
    return datetime.now(UTC)


#: The rows of the partial index on event actor claims. A query uses that index only when its
#: WHERE clause names these same literals (`reading.event_actor_claims`).
EVENT_ACTOR_CLAIMS = sa.text("subject_type = 'event' AND property = 'actor'")


def _not_null_index(column: str) -> sa.Index:
    """An index of the rows where `column` is set: for mostly-NULL columns, whose statistics
    would otherwise make SQLite scan instead (migration 0007)."""
    where = sa.text(f"{column} IS NOT NULL")
    return sa.Index(None, column, sqlite_where=where, postgresql_where=where)


blobs = sa.Table(
    "blobs",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("mime", sa.Text),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
)

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("length", sa.Integer, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("publisher", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.String(10)),
    sa.Column("published_precision", sa.String(8)),
    sa.Column("retrieved_at", UTCDateTime),
    sa.Column("ingested_at", UTCDateTime, nullable=False, default=_now),
    sa.Column("language", sa.String(8)),
    sa.Column("source_kind", sa.String(16), nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("raw_sha256", sa.String(64), sa.ForeignKey("blobs.sha256")),
    sa.Column("page_starts", sa.Text),  # JSON list of ints
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("syndicated_of", sa.String(64), sa.ForeignKey("documents.id")),
    sa.Column("syndication_similarity", sa.Float),
    sa.Index(None, "published"),
    sa.Index(None, "ingested_at"),
    sa.Index(None, "language"),
    sa.Index(None, "syndicated_of"),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("key", sa.Text, nullable=False),  # accent- and case-folded name
    sa.Column("country", sa.String(2)),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Column("resolved_id", sa.String(64)),  # derived: the resolved actor (veeduria resolve)
    sa.UniqueConstraint("key", "kind"),
    _not_null_index("resolved_id"),
    _not_null_index("country"),  # the actor graph's country filter (migration 0009)
)

actor_aliases = sa.Table(
    "actor_aliases",
    metadata,
    sa.Column("actor_id", sa.String(64), sa.ForeignKey("actors.id"), primary_key=True),
    sa.Column("alias", sa.Text, primary_key=True),
    sa.Column("normalized", sa.Text, nullable=False),
    sa.Index(None, "normalized"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("type", sa.String(48), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),  # the evidence sentence
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("trigger_start", sa.Integer),
    sa.Column("trigger_end", sa.Integer),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("cluster_id", sa.String(64)),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Index(None, "document_id"),
    sa.Index(None, "type"),
    _not_null_index("cluster_id"),
)

event_index = sa.Table(
    "event_index",
    metadata,
    # Derived state (`veeduria.store.event_index`): one row per resolved event, so listings
    # page through an index instead of grouping every event row. Rebuilt from events and
    # claims at any time; never the source of a value shown as evidence.
    sa.Column("key", sa.String(64), primary_key=True),  # cluster id, or the event row's id
    sa.Column("type", sa.String(48), nullable=False),  # the most common events.type
    sa.Column("sort_date", sa.String(32)),  # latest usable date (as event_page sorts)
    sa.Column("sort_date_reviewed", sa.String(32)),  # latest reviewed date
    sa.Column("date_precision", sa.String(8)),
    sa.Column("date_end", sa.String(32)),
    sa.Column("country", sa.String(8)),  # the most common usable country claim
    sa.Column("place", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.String(16)),
    sa.Column("fatalities", sa.Integer),  # the conservative figure
    sa.Column("reviewed", sa.Boolean, nullable=False),  # has a reviewed claim
    # one event row and at most one usable country: row filters equal event filters
    sa.Column("simple", sa.Boolean, nullable=False),
    sa.Column("reports", sa.Integer, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index(None, "sort_date", "key"),
    sa.Index(None, "country", "sort_date", "key"),
    sa.Index(None, "type", "sort_date", "key"),
    sa.Index(None, "reviewed", "sort_date_reviewed", "key"),
    sa.Index(None, "simple", "key"),  # the events a type/country filter checks row by row
)

event_facets = sa.Table(
    "event_facets",
    metadata,
    # Derived state beside `event_index` (migration 0008): for each event that is not
    # `simple`, every type of its rows and every country string its claims name, so a type or
    # country filter finds the few such events that can match through this index instead of
    # checking all of them row by row. A superset: the row query still decides.
    sa.Column("facet", sa.String(16), primary_key=True),  # "type" or "country"
    sa.Column("value", sa.Text, primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),  # event_index.key
    sa.Index(None, "key"),
)

event_embeddings = sa.Table(
    "event_embeddings",
    metadata,
    sa.Column("event_id", sa.String(64), sa.ForeignKey("events.id"), primary_key=True),
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float16
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
)

relations = sa.Table(
    "relations",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("type", sa.String(32), nullable=False),
    sa.Column("source_name", sa.Text, nullable=False),
    sa.Column("target_name", sa.Text, nullable=False),
    sa.Column("source_actor_id", sa.String(64), sa.ForeignKey("actors.id")),
    sa.Column("target_actor_id", sa.String(64), sa.ForeignKey("actors.id")),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Index(None, "document_id"),
    sa.Index(None, "source_actor_id"),
    sa.Index(None, "target_actor_id"),
)

death_tolls = sa.Table(
    "death_tolls",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("country", sa.String(2)),
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("as_of", sa.String(10)),
    sa.Column("scope", sa.Text),
    sa.Column("start", sa.Integer, nullable=False),  # the words that state the figure
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Index(None, "document_id"),
    sa.Index(None, "country", "as_of"),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("subject_type", sa.String(16), nullable=False),
    sa.Column("subject_id", sa.String(64), nullable=False),
    sa.Column("property", sa.String(48), nullable=False),
    sa.Column("value", sa.Text, nullable=False),  # JSON
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("extractor", sa.String(64), nullable=False),
    sa.Column("extractor_version", sa.String(32), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Column("corrects", sa.String(64), sa.ForeignKey("claims.id")),
    sa.Column("author", sa.Text),
    sa.CheckConstraint('"start" >= 0 AND "end" >= "start"', name="span"),
    sa.Index(None, "document_id", "start"),
    sa.Index(None, "subject_type", "subject_id", "property"),
    _not_null_index("corrects"),
    # The events an actor filter asks for, found from the actor's names (migration 0009).
    sa.Index(
        "ix_claims_event_actor_value",
        "value",
        sqlite_where=EVENT_ACTOR_CLAIMS,
        postgresql_where=EVENT_ACTOR_CLAIMS,
    ),
)

review_decisions = sa.Table(
    "review_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("claim_id", sa.String(64), sa.ForeignKey("claims.id"), nullable=False),
    sa.Column("decision", sa.String(8), nullable=False),
    sa.Column("reviewer", sa.Text, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("new_claim_id", sa.String(64), sa.ForeignKey("claims.id")),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.CheckConstraint("decision IN ('accept', 'reject', 'edit')", name="decision"),
    sa.Index(None, "claim_id"),
)

judgements = sa.Table(
    "judgements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subject_type", sa.String(8), nullable=False),
    sa.Column("left_id", sa.String(64), nullable=False),
    sa.Column("right_id", sa.String(64), nullable=False),
    sa.Column("judgement", sa.String(8), nullable=False),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("machine", sa.Boolean, nullable=False, default=False),
    sa.Column("comment", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.CheckConstraint("subject_type IN ('actor', 'event')", name="subject_type"),
    sa.CheckConstraint("judgement IN ('same', 'not_same', 'unsure')", name="judgement"),
    sa.Index(None, "subject_type", "left_id"),
    sa.Index(None, "subject_type", "right_id"),
)

extraction_runs = sa.Table(
    "extraction_runs",
    metadata,
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("extractor", sa.String(64), primary_key=True),
    sa.Column("version", sa.String(32), primary_key=True),
    sa.Column("claims_written", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Index(None, "extractor", "version"),
)

ingest_checkpoints = sa.Table(
    "ingest_checkpoints",
    metadata,
    sa.Column("path", sa.Text, primary_key=True),  # absolute path of the table file
    sa.Column("size", sa.BigInteger, nullable=False),  # when the checkpoint was written
    sa.Column("head_sha256", sa.String(64), nullable=False),  # of the first 64 KiB read
    sa.Column("rows_done", sa.BigInteger, nullable=False),  # rows committed (numbered from 1)
    sa.Column("byte_offset", sa.BigInteger, nullable=False),  # where the next row starts
    sa.Column("before_sha256", sa.String(64), nullable=False),  # of the 64 KiB before it
    sa.Column("updated_at", UTCDateTime, nullable=False),
)

# -- watchlists and alerts (veeduria.alerts; SQL in veeduria.store.watch) ----------------------
# A watchlist is a named set of rules (an actor, an event type, a country: every given field
# must match, any rule may) with its channels; `alert_deliveries` records, per watchlist, event
# and channel, that an event was delivered (or failed, to be retried), and with channel "*" the
# events that already matched at a rule's first run (the baseline, never delivered).

watchlists = sa.Table(
    "watchlists",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("email", sa.Text),
    sa.Column("webhook", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
)

watch_rules = sa.Table(
    "watch_rules",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("watchlist_id", sa.Integer, sa.ForeignKey("watchlists.id"), nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("event_type", sa.String(48)),
    sa.Column("country", sa.String(2)),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Column("started_at", UTCDateTime),  # first run; what matched before is the baseline
    sa.Index(None, "watchlist_id"),
)

alert_deliveries = sa.Table(
    "alert_deliveries",
    metadata,
    sa.Column("watchlist_id", sa.Integer, sa.ForeignKey("watchlists.id"), primary_key=True),
    # the same report of the same event (document, sentence, type) across extractor versions
    sa.Column("item_key", sa.String(64), primary_key=True),
    sa.Column("channel", sa.String(32), primary_key=True),
    sa.Column("event_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("error", sa.Text),
    sa.Column("created_at", UTCDateTime, nullable=False, default=_now),
    sa.Column("delivered_at", UTCDateTime),
    sa.CheckConstraint("status IN ('delivered', 'failed', 'baseline')", name="status"),
    sa.Index(None, "watchlist_id", "channel", "delivered_at"),
)
