"""Event index: `event_index`, one derived row per resolved event, filled for existing stores.

A new table only (see `veeduria.store.event_index`); the upgrade backfills it from the events
and claims already stored, with the same code that keeps it fresh. Autogenerate also proposes
dropping the FTS5 tables, which it cannot see in the metadata: left out on purpose.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from veeduria.store.schema import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_index",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("sort_date", sa.String(length=32), nullable=True),
        sa.Column("sort_date_reviewed", sa.String(length=32), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_end", sa.String(length=32), nullable=True),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geo_precision", sa.String(length=16), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False),
        sa.Column("simple", sa.Boolean(), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_event_index")),
    )
    for columns in (
        ["country", "sort_date", "key"],
        ["reviewed", "sort_date_reviewed", "key"],
        ["sort_date", "key"],
        ["type", "sort_date", "key"],
    ):
        op.create_index(
            op.f("ix_event_index_" + "_".join(columns)), "event_index", columns, unique=False
        )
    from veeduria.store.event_index import refresh_keys

    refresh_keys(op.get_bind(), facets=False)  # event_facets comes with 0008


def downgrade() -> None:
    for name in (
        "ix_event_index_type_sort_date_key",
        "ix_event_index_sort_date_key",
        "ix_event_index_reviewed_sort_date_reviewed_key",
        "ix_event_index_country_sort_date_key",
    ):
        op.drop_index(op.f(name), table_name="event_index")
    op.drop_table("event_index")
