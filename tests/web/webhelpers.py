"""Helpers the web tests share (imported by name: tests/web is on sys.path)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from fastapi.testclient import TestClient

    from veeduria.store.sql import SQLStore

HOSTILE = (
    "Hostile markup test\n\n"
    'Protesters in Juliaca wrote <script>alert("xss")</script> on a wall. '
    "A caption read <img src=x onerror=alert(1)> and nothing else.\n"
)
PASSWORD = "correct horse battery"


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The CSRF token a page hands its scripts."""
    page = client.get(path)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:300]
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> Any:
    token = csrf_of(client, "/login")
    return client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )


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


def build_web_scenario(store: SQLStore, tmp_path: Path) -> dict[str, Any]:
    from veeduria.review.testing import build_scenario

    ids = build_scenario(store)
    ids["hostile"] = ingest_hostile(store, tmp_path)
    return {"store": store, "ids": ids, "tmp": tmp_path}
