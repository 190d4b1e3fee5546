"""`veeduria extract --backend llm` end to end: ingest with --no-extract into a temporary SQLite
file, extract against a fake OpenAI-compatible server on 127.0.0.1, read the claims back."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from veeduria.cli.main import cli
from veeduria.store import open_store

sys.path.insert(0, str(Path(__file__).parents[1] / "nlp"))
from llm_server import completion, fake_server

TEXT = (
    "Police killed six protesters in Juliaca on 9 January 2023.\n"
    "The Defensoría del Pueblo said the death toll had reached 46."
)
ANSWER: dict[str, Any] = {
    "events": [
        {
            "type": "repression_killing",
            "quote": "Police killed six protesters in Juliaca on 9 January 2023.",
            "date": "2023-01-09",
            "date_text": "9 January 2023",
            "country": "PE",
            "place": "Juliaca",
            "fatalities": 6,
            "injured": None,
            "actors": [],
        },
        {
            "type": "repression_killing",
            "quote": "Soldiers killed sixty protesters in Lima.",
            "date": None,
            "date_text": None,
            "country": "PE",
            "place": None,
            "fatalities": 60,
            "injured": None,
            "actors": [],
        },
    ],
    "entities": [
        {"name": "Juliaca", "kind": "place", "mentions": ["Juliaca"]},
        {
            "name": "Defensoría del Pueblo",
            "kind": "government_body",
            "mentions": ["Defensoría del Pueblo"],
        },
    ],
    "death_tolls": [
        {
            "country": "PE",
            "count": 46,
            "as_of": "2023-01-11",
            "scope": None,
            "quote": "the death toll had reached 46.",
        }
    ],
}


def run(db: str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args], env={"COLUMNS": "200", **(env or {})})


@pytest.fixture
def db(sqlite_url: str, tmp_path: Path) -> tuple[str, str]:
    """An evidence base with one English document, not yet extracted: (url, document id)."""
    article = tmp_path / "juliaca.txt"
    article.write_text(TEXT + "\n", encoding="utf-8")
    result = run(sqlite_url, "ingest", str(article), "--no-extract", "--language", "en")
    assert result.exit_code == 0, result.output
    store = open_store(sqlite_url)
    try:
        (doc,) = store.list_documents()
    finally:
        store.close()
    return sqlite_url, doc.id


def claims(url: str, doc_id: str) -> list[Any]:
    store = open_store(url)
    try:
        doc = store.get_document(doc_id)
        found = store.claims_for_document(doc_id)
    finally:
        store.close()
    assert doc is not None and doc.text is not None
    text = doc.text
    for c in found:
        assert text[c.start : c.end] == c.quote
    return found


def test_extract_with_llm_backend_end_to_end(db: tuple[str, str]) -> None:
    url, doc_id = db
    with fake_server(lambda body: (200, completion(ANSWER))) as srv:
        args = ("extract", "--backend", "llm", "--llm-url", srv.url, "--llm-model", "test-model")
        result = run(url, *args, "--json")
        assert result.exit_code == 0, result.output
        again = run(url, *args)
    assert json.loads(result.stdout) == {
        "extractor": "veeduria-llm:test-model",
        "version": "1",
        "documents": 1,
        "claims": 12,
        "failed": [],
        "rejected": [
            {
                "document": doc_id,
                "reason": "event 'repression_killing': quote not found in the text: "
                "'Soldiers killed sixty protesters in Lima.'",
            }
        ],
    }
    assert [r["model"] for r in srv.requests] == ["test-model"]
    assert srv.requests[0]["response_format"]["type"] == "json_schema"
    # Nothing left for this extractor version: the second run sends nothing.
    assert again.exit_code == 0
    assert (
        again.output == "extracted 0 document(s) with veeduria-llm:test-model 1: 0 new claim(s)\n"
    )
    stored = claims(url, doc_id)
    assert {c.extractor for c in stored} == {"veeduria-llm:test-model"}
    assert {c.extractor_version for c in stored} == {"1"}
    rows = sorted(((c.subject_type, c.property, c.quote, c.value) for c in stored), key=str)
    juliaca = "Police killed six protesters in Juliaca on 9 January 2023."
    toll = "the death toll had reached 46."
    place = {
        "admin1": "Puno",
        "country": "PE",
        "geonames_id": 3937513,
        "lat": -15.5,
        "lon": -70.13333,
        "name": "Juliaca",
        "precision": "place",
    }
    assert rows == [
        ("actor", "kind", "Defensoría del Pueblo", "government_body"),
        ("actor", "kind", "Juliaca", "place"),
        ("actor", "name", "Defensoría del Pueblo", "Defensoría del Pueblo"),
        ("actor", "name", "Juliaca", "Juliaca"),
        ("event", "country", juliaca, "PE"),
        (
            "event",
            "date",
            "9 January 2023",
            {"end": None, "precision": "day", "value": "2023-01-09"},
        ),
        ("event", "fatalities", "six", 6),
        ("event", "place", "Juliaca", place),
        ("event", "type", juliaca, "repression_killing"),
        ("toll", "as_of", toll, "2023-01-11"),
        ("toll", "count", "46", 46),
        ("toll", "country", toll, "PE"),
    ]


def test_rejections_are_listed_on_stderr(db: tuple[str, str]) -> None:
    url, doc_id = db
    with fake_server(lambda body: (200, completion(ANSWER))) as srv:
        result = run(
            url,
            "extract",
            "--backend",
            "llm",
            env={"VEEDURIA_LLM_URL": srv.url, "VEEDURIA_LLM_MODEL": "test-model"},
        )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "extracted 1 document(s) with veeduria-llm:test-model 1: 12 new claim(s), 1 rejected\n"
    )
    assert result.stderr == (
        f"rejected: {doc_id}: event 'repression_killing': quote not found in the text: "
        "'Soldiers killed sixty protesters in Lima.'\n"
    )


def test_unreachable_server_fails_each_document_and_exits_1(db: tuple[str, str]) -> None:
    url, doc_id = db
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = f"http://127.0.0.1:{port}/v1"
    result = run(url, "extract", "--backend", "llm", "--llm-url", server, "--llm-model", "m")
    assert result.exit_code == 1
    assert result.stdout == "extracted 0 document(s) with veeduria-llm:m 1: 0 new claim(s)\n"
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"failed: {doc_id}: LLMError: cannot reach LLM server at {server}: ")
    assert claims(url, doc_id) == []


def test_garbage_answer_fails_the_document(db: tuple[str, str]) -> None:
    url, doc_id = db
    with fake_server(lambda body: (200, "<html>proxy error</html>")) as srv:
        result = run(url, "extract", "--backend", "llm", "--llm-url", srv.url, "--llm-model", "m")
    assert result.exit_code == 1
    assert result.stderr == (
        f"failed: {doc_id}: LLMError: LLM server at {srv.url} answered garbage "
        "(not a chat completion): '<html>proxy error</html>'\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Error: --backend llm needs --llm-url (or VEEDURIA_LLM_URL)\n"),
        (
            ("--llm-url", "http://x/v1"),
            "Error: --backend llm needs --llm-model (or VEEDURIA_LLM_MODEL)\n",
        ),
        (
            ("--llm-url", "localhost:11434", "--llm-model", "m"),
            "Error: --llm-url 'localhost:11434' is not an http(s) URL\n",
        ),
    ],
)
def test_llm_backend_needs_url_and_model(
    db: tuple[str, str], args: tuple[str, ...], message: str
) -> None:
    url, _ = db
    result = run(url, "extract", "--backend", "llm", *args)
    assert result.exit_code == 1
    assert result.stderr == message


def test_llm_workers_send_documents_concurrently(db: tuple[str, str], tmp_path: Path) -> None:
    url, first = db
    other = tmp_path / "second.txt"
    other.write_text("Police killed six protesters in Juliaca on 10 January 2023.\n", "utf-8")
    assert run(url, "ingest", str(other), "--no-extract", "--language", "en").exit_code == 0
    with fake_server(lambda body: (200, completion(ANSWER))) as srv:
        result = run(
            url,
            "extract",
            "--backend",
            "llm",
            "--llm-url",
            srv.url,
            "--llm-model",
            "test-model",
            "--workers",
            "2",
            "--json",
        )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["documents"], report["failed"]) == (2, [])
    assert len(srv.requests) == 2
    # The second text says 10 January: the canned answer's quotes are not in it.
    assert sorted(r["reason"] for r in report["rejected"] if r["document"] != first) == [
        "death toll 46: quote not found in the text: 'the death toll had reached 46.'",
        "entity 'Defensoría del Pueblo': mention not found in the text: 'Defensoría del Pueblo'",
        "event 'repression_killing': quote not found in the text: "
        "'Police killed six protesters in Juliaca on 9 January 2023.'",
        "event 'repression_killing': quote not found in the text: "
        "'Soldiers killed sixty protesters in Lima.'",
    ]
