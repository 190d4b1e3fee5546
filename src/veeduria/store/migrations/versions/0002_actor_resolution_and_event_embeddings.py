"""Cross-document resolution: `actors.resolved_id` and the `event_embeddings` cache.

`actors.resolved_id` holds each name node's resolved actor (derived by `veeduria resolve`);
`event_embeddings` caches the evidence sentence's embedding per event row and model.

Why plain `add_column` and not batch mode: on SQLite, adding a nullable column needs no table
copy, so the `actors` table (and any trigger on it) stays as it is. Autogenerate also proposes
dropping the FTS5 tables, which it cannot see in the metadata: left out on purpose.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_embeddings",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_embeddings_event_id_events")
        ),
        sa.PrimaryKeyConstraint("event_id", "model", name=op.f("pk_event_embeddings")),
    )
    op.add_column("actors", sa.Column("resolved_id", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_actors_resolved_id"), "actors", ["resolved_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_actors_resolved_id"), table_name="actors")
    with op.batch_alter_table("actors") as batch_op:
        batch_op.drop_column("resolved_id")
    op.drop_table("event_embeddings")
