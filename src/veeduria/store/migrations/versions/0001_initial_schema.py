"""Initial schema: documents, blobs, actors, events, relations, tolls, claims, decisions.

Besides the tables (see `veeduria.store.schema`), this revision creates what autogenerate cannot
see: full-text search (FTS5 on SQLite; on PostgreSQL the `veeduria_simple` text search
configuration, which is `simple` plus `unaccent`, and a generated, GIN-indexed `search_vector`
column) and the triggers that keep evidence unchanged and decisions append-only.

Why a text search configuration and not `unaccent()` around the text: `to_tsvector` with an
explicit configuration is immutable, so it can be a generated column without an IMMUTABLE
wrapper around `unaccent`, and `ts_headline` then finds "Áñez" in the original text for a query
"Anez", so snippets keep their accents.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DOCUMENTS_MSG = "documents.id, sha256 and text are evidence and never change"
_CLAIMS_MSG = "claims never change their document, span, quote, subject, property or value"
_REVIEWS_MSG = "review decisions are append-only"
_JUDGEMENTS_MSG = "judgements are append-only"

SQLITE_DDL = [
    # A contentful FTS5 table keyed by document id: an external-content table would be keyed by
    # documents.rowid, which VACUUM may renumber (documents has a text primary key).
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        document_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (document_id, title, text) VALUES (NEW.id, NEW.title, NEW.text);
    END""",
    """CREATE TRIGGER documents_fts_title AFTER UPDATE OF title ON documents BEGIN
        UPDATE documents_fts SET title = NEW.title WHERE document_id = NEW.id;
    END""",
    f"""CREATE TRIGGER documents_evidence_immutable BEFORE UPDATE OF id, sha256, text ON documents
    WHEN NEW.id IS NOT OLD.id OR NEW.sha256 IS NOT OLD.sha256 OR NEW.text IS NOT OLD.text
    BEGIN SELECT RAISE(ABORT, 'veeduria: {_DOCUMENTS_MSG}'); END""",
    f"""CREATE TRIGGER claims_evidence_immutable BEFORE UPDATE ON claims
    WHEN NEW.id IS NOT OLD.id OR NEW.document_id IS NOT OLD.document_id
        OR NEW."start" IS NOT OLD."start" OR NEW."end" IS NOT OLD."end"
        OR NEW.quote IS NOT OLD.quote OR NEW.subject_type IS NOT OLD.subject_type
        OR NEW.subject_id IS NOT OLD.subject_id OR NEW.property IS NOT OLD.property
        OR NEW.value IS NOT OLD.value
    BEGIN SELECT RAISE(ABORT, 'veeduria: {_CLAIMS_MSG}'); END""",
    f"""CREATE TRIGGER review_decisions_no_update BEFORE UPDATE ON review_decisions
    BEGIN SELECT RAISE(ABORT, 'veeduria: {_REVIEWS_MSG}'); END""",
    f"""CREATE TRIGGER review_decisions_no_delete BEFORE DELETE ON review_decisions
    BEGIN SELECT RAISE(ABORT, 'veeduria: {_REVIEWS_MSG}'); END""",
    f"""CREATE TRIGGER judgements_no_update BEFORE UPDATE ON judgements
    BEGIN SELECT RAISE(ABORT, 'veeduria: {_JUDGEMENTS_MSG}'); END""",
    f"""CREATE TRIGGER judgements_no_delete BEFORE DELETE ON judgements
    BEGIN SELECT RAISE(ABORT, 'veeduria: {_JUDGEMENTS_MSG}'); END""",
]

POSTGRESQL_DDL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION veeduria_simple (COPY = pg_catalog.simple)",
    """ALTER TEXT SEARCH CONFIGURATION veeduria_simple
        ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart
        WITH unaccent, simple""",
    # A stored tsvector, so ranking many matches does not re-parse their texts. PostgreSQL
    # keeps it in step with title and text. Not in schema.py: it exists on PostgreSQL only.
    """ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('veeduria_simple'::regconfig, coalesce(title, '') || ' ' || text)) STORED""",
    "CREATE INDEX ix_documents_search ON documents USING gin (search_vector)",
    """CREATE FUNCTION veeduria_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING MESSAGE = 'veeduria: ' || TG_ARGV[0], ERRCODE = 'restrict_violation';
    END $$""",
    f"""CREATE TRIGGER documents_evidence_immutable BEFORE UPDATE ON documents FOR EACH ROW
    WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.sha256 IS DISTINCT FROM OLD.sha256
          OR NEW.text IS DISTINCT FROM OLD.text)
    EXECUTE FUNCTION veeduria_refuse_change('{_DOCUMENTS_MSG}')""",
    f"""CREATE TRIGGER claims_evidence_immutable BEFORE UPDATE ON claims FOR EACH ROW
    WHEN (NEW.id IS DISTINCT FROM OLD.id OR NEW.document_id IS DISTINCT FROM OLD.document_id
          OR NEW."start" IS DISTINCT FROM OLD."start" OR NEW."end" IS DISTINCT FROM OLD."end"
          OR NEW.quote IS DISTINCT FROM OLD.quote
          OR NEW.subject_type IS DISTINCT FROM OLD.subject_type
          OR NEW.subject_id IS DISTINCT FROM OLD.subject_id
          OR NEW.property IS DISTINCT FROM OLD.property OR NEW.value IS DISTINCT FROM OLD.value)
    EXECUTE FUNCTION veeduria_refuse_change('{_CLAIMS_MSG}')""",
    f"""CREATE TRIGGER review_decisions_append_only BEFORE UPDATE OR DELETE ON review_decisions
    FOR EACH ROW EXECUTE FUNCTION veeduria_refuse_change('{_REVIEWS_MSG}')""",
    f"""CREATE TRIGGER review_decisions_no_truncate BEFORE TRUNCATE ON review_decisions
    FOR EACH STATEMENT EXECUTE FUNCTION veeduria_refuse_change('{_REVIEWS_MSG}')""",
    f"""CREATE TRIGGER judgements_append_only BEFORE UPDATE OR DELETE ON judgements
    FOR EACH ROW EXECUTE FUNCTION veeduria_refuse_change('{_JUDGEMENTS_MSG}')""",
    f"""CREATE TRIGGER judgements_no_truncate BEFORE TRUNCATE ON judgements
    FOR EACH STATEMENT EXECUTE FUNCTION veeduria_refuse_change('{_JUDGEMENTS_MSG}')""",
]

_TABLES = [
    "review_decisions",
    "relations",
    "extraction_runs",
    "events",
    "death_tolls",
    "claims",
    "documents",
    "actor_aliases",
    "judgements",
    "blobs",
    "actors",
]


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "actors",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("key", "kind", name=op.f("uq_actors_key_kind")),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("mime", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("subject_type", sa.String(length=8), nullable=False),
        sa.Column("left_id", sa.String(length=64), nullable=False),
        sa.Column("right_id", sa.String(length=64), nullable=False),
        sa.Column("judgement", sa.String(length=8), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("machine", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "judgement IN ('same', 'not_same', 'unsure')", name=op.f("ck_judgements_judgement")
        ),
        sa.CheckConstraint(
            "subject_type IN ('actor', 'event')", name=op.f("ck_judgements_subject_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judgements")),
    )
    op.create_index(
        op.f("ix_judgements_subject_type_left_id"), "judgements", ["subject_type", "left_id"]
    )
    op.create_index(
        op.f("ix_judgements_subject_type_right_id"), "judgements", ["subject_type", "right_id"]
    )

    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(length=64), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("normalized", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_aliases_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias", name=op.f("pk_actor_aliases")),
    )
    op.create_index(op.f("ix_actor_aliases_normalized"), "actor_aliases", ["normalized"])

    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("published_precision", sa.String(length=8), nullable=True),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("raw_sha256", sa.String(length=64), nullable=True),
        sa.Column("page_starts", sa.Text(), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("syndicated_of", sa.String(length=64), nullable=True),
        sa.Column("syndication_similarity", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raw_sha256"], ["blobs.sha256"], name=op.f("fk_documents_raw_sha256_blobs")
        ),
        sa.ForeignKeyConstraint(
            ["syndicated_of"], ["documents.id"], name=op.f("fk_documents_syndicated_of_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    op.create_index(op.f("ix_documents_language"), "documents", ["language"])
    op.create_index(op.f("ix_documents_ingested_at"), "documents", ["ingested_at"])
    op.create_index(op.f("ix_documents_published"), "documents", ["published"])
    op.create_index(op.f("ix_documents_syndicated_of"), "documents", ["syndicated_of"])

    op.create_table(
        "claims",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("property", sa.String(length=48), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrects", sa.String(length=64), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.CheckConstraint('"start" >= 0 AND "end" >= "start"', name=op.f("ck_claims_span")),
        sa.ForeignKeyConstraint(
            ["corrects"], ["claims.id"], name=op.f("fk_claims_corrects_claims")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_claims_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_corrects"), "claims", ["corrects"])
    op.create_index(op.f("ix_claims_document_id_start"), "claims", ["document_id", "start"])
    op.create_index(
        op.f("ix_claims_subject_type_subject_id_property"),
        "claims",
        ["subject_type", "subject_id", "property"],
    )

    op.create_table(
        "death_tolls",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_death_tolls_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_death_tolls")),
    )
    op.create_index(op.f("ix_death_tolls_country_as_of"), "death_tolls", ["country", "as_of"])
    op.create_index(op.f("ix_death_tolls_document_id"), "death_tolls", ["document_id"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=True),
        sa.Column("trigger_end", sa.Integer(), nullable=True),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("cluster_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_events_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_cluster_id"), "events", ["cluster_id"])
    op.create_index(op.f("ix_events_document_id"), "events", ["document_id"])
    op.create_index(op.f("ix_events_type"), "events", ["type"])

    op.create_table(
        "extraction_runs",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("claims_written", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_extraction_runs_document_id_documents")
        ),
        sa.PrimaryKeyConstraint(
            "document_id", "extractor", "version", name=op.f("pk_extraction_runs")
        ),
    )
    op.create_index(
        op.f("ix_extraction_runs_extractor_version"), "extraction_runs", ["extractor", "version"]
    )

    op.create_table(
        "relations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("target_name", sa.Text(), nullable=False),
        sa.Column("source_actor_id", sa.String(length=64), nullable=True),
        sa.Column("target_actor_id", sa.String(length=64), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_relations_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["source_actor_id"], ["actors.id"], name=op.f("fk_relations_source_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["target_actor_id"], ["actors.id"], name=op.f("fk_relations_target_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relations")),
    )
    op.create_index(op.f("ix_relations_document_id"), "relations", ["document_id"])
    op.create_index(op.f("ix_relations_source_actor_id"), "relations", ["source_actor_id"])
    op.create_index(op.f("ix_relations_target_actor_id"), "relations", ["target_actor_id"])

    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("new_claim_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "decision IN ('accept', 'reject', 'edit')", name=op.f("ck_review_decisions_decision")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_review_decisions_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["new_claim_id"], ["claims.id"], name=op.f("fk_review_decisions_new_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    op.create_index(op.f("ix_review_decisions_claim_id"), "review_decisions", ["claim_id"])

    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            op.execute(statement)
    elif bind.dialect.name == "postgresql":
        for statement in POSTGRESQL_DDL:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS veeduria_simple")
    for table in _TABLES:
        # Dropping a table drops its indexes and triggers with it.
        op.drop_table(table)
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS veeduria_refuse_change()")
