"""Database URLs: what users type, and the messages when it cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest

from veeduria.config import ConfigError, display_url, resolve_db_url, sqlite_path


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("sqlite:///veeduria.db", "sqlite:///veeduria.db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("sqlite://", "sqlite://"),
        ("sqlite:///:memory:", "sqlite://"),
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_resolve_db_url(given: str, resolved: str) -> None:
    assert resolve_db_url(given) == resolved


def test_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VEEDURIA_DB", raising=False)
    assert resolve_db_url(None) == "sqlite:///veeduria.db"
    monkeypatch.setenv("VEEDURIA_DB", "postgresql://u@h/db")
    assert resolve_db_url(None) == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("veeduria.db", "did you mean sqlite:///veeduria.db"),
        ("localhost", "is not a URL"),
        ("mysql://u@h/db", "unsupported kind 'mysql'"),
        ("postgresql+psycopg2://u@h/db", "veeduria uses psycopg 3"),
        ("sqlite:/x.db", "is not a URL"),
        ("sqlite://x.db", "has no file"),
        ("postgresql://", "names no server"),
        ("  ", "empty database URL"),
    ],
)
def test_bad_urls(given: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        resolve_db_url(given)


def test_sqlite_path_and_display() -> None:
    assert sqlite_path("sqlite:///data/v.db") == Path("data/v.db")
    assert sqlite_path("sqlite://") is None
    assert sqlite_path("postgresql://u@h/db") is None
    assert display_url("postgresql://u:secret@h/db") == "postgresql://u:***@h/db"
