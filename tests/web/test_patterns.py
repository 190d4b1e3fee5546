"""Patterns: the shipped list, a run with its chains, quotes and sources (API and page)."""

from __future__ import annotations

from fastapi.testclient import TestClient

SHIPPED = [
    "coup-to-concession",
    "emergency-then-killings",
    "killings-without-legal-action",
    "recognition-wave",
]


def test_pattern_list(client: TestClient) -> None:
    listed = client.get("/api/patterns").json()
    assert sorted(p["name"] for p in listed) == SHIPPED
    killings = next(p for p in listed if p["name"] == "killings-without-legal-action")
    assert killings["title"] == "Killings with no legal action within 12 months"
    assert [
        (s["number"], s["id"], s["label"], s["types"], s["absent"]) for s in killings["steps"]
    ] == [
        (1, "killing", "protesters killed", ["repression_killing"], False),
        (2, "no_legal_action", "no legal action", ["legal_action"], True),
    ]
    spanish = client.get("/api/patterns?lang=es").json()
    assert next(p for p in spanish if p["name"] == "recognition-wave")["title"] == (
        "Nuevos gobernantes reconocidos por tres o más gobiernos en 14 días"
    )


def test_pattern_run(client: TestClient) -> None:
    # by the newest document (2023-01-21) the 12 months after the killing have not passed
    early = client.get("/api/patterns/killings-without-legal-action").json()
    assert (early["as_of"], early["findings"]) == ("2023-01-21", [])
    body = client.get(
        "/api/patterns/killings-without-legal-action", params={"as_of": "2025-01-01"}
    ).json()
    assert (body["as_of"], body["country"], body["reviewed_only"]) == ("2025-01-01", None, False)
    [finding] = body["findings"]
    assert (finding["finding"], finding["country"], finding["date"]["value"]) == (
        1,
        "PE",
        "2023-01-09",
    )
    killed, no_trial = finding["steps"]
    [event] = killed["events"]
    assert (event["event"], event["type"], event["fatalities"]) == (
        "k-juliaca",
        "repression_killing",
        17,
    )
    assert [
        (x["publisher"], x["published"], x["document_id"], x["quote"]) for x in event["evidence"]
    ] == [
        (
            "Agencia A",
            "2023-01-12",
            "doc-a",
            "La policía mató a diecisiete personas en Juliaca el 9 de enero de 2023.",
        ),
        (
            "Diario B",
            "2023-01-20",
            "doc-b",
            "Police killed eighteen people in Juliaca on January 9.",
        ),
        ("Wire C", "2023-01-21", "doc-c", "Police killed eighteen people in Juliaca on January 9."),
    ]
    assert (no_trial["absent"], no_trial["window"], no_trial["events"]) == (
        True,
        {"from": "2023-01-09", "to": "2024-01-09"},
        [],
    )
    elsewhere = client.get(
        "/api/patterns/killings-without-legal-action",
        params={"as_of": "2025-01-01", "country": "bo", "reviewed_only": "true"},
    ).json()
    assert (elsewhere["country"], elsewhere["reviewed_only"], elsewhere["findings"]) == (
        "BO",
        True,
        [],
    )


def test_pattern_errors(client: TestClient) -> None:
    assert client.get("/api/patterns/nope").json() == {
        "error": "no pattern 'nope'; shipped: " + ", ".join(SHIPPED),
        "status": 404,
    }
    bad = client.get("/api/patterns/recognition-wave", params={"as_of": "2025-13"})
    assert bad.json() == {
        "error": "as_of: invalid date '2025-13': use YYYY-MM-DD",
        "status": 422,
    }


def test_pattern_pages(page_client: TestClient) -> None:
    listing = page_client.get("/patterns?lang=es").text
    assert "Muertes sin acción judicial en 12 meses" in listing
    assert 'href="/patterns/killings-without-legal-action"' in listing
    run = page_client.get("/patterns/killings-without-legal-action?as_of=2025-01-01").text
    assert 'id="finding-1"' in run
    assert "La policía mató a diecisiete personas en Juliaca el 9 de enero de 2023." in run
    assert 'href="/documents/doc-a?claim=c-' in run and "Agencia A, 2023-01-12" in run
    assert 'href="/events/k-juliaca"' in run
    assert "2023-01-09 – 2024-01-09" in run
    empty = page_client.get("/patterns/recognition-wave?lang=es").text
    assert "No hay ninguna cadena de este patrón" in empty
    assert page_client.get("/patterns/nope").status_code == 404
