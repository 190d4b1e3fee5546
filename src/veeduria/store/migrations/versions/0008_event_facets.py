"""Event facets: `event_facets`, the types and countries of the events that are not `simple`.

A type or country filter on the timeline checks the events that are not `simple` (clusters,
several countries) row by row. At a million events with 100,000 clusters that was 0.4 s of a
filtered timeline request: every cluster newer than the page's last date was read. The new
derived table holds, for each such event, the types of its rows and the country strings of its
claims, indexed by (facet, value, key), so the filter reads only the events that can match
(see `veeduria.store.event_index`). Filled here for existing stores.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_facets",
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", "key", name=op.f("pk_event_facets")),
    )
    op.create_index(op.f("ix_event_facets_key"), "event_facets", ["key"], unique=False)
    from veeduria.store.event_index import refresh_facets

    refresh_facets(op.get_bind())


def downgrade() -> None:
    op.drop_index(op.f("ix_event_facets_key"), table_name="event_facets")
    op.drop_table("event_facets")
