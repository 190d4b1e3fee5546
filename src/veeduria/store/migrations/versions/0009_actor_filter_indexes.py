"""Partial indexes on the values of event actor claims and on `actors.country`.

The timeline, the events list and the web pages filtered by an actor grouped every event row
and tested each with a correlated EXISTS on its actor claims: 1.7 s at a million events on
PostgreSQL, a walk of the whole `events` table on SQLite (tests/scale/test_query_plans.py). With
the claims of property 'actor' on events indexed by value, the filter starts from the actor's
names and reads only their events (`veeduria.store.reading._row_event_page`). The actor
graph's country filter likewise starts from the country's actors (`actors.country`, indexed
where set) and reads their relations through the source and target indexes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ix_claims_event_actor_value"
EVENT_ACTOR_CLAIMS = sa.text("subject_type = 'event' AND property = 'actor'")


def upgrade() -> None:
    where = sa.text("country IS NOT NULL")
    op.create_index(
        "ix_actors_country",
        "actors",
        ["country"],
        unique=False,
        sqlite_where=where,
        postgresql_where=where,
    )
    op.create_index(
        NAME,
        "claims",
        ["value"],
        unique=False,
        sqlite_where=EVENT_ACTOR_CLAIMS,
        postgresql_where=EVENT_ACTOR_CLAIMS,
    )


def downgrade() -> None:
    op.drop_index(NAME, table_name="claims")
    op.drop_index("ix_actors_country", table_name="actors")
