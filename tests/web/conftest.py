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

from webhelpers import HOSTILE, PASSWORD


def ingest_hostile(store: SQLStore, tmp_path: Path) -> str:
    """Ingest the hostile article through the real pipeline; returns its document id."""
    from veeduria.ingest.pipeline import ingest

    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    report = ingest(store, [str(path)])
    assert not report.failures
    found = store.search("onerror")
    assert found, "the hostile article must be searchable"
    return found[0].document_id


@pytest.fixture
def web_store(store: SQLStore, tmp_path: Path) -> dict[str, Any]:
    from veeduria.review.testing import build_scenario

    ids = build_scenario(store)
    ids["hostile"] = ingest_hostile(store, tmp_path)
    return {"store": store, "ids": ids, "tmp": tmp_path}


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
def team_client(web_store: dict[str, Any]) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    from veeduria.store.users import UserFile
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings

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
