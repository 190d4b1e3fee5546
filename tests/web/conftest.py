"""Web fixtures: the handmade review scenario plus an article carrying HTML and script, served
by `create_app` in local mode and in team mode (viewer, reviewer and admin accounts)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from veeduria.store.sql import SQLStore

from webhelpers import PASSWORD, build_web_scenario


@pytest.fixture
def web_store(store: SQLStore, tmp_path: Path) -> dict[str, Any]:
    """The scenario on each backend (API tests)."""
    return build_web_scenario(store, tmp_path)


@pytest.fixture
def sqlite_web_store(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The scenario on SQLite only (pages and accounts: nothing backend-specific)."""
    from veeduria.store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'web.db'}")
    opened.upgrade()
    try:
        yield build_web_scenario(opened, tmp_path)
    finally:
        opened.close()


@pytest.fixture(scope="module")
def page_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One read-only local-mode app per module, for tests that only read pages."""
    from fastapi.testclient import TestClient

    from veeduria.store import open_store
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

    tmp = tmp_path_factory.mktemp("pages")
    opened = open_store(f"sqlite:///{tmp / 'pages.db'}")
    opened.upgrade()
    built = build_web_scenario(opened, tmp)
    app = create_app(WebSettings(db_url=opened.url, local_user="ana"), store=opened)
    with TestClient(app) as c:
        c.ids = built["ids"]  # type: ignore[attr-defined]
        yield c
    opened.close()


@pytest.fixture
def client(web_store: dict[str, Any]) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

    store = web_store["store"]
    app = create_app(WebSettings(db_url=store.url, local_user="ana"), store=store)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def team_client(sqlite_web_store: dict[str, Any]) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from veeduria.store.users import UserFile
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

    web_store = sqlite_web_store
    users = web_store["tmp"] / "team.users.json"
    accounts = UserFile(users)
    for name, role in (("vera", "viewer"), ("rui", "reviewer"), ("ada", "admin")):
        accounts.add(name, PASSWORD, role)
    store = web_store["store"]
    settings = WebSettings(
        db_url=store.url, team=True, users_path=users, secret_key="s" * 40, login_attempts=3
    )
    with TestClient(create_app(settings, store=store)) as c:
        yield c
