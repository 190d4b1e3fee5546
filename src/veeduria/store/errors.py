"""Errors the store raises for situations a user can fix; messages say how."""

from __future__ import annotations

__all__ = [
    "DatabaseNotFound",
    "MissingDependency",
    "SchemaMissing",
    "SchemaOutdated",
    "SchemaTooNew",
    "StoreError",
]


class StoreError(Exception):
    """Base class: the evidence base cannot be used as asked."""


class DatabaseNotFound(StoreError):
    """A read command was pointed at a SQLite file that does not exist yet."""


class SchemaMissing(StoreError):
    """The database exists but holds no veeduria schema."""


class SchemaOutdated(StoreError):
    """The database is at an older revision than this veeduria needs."""


class SchemaTooNew(StoreError):
    """The database was migrated by a newer veeduria than this one."""


class MissingDependency(StoreError, ImportError):
    """An optional extra the chosen database needs is not installed; the message names it."""
