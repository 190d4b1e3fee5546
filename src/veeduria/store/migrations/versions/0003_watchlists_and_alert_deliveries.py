"""Watchlists and alert deliveries: `watchlists`, `watch_rules`, `alert_deliveries`.

New tables only (see `veeduria.store.watch`), so nothing existing is copied or touched.
Autogenerate also proposes dropping the FTS5 tables, which it cannot see in the metadata: left
out on purpose.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("webhook", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlists")),
        sa.UniqueConstraint("name", name=op.f("uq_watchlists_name")),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("watchlist_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('delivered', 'failed', 'baseline')",
            name=op.f("ck_alert_deliveries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["watchlist_id"],
            ["watchlists.id"],
            name=op.f("fk_alert_deliveries_watchlist_id_watchlists"),
        ),
        sa.PrimaryKeyConstraint(
            "watchlist_id", "item_key", "channel", name=op.f("pk_alert_deliveries")
        ),
    )
    op.create_index(
        op.f("ix_alert_deliveries_watchlist_id_channel_delivered_at"),
        "alert_deliveries",
        ["watchlist_id", "channel", "delivered_at"],
        unique=False,
    )
    op.create_table(
        "watch_rules",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("watchlist_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("event_type", sa.String(length=48), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["watchlist_id"], ["watchlists.id"], name=op.f("fk_watch_rules_watchlist_id_watchlists")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_rules")),
    )
    op.create_index(
        op.f("ix_watch_rules_watchlist_id"), "watch_rules", ["watchlist_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_watch_rules_watchlist_id"), table_name="watch_rules")
    op.drop_table("watch_rules")
    op.drop_index(
        op.f("ix_alert_deliveries_watchlist_id_channel_delivered_at"),
        table_name="alert_deliveries",
    )
    op.drop_table("alert_deliveries")
    op.drop_table("watchlists")
