"""Every JSON endpoint, on SQLite and PostgreSQL, against the handmade scenario."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from webhelpers import csrf_of


def test_me_and_stats(client: TestClient) -> None:
    me = client.get("/api/me").json()
    assert (me["name"], me["role"], me["team"]) == ("ana", "admin", False)
    counts = client.get("/api/stats").json()["counts"]
    assert counts["documents"] == 5
    assert counts["reviews"] == 0


def test_dashboard_and_tolls(client: TestClient) -> None:
    body = client.get("/api/dashboard").json()
    assert body["counts"]["events"] == 5
    assert body["latest_events"][0]["date"] == "2023-01-09"
    pe = next(s for s in body["tolls"] if s["country"] == "PE")
    assert [p["count"] for p in pe["points"]][:2] == [50, 54]
    assert client.get("/api/tolls").json() == body["tolls"]


def test_filters(client: TestClient) -> None:
    body = client.get("/api/filters?lang=es").json()
    assert body["types"]["protest"] == "Protesta"
    assert "PE" in body["countries"]
    assert "recognizes" in body["relation_types"]


def test_search_is_accent_insensitive_with_facets(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "anez"}).json()
    assert [h["document_id"] for h in body["hits"]] == ["doc-d"]
    assert body["facets"]["language"] == [{"value": "es", "count": 1}]
    assert [a["name"] for a in body["actors"]] == ["Jeanine Áñez"]
    assert client.get("/api/search", params={"q": ""}).json()["hits"] == []


def test_documents(client: TestClient, web_store: dict[str, Any]) -> None:
    listed = client.get("/api/documents").json()
    assert [d["id"] for d in listed][:4] == ["doc-a", "doc-b", "doc-c", "doc-d"]
    doc = client.get("/api/documents/doc-b").json()
    text = "".join(s["text"] for s in doc["segments"])
    assert text.startswith("Police killed eighteen people in Juliaca")
    killed = next(c for c in doc["claims"] if c["property"] == "fatalities")
    marked = [s for s in doc["segments"] if killed["id"] in s["claim_ids"]]
    assert "".join(s["text"] for s in marked) == killed["quote"] == "eighteen"
    assert client.get("/api/documents/nope").status_code == 404


def test_events_list_and_filters(client: TestClient) -> None:
    body = client.get("/api/events").json()
    ids = [e["id"] for e in body["events"]]
    assert "k-juliaca" in ids
    assert len(ids) == 3  # the Juliaca cluster, Áñez, the recognition
    only = client.get("/api/events", params={"type": "repression_killing"}).json()["events"]
    assert [e["id"] for e in only] == ["k-juliaca"]
    assert only[0]["fatalities"] == 17
    assert client.get("/api/events", params={"country": "BO"}).json()["events"][0]["type"] == (
        "regime_change"
    )
    assert (
        client.get("/api/events", params={"from": "2023", "to": "2023-12"}).json()["events"][0][
            "id"
        ]
        == "k-juliaca"
    )
    assert client.get("/api/events", params={"reviewed": "true"}).json()["events"] == []
    bad = client.get("/api/events", params={"from": "yesterday"})
    assert bad.status_code == 422
    assert "YYYY" in bad.json()["error"]


def test_event_detail(client: TestClient) -> None:
    body = client.get("/api/events/k-juliaca").json()
    assert body["summary"]["type"] == "repression_killing"
    assert len(body["member_ids"]) == 3
    fig = body["fatalities"]
    assert (fig["conservative"], fig["latest"], fig["low"], fig["high"]) == (17, 18, 17, 18)
    groups = body["sources"]
    assert {g["source"]["document_id"] for g in groups} == {"doc-a", "doc-b"}
    copies = [c["document_id"] for g in groups for c in g["copies"]]
    assert copies == ["doc-c"]
    assert all(c["quote"] for c in body["claims"])
    assert client.get("/api/events/e-nothing").status_code == 404


def test_actors(client: TestClient) -> None:
    found = client.get("/api/actors", params={"q": "policia"}).json()
    assert found[0]["name"] == "Policía Nacional del Perú"
    detail = client.get(f"/api/actors/{found[0]['id']}").json()
    assert detail["kind"] == "government_body"
    assert [e["id"] for e in detail["events"]] == ["k-juliaca"]
    assert {s["source"]["document_id"] for s in detail["sources"]} == {"doc-a", "doc-b", "doc-c"}
    assert client.get("/api/actors/a-none").status_code == 404


def test_timeline_map_network(client: TestClient) -> None:
    timeline = client.get("/api/timeline").json()["events"]
    assert all(e["date"] for e in timeline)
    assert "k-juliaca" in [e["id"] for e in timeline]
    placed = client.get("/api/map", params={"zoom": 5}).json()
    assert placed["total"] == 3
    juliaca = next(c for c in placed["clusters"] if "k-juliaca" in c["event_ids"])
    assert juliaca["precision"] == "place"
    assert -16 < juliaca["lat"] < -15
    net = client.get("/api/network").json()
    labels = {n["label"] for n in net["nodes"] if n["group"] == "actor"}
    assert "Policía Nacional del Perú" in labels
    assert any(e["kind"] == "role" for e in net["edges"])
    actors_only = client.get("/api/network", params={"mode": "actors"})
    assert actors_only.status_code == 200
    assert all(n["group"] == "actor" for n in actors_only.json()["nodes"])


def test_review_queue_and_review(client: TestClient) -> None:
    queue = client.get("/api/review/queue", params={"limit": 5}).json()
    assert queue["remaining"] > 0
    first = queue["items"][0]["claim"]
    token = csrf_of(client)
    url = f"/api/claims/{first['id']}/review"
    assert client.post(url, json={"decision": "accept"}).status_code == 403  # no token
    done = client.post(url, json={"decision": "accept"}, headers={"X-CSRF-Token": token})
    assert done.status_code == 200
    assert done.json()["state"] == "accepted"
    assert done.json()["reviews"][0]["reviewer"] == "ana"
    assert client.get(f"/api/claims/{first['id']}").json()["state"] == "accepted"
    assert client.get("/api/stats").json()["counts"]["reviews"] == 1
    missing = client.post(
        "/api/claims/c-none/review", json={"decision": "accept"}, headers={"X-CSRF-Token": token}
    )
    assert missing.status_code == 404
    bad = client.post(url, json={"decision": "maybe"}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422


def test_merge_candidates_and_judgements(client: TestClient, web_store: dict[str, Any]) -> None:
    from veeduria.review.candidates import RESOLVER

    ids = web_store["ids"]
    assert client.get("/api/review/candidates").json() == []
    assert "candidate-list" not in client.get("/review").text
    web_store["store"].add_judgement(
        "event", ids["a"], ids["anez"], "unsure", RESOLVER, machine=True, comment="near miss"
    )
    (pair,) = client.get("/api/review/candidates").json()
    assert (pair["left"]["event"], pair["right"]["row"]) == ("k-juliaca", ids["anez"])
    assert pair["note"] == "near miss" and pair["left"]["type"] == "repression_killing"
    assert 'id="candidate-list"' in client.get("/review").text
    body = {"left": ids["a"], "right": ids["anez"], "judgement": "not_same"}
    assert client.post("/api/judgements", json=body).status_code == 403  # no CSRF token
    token = {"X-CSRF-Token": csrf_of(client)}
    done = client.post("/api/judgements", json=body, headers=token)
    assert done.status_code == 200, done.text
    assert (done.json()["judgement"], done.json()["author"]) == ("not_same", "ana")
    assert client.get("/api/review/candidates").json() == []  # a person decided it
    unknown = client.post("/api/judgements", json={**body, "left": "e-none"}, headers=token)
    assert unknown.status_code == 422 and "e-none" in unknown.json()["error"]


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    routes = {
        r.path  # type: ignore[attr-defined]
        for r in client.app.routes  # type: ignore[attr-defined]
        if getattr(r, "path", "").startswith("/api/")
        and r.path not in ("/api/openapi.json", "/api/docs")
    }
    assert routes <= paths
    assert client.get("/api/docs").status_code == 200


def test_unknown_host_is_refused_in_local_mode(client: TestClient) -> None:
    response = client.get("/api/me", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_lists_follow_a_review_at_once(client: TestClient) -> None:
    """The timeline's list cache is keyed on the data version: a review shows immediately."""
    assert client.get("/api/timeline", params={"reviewed": "true"}).json()["events"] == []
    detail = client.get("/api/events/k-juliaca").json()
    token = csrf_of(client)
    for prop in ("type", "date"):  # reviewed-only uses reviewed dates only
        claim = next(c for c in detail["claims"] if c["property"] == prop)["id"]
        client.post(
            f"/api/claims/{claim}/review",
            json={"decision": "accept"},
            headers={"X-CSRF-Token": token},
        )
    reviewed = client.get("/api/timeline", params={"reviewed": "true"}).json()["events"]
    assert [e["id"] for e in reviewed] == ["k-juliaca"]


def test_rejected_toll_leaves_the_chart(client: TestClient, web_store: dict[str, Any]) -> None:
    """The dashboard's toll figures come from `resolve.figures.toll_series`: a rejected count
    is gone, the rest stay."""
    pe = next(s for s in client.get("/api/tolls").json() if s["country"] == "PE")
    before = [(p["count"], p["state"]) for p in pe["points"]]
    first = pe["points"][0]
    assert first["count"] == 50 and first["claim_id"]
    token = csrf_of(client)
    done = client.post(
        f"/api/claims/{first['claim_id']}/review",
        json={"decision": "reject"},
        headers={"X-CSRF-Token": token},
    )
    assert done.status_code == 200
    pe = next(s for s in client.get("/api/dashboard").json()["tolls"] if s["country"] == "PE")
    assert [(p["count"], p["state"]) for p in pe["points"]] == before[1:]
    assert first["toll_id"] not in [p["toll_id"] for p in pe["points"]]


def test_edit_keeps_the_machine_claim(client: TestClient) -> None:
    """An edit appends a reviewed claim that `corrects` the machine's; both stay listed."""
    before = client.get("/api/events/k-juliaca").json()
    original = next(c for c in before["claims"] if c["property"] == "fatalities")
    done = client.post(
        f"/api/claims/{original['id']}/review",
        json={"decision": "edit", "new_value": 19, "comment": "recount"},
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert (done.status_code, done.json()["state"], done.json()["value"]) == (200, "edited", 17)
    after = client.get("/api/events/k-juliaca").json()
    fatalities = [c for c in after["claims"] if c["property"] == "fatalities"]
    assert [(c["value"], c["state"], c["author"], c["quote"]) for c in fatalities] == [
        (17, "edited", None, "diecisiete"),
        (19, "accepted", "ana", "diecisiete"),
        (18, "unreviewed", None, "eighteen"),
        (18, "unreviewed", None, "eighteen"),
    ]
    edit = fatalities[1]
    assert (edit["corrects"], edit["extractor"]) == (original["id"], "review")
    assert [(r["decision"], r["comment"]) for r in fatalities[0]["reviews"]] == [
        ("edit", "recount")
    ]
    assert after["fatalities"]["conservative"] == 19
