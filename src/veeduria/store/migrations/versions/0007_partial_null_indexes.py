"""Partial indexes on the mostly-NULL columns `events.cluster_id`, `actors.resolved_id` and
`claims.corrects`.

Until `veeduria resolve` runs, every `cluster_id` and `resolved_id` is NULL, and `corrects` is
NULL for every claim but reviewers' edits. ANALYZE then tells SQLite that such an index holds one
value for all rows, so it scans the table instead (the event page's `cluster_id = ?` look-up,
the timeline's cluster member look-ups, the actor look-ups): 0.2-0.6 s per request at 128,000
events. An index of the non-NULL rows only has the statistics of the values that can match, is
smaller, and serves every `=` and `IN` on the column on both backends. Found by the query plan
tests (tests/scale/test_query_plans.py) and bench/scale.py.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (("events", "cluster_id"), ("actors", "resolved_id"), ("claims", "corrects"))


def upgrade() -> None:
    for table, column in _COLUMNS:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            name, table, [column], unique=False, sqlite_where=where, postgresql_where=where
        )


def downgrade() -> None:
    for table, column in _COLUMNS:
        name = f"ix_{table}_{column}"
        op.drop_index(name, table_name=table)
        op.create_index(name, table, [column], unique=False)
