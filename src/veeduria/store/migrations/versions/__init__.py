"""Alembic revisions, one module each, applied in order by `Store.upgrade()`."""
