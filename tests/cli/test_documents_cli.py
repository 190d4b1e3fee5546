"""`veeduria init`, `db`, `documents list|show`, `search`, `stats` on a temporary SQLite file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from veeduria.cli.main import cli
from veeduria.store import open_store
from veeduria.types import IngestedDocument

TEXT_ES = (
    "La senadora Jeanine Áñez asumió la presidencia de Bolivia el 12 de noviembre de 2019. "
    "En Sacaba, la policía mató a nueve manifestantes."
)
TEXT_EN = "Interim president Jeanine Anez promised new elections."


def run(db: str, *args: str) -> Result:
    # A wide, fixed terminal so tables do not wrap differently on different machines.
    return CliRunner().invoke(cli, ["--db", db, *args], env={"COLUMNS": "200"})


@pytest.fixture
def db(sqlite_url: str) -> str:
    """An initialized evidence base with one Spanish and one English document."""
    result = run(sqlite_url, "init")
    assert result.exit_code == 0, result.output
    store = open_store(sqlite_url)
    try:
        store.add_document(
            IngestedDocument(
                text=TEXT_ES,
                source_kind="html",
                source="https://example.org/anez.html",
                title="Áñez asume [en vivo]",
                language="es",
                published="2019-11-16",
                published_precision="day",
            ),
            doc_id="3f2a9c",
            sha256="sha-es",
        )
        store.add_document(
            IngestedDocument(
                text=TEXT_EN,
                source_kind="txt",
                source="reports/anez.txt",
                title="Anez promises elections",
                language="en",
            ),
            doc_id="3f2b00",
            sha256="sha-en",
        )
    finally:
        store.close()
    return sqlite_url


def json_lines(output: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in output.splitlines()]
    for row in rows:
        row.pop("ingested_at", None)
    return rows


def test_init_and_upgrade_are_idempotent(sqlite_url: str) -> None:
    first = run(sqlite_url, "init")
    assert first.exit_code == 0
    assert first.output == f"Evidence base ready at {sqlite_url} (schema revision 0009).\n"
    assert run(sqlite_url, "init").output == first.output
    upgraded = run(sqlite_url, "db", "upgrade")
    assert upgraded.exit_code == 0
    assert upgraded.output == f"{sqlite_url} is already at schema revision 0009.\n"
    status = run(sqlite_url, "db", "status")
    assert status.output == f"{sqlite_url}: schema revision 0009, needs 0009 (up to date).\n"


def test_upgrade_of_an_empty_file_creates_the_schema(sqlite_url: str) -> None:
    Path(sqlite_url.removeprefix("sqlite:///")).touch()
    result = run(sqlite_url, "db", "upgrade")
    assert result.exit_code == 0
    assert result.output == f"Upgraded {sqlite_url} from schema revision none to 0009.\n"


def test_documents_list(db: str) -> None:
    result = run(db, "documents", "list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split("┃")[1:-1] == [
        " ID     ",
        " Published  ",
        " Lang ",
        " Title                   ",
        " Source                        ",
        " Chars ",
    ]
    assert "│ 3f2a9c │ 2019-11-16 │ es   │ Áñez asume [en vivo]    │" in lines[3]
    assert "│ 3f2b00 │            │ en   │ Anez promises elections │ reports/anez.txt" in lines[4]
    assert len(lines) == 6


def test_documents_list_json(db: str) -> None:
    result = run(db, "documents", "list", "--json")
    assert result.exit_code == 0, result.output
    assert json_lines(result.output) == [
        {
            "id": "3f2a9c",
            "sha256": "sha-es",
            "source_kind": "html",
            "source": "https://example.org/anez.html",
            "language": "es",
            "title": "Áñez asume [en vivo]",
            "url": None,
            "publisher": None,
            "author": None,
            "published": "2019-11-16",
            "published_precision": "day",
            "retrieved_at": None,
            "length": len(TEXT_ES),
            "syndicated_of": None,
            "syndication_similarity": None,
            "raw_sha256": None,
            "page_starts": None,
        },
        {
            "id": "3f2b00",
            "sha256": "sha-en",
            "source_kind": "txt",
            "source": "reports/anez.txt",
            "language": "en",
            "title": "Anez promises elections",
            "url": None,
            "publisher": None,
            "author": None,
            "published": None,
            "published_precision": None,
            "retrieved_at": None,
            "length": len(TEXT_EN),
            "syndicated_of": None,
            "syndication_similarity": None,
            "raw_sha256": None,
            "page_starts": None,
        },
    ]
    ingested = json.loads(result.output.splitlines()[0])["ingested_at"]
    assert ingested.endswith("+00:00")  # ISO 8601, in UTC
    filtered = run(db, "documents", "list", "--json", "--language", "en", "--limit", "5")
    assert [r["id"] for r in json_lines(filtered.output)] == ["3f2b00"]
    paged = run(db, "documents", "list", "--json", "--limit", "1", "--offset", "1")
    assert [r["id"] for r in json_lines(paged.output)] == ["3f2b00"]


def test_documents_list_empty(sqlite_url: str) -> None:
    run(sqlite_url, "init")
    result = run(sqlite_url, "documents", "list")
    assert (result.exit_code, result.output) == (0, "No documents.\n")
    assert run(sqlite_url, "documents", "list", "--json").output == ""


def test_documents_show(db: str) -> None:
    result = run(db, "documents", "show", "3f2a", "--text")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    fields = [line.rstrip().split(None, 1) for line in lines[:-2]]
    assert fields == [
        ["id", "3f2a9c"],
        ["sha256", "sha-es"],
        ["source_kind", "html"],
        ["source", "https://example.org/anez.html"],
        ["language", "es"],
        ["title", "Áñez asume [en vivo]"],
        ["published", "2019-11-16"],
        ["published_precision", "day"],
        ["ingested_at", fields[8][1]],
        ["length", str(len(TEXT_ES))],
        ["claims", "0"],
    ]
    assert lines[-2:] == ["", TEXT_ES]
    assert TEXT_ES not in run(db, "documents", "show", "3f2a9c").output


def test_documents_show_json(db: str) -> None:
    result = run(db, "documents", "show", "3f2b00", "--json", "--text")
    assert result.exit_code == 0, result.output
    [row] = json_lines(result.output)
    assert (row["id"], row["text"], row["claims"]) == ("3f2b00", TEXT_EN, 0)
    without_text = json_lines(run(db, "documents", "show", "3f2b", "--json").output)
    assert "text" not in without_text[0]


def test_documents_show_errors(db: str) -> None:
    unknown = run(db, "documents", "show", "zzz")
    assert unknown.exit_code == 1
    assert unknown.output == (
        "Error: unknown document id 'zzz': `veeduria documents list` shows the ids\n"
    )
    ambiguous = run(db, "documents", "show", "3f2")
    assert ambiguous.exit_code == 1
    assert ambiguous.output == (
        "Error: document id prefix '3f2' is ambiguous: it matches 3f2a9c, 3f2b00\n"
    )


def test_search(db: str) -> None:
    result = run(db, "search", "anez", "--json")
    assert result.exit_code == 0, result.output
    hits = json_lines(result.output)
    assert sorted(h["document_id"] for h in hits) == ["3f2a9c", "3f2b00"]
    spanish = json_lines(run(db, "search", "Policia", "MATO", "--json").output)
    assert [(h["document_id"], h["title"], h["snippet"], h["language"]) for h in spanish] == [
        ("3f2a9c", "Áñez asume [en vivo]", TEXT_ES, "es")
    ]
    only_en = json_lines(run(db, "search", "Áñez", "--language", "en", "--json").output)
    assert [h["document_id"] for h in only_en] == ["3f2b00"]
    table = run(db, "search", "sacaba")
    assert table.exit_code == 0
    assert "│ 3f2a9c │ 2019-11-16 │ es   │ Áñez asume [en vivo] │ La senadora" in table.output


def test_search_odd_queries(db: str) -> None:
    for query in ['"Áñez', "AND (", "NEAR(", "*"]:
        result = run(db, "search", query)
        assert result.exit_code == 0, (query, result.output)
    assert run(db, "search", "AND (").output == "No documents match 'AND ('.\n"
    assert len(json_lines(run(db, "search", '"Áñez', "--json").output)) == 2


def test_stats(db: str) -> None:
    result = run(db, "stats", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "documents": 2,
        "blobs": 0,
        "actors": 0,
        "actor_aliases": 0,
        "events": 0,
        "relations": 0,
        "death_tolls": 0,
        "claims": 0,
        "reviews": 0,
        "judgements": 0,
        "extraction_runs": 0,
        "syndicated": 0,
        "documents_en": 1,
        "documents_es": 1,
    }
    table = run(db, "stats").output.splitlines()
    assert "│ documents       │     2 │" in table
    assert "│ documents_es    │     1 │" in table


@pytest.mark.parametrize(
    "args",
    [
        ["documents", "list"],
        ["documents", "show", "x"],
        ["search", "anez"],
        ["stats"],
        ["db", "upgrade"],
        ["db", "status"],
    ],
)
def test_missing_database(tmp_path: Path, args: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'nothing.db'}"
    result = run(url, *args)
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no evidence base at {url} ({tmp_path / 'nothing.db'} does not exist): "
        "run `veeduria init` or `veeduria ingest` first\n"
    )
    assert not (tmp_path / "nothing.db").exists()


def test_database_without_schema(sqlite_url: str) -> None:
    Path(sqlite_url.removeprefix("sqlite:///")).touch()
    result = run(sqlite_url, "stats")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {sqlite_url} holds no veeduria schema: "
        "run `veeduria init` or `veeduria ingest` first\n"
    )


def test_database_needing_upgrade(db: str) -> None:
    import sqlalchemy as sa

    store = open_store(db)
    try:
        with store.engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM alembic_version"))
            conn.execute(sa.text("INSERT INTO alembic_version VALUES ('0000')"))
    finally:
        store.close()
    result = run(db, "stats")
    assert result.exit_code == 1
    assert "is at schema revision 0000, which this veeduria does not know" in result.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "veeduria.db",
            "Error: database URL 'veeduria.db' is a file name, not a URL: "
            "did you mean sqlite:///veeduria.db ?\n",
        ),
        (
            "mysql://u@h/db",
            "Error: database URL 'mysql://u@h/db': unsupported kind 'mysql'; "
            "use sqlite:///veeduria.db (a file) or postgresql://user@host:5432/dbname\n",
        ),
    ],
)
def test_bad_url(url: str, message: str) -> None:
    for args in (["stats"], ["init"], ["db", "upgrade"]):
        result = run(url, *args)
        assert (result.exit_code, result.output) == (1, message)


def test_unreachable_postgresql() -> None:
    result = run("postgresql://nobody@127.0.0.1:1/none", "stats")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot open postgresql://nobody@127.0.0.1:1/none: ")
    assert len(result.output.splitlines()) == 1
