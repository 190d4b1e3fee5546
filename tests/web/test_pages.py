"""Pages render, escape article text, and team mode enforces accounts, roles and CSRF."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from webhelpers import csrf_of, login

PAGES = [
    "/",
    "/search?q=Juliaca",
    "/documents/doc-a",
    "/events/k-juliaca",
    "/timeline",
    "/map",
    "/network",
    "/network?mode=actors",
    "/review",
    "/patterns",
    "/patterns/killings-without-legal-action?as_of=2025-01-01&lang=es",
    "/watch",
    "/api/docs",
    "/?lang=es",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_render(page_client: TestClient, path: str) -> None:
    response = page_client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "cdn" not in response.text.lower()


def test_spanish_interface(page_client: TestClient) -> None:
    assert "Cronología" in page_client.get("/timeline?lang=es").text


def test_hostile_article_shows_as_text(page_client: TestClient) -> None:
    client = page_client
    page = client.get(f"/documents/{client.ids['hostile']}").text  # type: ignore[attr-defined]
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    hits = client.get("/search?q=onerror").text
    assert "<img src=x" not in hits


def test_team_mode_requires_login(team_client: TestClient) -> None:
    assert team_client.get("/api/me").status_code == 401
    assert team_client.get("/", follow_redirects=False).headers["location"] == "/login?next=/"


def test_viewer_cannot_review(team_client: TestClient) -> None:
    assert login(team_client, "vera").status_code == 303
    assert team_client.get("/api/me").json()["role"] == "viewer"
    token = csrf_of(team_client)
    claim = team_client.get("/api/review/queue").json()["items"][0]["claim"]["id"]
    denied = team_client.post(
        f"/api/claims/{claim}/review",
        json={"decision": "accept"},
        headers={"X-CSRF-Token": token},
    )
    assert denied.status_code == 403
    assert "Accept" not in team_client.get("/events/k-juliaca").text.split("<table", 1)[1]


def test_reviewer_reviews_with_csrf(team_client: TestClient) -> None:
    login(team_client, "rui")
    token = csrf_of(team_client)
    claim = team_client.get("/api/review/queue").json()["items"][0]["claim"]["id"]
    url = f"/api/claims/{claim}/review"
    assert team_client.post(url, json={"decision": "reject"}).status_code == 403
    done = team_client.post(url, json={"decision": "reject"}, headers={"X-CSRF-Token": token})
    assert done.json()["state"] == "rejected"
    assert done.json()["reviews"][-1]["reviewer"] == "rui"


def test_login_is_rate_limited(team_client: TestClient) -> None:
    for _ in range(3):
        assert login(team_client, "ada", "wrong password!").status_code == 401
    assert login(team_client, "ada").status_code == 429


def test_users_file_is_private(tmp_path: Path) -> None:
    from veeduria.store.users import UserError, UserFile

    path = tmp_path / "u.json"
    users = UserFile(path)
    users.add("ana", "long enough password", "reviewer")
    assert path.stat().st_mode & 0o777 == 0o600
    assert "long enough" not in path.read_text()
    assert users.verify("ana", "long enough password") is not None
    assert users.verify("ana", "nope") is None
    assert users.set_role("ana", "admin").role == "admin"
    with pytest.raises(UserError):
        users.add("ana", "another password", "viewer")


def test_edit_form_for_reviewers(page_client: TestClient, team_client: TestClient) -> None:
    page = page_client.get("/events/k-juliaca").text  # local mode: the user is an admin
    assert page.count('class="edit-claim-form"') == 9  # type, country, fatalities: 3 reports
    assert 'data-kind="int"' in page and 'name="comment"' in page
    assert login(team_client, "vera").status_code == 303
    assert "edit-claim-form" not in team_client.get("/events/k-juliaca").text


def test_edited_claim_is_marked(team_client: TestClient) -> None:
    assert login(team_client, "rui").status_code == 303
    detail = team_client.get("/api/events/k-juliaca").json()
    claim = next(c for c in detail["claims"] if c["property"] == "fatalities")
    done = team_client.post(
        f"/api/claims/{claim['id']}/review",
        json={"decision": "edit", "new_value": 19},
        headers={"X-CSRF-Token": csrf_of(team_client)},
    )
    assert done.status_code == 200
    page = team_client.get("/events/k-juliaca?lang=es").text
    assert page.count("✎ corrección de revisor · rui") == 1
    assert f'title="{claim["id"]}"' in page
