"""Shared fixtures: a fresh evidence base per test, on SQLite and on PostgreSQL.

- `store`: an upgraded `SQLStore`, parametrized over "sqlite" (a file in tmp_path) and
  "postgresql" (a database of its own, created for the test and dropped after it), so one
  scenario runs on both backends. PostgreSQL params carry the `postgres` marker: deselect them
  with `-m "not postgres"`.
- `sqlite_url`: the URL of a fresh, not yet created, SQLite file.
- `pg_url`: the URL of a fresh, empty PostgreSQL database (no schema).

The PostgreSQL server comes from VEEDURIA_TEST_PG (default
postgresql://postgres@127.0.0.1:5432/test), used only as the maintenance connection that
creates and drops the per-test databases, so tests are isolated and may run in parallel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

DEFAULT_TEST_PG = "postgresql://postgres@127.0.0.1:5432/test"

_pg_state: dict[str, Any] = {}


def _pg_admin_url() -> str:
    return os.environ.get("VEEDURIA_TEST_PG", DEFAULT_TEST_PG)


def _try_connect(url: str) -> Exception | None:
    import sqlalchemy as sa

    from veeduria.config import resolve_db_url

    engine = sa.create_engine(resolve_db_url(url), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return None
    except Exception as exc:  # any failure means "not reachable" for the purpose of skipping
        return exc
    finally:
        engine.dispose()


def _start_local_cluster() -> None:
    """Start the local Debian cluster if its tools are installed (the dev container's)."""
    if shutil.which("pg_ctlcluster") is None:
        return
    versions = sorted(p.name for p in Path("/etc/postgresql").glob("*") if p.is_dir())
    if not versions:
        return
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
        capture_output=True,
        timeout=60,
        check=False,
    )


def _pg_server() -> str:
    """The maintenance URL, or skip the test when no server can be reached."""
    if "error" not in _pg_state:
        url = _pg_admin_url()
        error = _try_connect(url)
        if error is not None:
            _start_local_cluster()
            error = _try_connect(url)
        _pg_state["error"] = error
    if _pg_state["error"] is not None:
        pytest.skip(
            f"PostgreSQL not reachable at {_pg_admin_url()}: start it or set "
            "VEEDURIA_TEST_PG=postgresql://user@host:port/db to run the store tests on PostgreSQL"
        )
    return _pg_admin_url()


def _admin(sql: str) -> None:
    import sqlalchemy as sa

    from veeduria.config import resolve_db_url

    engine = sa.create_engine(resolve_db_url(_pg_admin_url()), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, dropped afterwards."""
    admin = _pg_server()
    name = f"veeduria_t_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"')
    from sqlalchemy.engine import make_url

    from veeduria.config import resolve_db_url

    url = make_url(resolve_db_url(admin)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file URL in tmp_path; the file does not exist yet."""
    return f"sqlite:///{tmp_path / 'veeduria.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[SQLStore]:
    """An upgraded, empty store on each backend."""
    from veeduria.store import open_store

    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("pg_url")
    opened = open_store(url)
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()
