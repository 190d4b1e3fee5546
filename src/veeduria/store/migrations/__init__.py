"""Alembic migrations of the evidence base, shipped inside the package.

No alembic.ini is needed: `veeduria.store.migrate.alembic_config()` builds the configuration in
code. To write a new revision (developers), from the repository root:

    python -m veeduria.store.migrate revision -m "what changes" --autogenerate

then review the generated file (autogenerate cannot see triggers, FTS or search indexes).
"""
