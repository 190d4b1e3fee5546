"""Downloads: /api/export/{fmt} streams `veeduria.export.stream_export` for the page filters."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from webhelpers import login


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def test_csv_zip(client: TestClient) -> None:
    response = client.get("/api/export/csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="veeduria-csv.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [
        "events.csv",
        "actors.csv",
        "relations.csv",
        "claims.csv",
        "death_tolls.csv",
    ]
    assert [(r["country"], r["count"], r["as_of"]) for r in _rows(archive, "death_tolls.csv")] == [
        ("PE", "50", "2023-01-12"),
        ("PE", "54", "2023-01-20"),
    ]
    bolivia = zipfile.ZipFile(io.BytesIO(client.get("/api/export/csv?country=bo").content))
    assert [(r["type"], r["country"], r["document_id"]) for r in _rows(bolivia, "events.csv")] == [
        ("regime_change", "BO", "doc-d")
    ]
    assert _rows(bolivia, "death_tolls.csv") == []


def test_geojson_with_filters(client: TestClient) -> None:
    response = client.get(
        "/api/export/geojson",
        params={"type": "repression_killing", "since": "2023-01", "until": "2023-01"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert [
        (f["id"], f["properties"]["type"], f["properties"]["country"], f["geometry"])
        for f in body["features"]
    ] == [
        ("k-juliaca", "repression_killing", "PE", {"type": "Point", "coordinates": [-70.13, -15.5]})
    ]
    later = client.get("/api/export/geojson", params={"since": "2024"}).json()
    assert later["features"] == []


def test_ftm_lines(client: TestClient) -> None:
    response = client.get("/api/export/ftm", params={"country": "PE"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.headers["content-disposition"] == 'attachment; filename="veeduria-ftm.ftm.json"'
    entities = [json.loads(line) for line in response.text.splitlines()]
    schemata: dict[str, int] = {}
    for entity in entities:
        schemata[entity["schema"]] = schemata.get(entity["schema"], 0) + 1
    assert schemata == {"Address": 1, "Article": 3, "Event": 3, "Mention": 3, "PublicBody": 1}
    assert sorted(e["id"] for e in entities if e["schema"] == "Article") == [
        "vd-doc-doc-a",
        "vd-doc-doc-b",
        "vd-doc-doc-c",
    ]


def test_bad_export_requests(client: TestClient) -> None:
    unknown = client.get("/api/export/nope")
    assert unknown.status_code == 422
    assert unknown.json()["error"].startswith("fmt: unknown export format 'nope'; use one of csv")
    bad_date = client.get("/api/export/csv", params={"since": "2023-1"})
    assert bad_date.json() == {
        "error": "invalid date '2023-1': use YYYY, YYYY-MM or YYYY-MM-DD",
        "status": 422,
    }


def test_backup_is_for_admins(team_client: TestClient, sqlite_web_store: dict[str, Any]) -> None:
    assert team_client.get("/api/export/csv").status_code == 401
    assert login(team_client, "rui").status_code == 303
    assert team_client.get("/api/export/csv").status_code == 200
    denied = team_client.get("/api/export/backup")
    assert denied.json() == {"error": "only an admin may download a backup", "status": 403}
    team_client.cookies.clear()
    assert login(team_client, "ada").status_code == 303
    backup = team_client.get("/api/export/backup")
    assert backup.status_code == 200
    assert json.loads(backup.text.splitlines()[0])["format"] == "veeduria-backup"


def test_download_menu_follows_the_filters(page_client: TestClient) -> None:
    page = page_client.get("/timeline?type=protest&country=PE&from=2023&reviewed=true").text
    assert (
        'href="/api/export/csv?type=protest&amp;country=PE&amp;since=2023&amp;reviewed_only=true"'
        in page
    )
    assert "/api/export/backup" not in page
    plain = page_client.get("/map?lang=es").text
    assert 'href="/api/export/geojson"' in plain and "Descargar" in plain
