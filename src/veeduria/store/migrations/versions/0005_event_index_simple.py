"""Event index: an index on `event_index(simple, key)`.

A type or country filter on the timeline reads the events that are not `simple` (several rows
or countries) row by row; picking them out scanned the whole index table. Found by the query
plan tests (tests/scale/test_query_plans.py).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_event_index_simple_key"), "event_index", ["simple", "key"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_event_index_simple_key"), table_name="event_index")
