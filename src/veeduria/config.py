"""Settings from flags and VEEDURIA_* variables, resolved in one place.

The database URL is what users type most often and get wrong most often, so it is checked here
and turned into the exact SQLAlchemy URL the store opens: `postgresql://` and `postgres://` use
the psycopg (3) driver, `sqlite:///FILE` a file, `sqlite://` an in-memory database (tests).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///veeduria.db"
DB_ENV = "VEEDURIA_DB"

__all__ = [
    "DB_ENV",
    "DEFAULT_DB_URL",
    "ConfigError",
    "display_url",
    "is_sqlite",
    "resolve_db_url",
    "sqlite_path",
]


class ConfigError(ValueError):
    """A setting that cannot work; the message says how to fix it."""


_EXAMPLES = "use sqlite:///veeduria.db (a file) or postgresql://user@host:5432/dbname"


def resolve_db_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for `url`, else $VEEDURIA_DB, else the default SQLite file.

    Raises ConfigError with a hint for URLs the store cannot open.
    """
    raw = (url if url is not None else os.environ.get(DB_ENV) or DEFAULT_DB_URL).strip()
    if not raw:
        raise ConfigError(f"empty database URL: {_EXAMPLES}")
    if "://" not in raw:
        if ":" not in raw and raw.endswith((".db", ".sqlite", ".sqlite3")):
            raise ConfigError(
                f"database URL {raw!r} is a file name, not a URL: did you mean sqlite:///{raw} ?"
            )
        raise ConfigError(f"database URL {raw!r} is not a URL: {_EXAMPLES}")
    scheme, rest = raw.split("://", 1)
    scheme_lower = scheme.lower()
    if scheme_lower in ("postgresql", "postgres", "postgresql+psycopg"):
        if rest in ("", "/"):
            raise ConfigError(f"database URL {raw!r} names no server or database: {_EXAMPLES}")
        return "postgresql+psycopg://" + rest
    if scheme_lower.startswith(("postgresql+", "postgres+")):
        raise ConfigError(
            f"database URL {raw!r} asks for a driver veeduria does not use: "
            "write postgresql://… (veeduria uses psycopg 3)"
        )
    if scheme_lower in ("sqlite", "sqlite+pysqlite"):
        if rest in ("", "/:memory:"):
            return "sqlite://"
        if not rest.startswith("/") or rest == "/":
            raise ConfigError(
                f"database URL {raw!r} has no file: write sqlite:///relative/path.db "
                "or sqlite:////absolute/path.db"
            )
        return "sqlite:///" + rest[1:]
    raise ConfigError(f"database URL {raw!r}: unsupported kind {scheme!r}; {_EXAMPLES}")


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other databases and in-memory SQLite)."""
    resolved = resolve_db_url(url)
    if not resolved.startswith("sqlite:///"):
        return None
    path = resolved[len("sqlite:///") :]
    if "?" in path:
        path = path.split("?", 1)[0]
    return Path(path)


def display_url(url: str) -> str:
    """The URL as users wrote it, with any password masked, for messages."""
    if "://" not in url or "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    if ":" in creds:
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
