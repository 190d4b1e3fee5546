"""Watchlists: the read-only list (API and page) and each list's Atom feed."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from webhelpers import login


def _add_lists(store: Any) -> None:
    from veeduria.store.watch import add_rule

    add_rule(store.engine, watchlist="peru", event_type="repression_killing", country="PE")
    add_rule(store.engine, watchlist="peru", actor="Dina Boluarte")
    add_rule(store.engine, watchlist="mining", actor="Hudbay Minerals", email="desk@example.org")


def test_watchlists_and_feed(client: TestClient, web_store: dict[str, Any]) -> None:
    assert client.get("/api/watchlists").json() == []
    _add_lists(web_store["store"])
    listed = client.get("/api/watchlists").json()
    assert [(w["name"], w["feed"]) for w in listed] == [
        ("peru", f"/watch/{listed[0]['id']}/feed.atom"),
        ("mining", f"/watch/{listed[1]['id']}/feed.atom"),
    ]
    assert [(r["actor"], r["event_type"], r["country"]) for r in listed[0]["rules"]] == [
        (None, "repression_killing", "PE"),
        ("Dina Boluarte", None, None),
    ]
    assert "email" not in listed[1]
    feed = client.get(listed[0]["feed"])
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "<title>veeduria watchlist: peru</title>" in feed.text
    assert f'href="/watch/{listed[0]["id"]}/feed.atom"' in feed.text
    missing = client.get("/watch/999999/feed.atom")
    assert missing.status_code == 404
    assert client.get("/watch/abc/feed.atom").status_code == 422


def test_watch_page(client: TestClient, web_store: dict[str, Any]) -> None:
    assert "veeduria watch add" in client.get("/watch").text
    _add_lists(web_store["store"])
    page = client.get("/watch?lang=es").text
    assert "Listas de seguimiento" in page and "Canal Atom" in page
    assert "peru" in page and "Hudbay Minerals" in page and 'href="/watch/' in page
    assert "desk@example.org" not in page


def test_feed_needs_a_login_in_team_mode(
    team_client: TestClient, sqlite_web_store: dict[str, Any]
) -> None:
    _add_lists(sqlite_web_store["store"])
    anonymous = team_client.get("/watch/1/feed.atom", follow_redirects=False)
    assert anonymous.status_code == 303  # to the login page, like every page
    assert anonymous.headers["location"].startswith("/login?next=")
    assert "<feed" not in anonymous.text
    assert login(team_client, "vera").status_code == 303  # a viewer may read it
    feed = team_client.get("/watch/1/feed.atom")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
