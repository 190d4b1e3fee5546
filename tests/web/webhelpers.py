"""Helpers the web tests share (imported by name: tests/web is on sys.path)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

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
