"""Pipeline behaviour beyond the seed folder: interruption, URLs through the CLI, the hook."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conftest import FakeStore, LocalServer
from veeduria.ingest.pipeline import (
    IngestOptions,
    Outcome,
    ingest,
    run_extraction_after_ingest,
)
from veeduria.types import IngestedDocument

PAGE = (
    "<html><head><title>Paro en Puno</title></head><body><article>"
    + "".join(f"<p>Frase {i} sobre el paro regional en Puno y Juliaca.</p>" for i in range(8))
    + "</article></body></html>"
)


class InterruptingStore(FakeStore):
    """Raises KeyboardInterrupt inside the third write, as Ctrl-C would."""

    def add_document(self, doc: IngestedDocument, **kw: object) -> bool:  # type: ignore[override]
        if self.calls == 2:
            self.calls += 1
            raise KeyboardInterrupt
        return super().add_document(doc, **kw)  # type: ignore[arg-type]


def write_docs(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i}.txt").write_text(f"Documento número {i} con texto distinto: {'x' * i}.")


def test_interrupt_stops_between_documents(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 5)
    store = InterruptingStore()
    seen: list[Outcome] = []
    report = ingest(store, [str(tmp_path / "docs")], on_outcome=seen.append)
    assert report.interrupted
    assert not report.ok
    assert report.counts["ingested"] == 2
    assert len(store.docs) == 2
    assert seen == report.outcomes
    # The next run continues: what is stored is left alone, the rest is added.
    fresh = FakeStore()
    fresh.docs, fresh.by_sha, fresh.minhashes = store.docs, store.by_sha, store.minhashes
    again = ingest(fresh, [str(tmp_path / "docs")])
    assert (again.counts["already_stored"], again.counts["ingested"], again.ok) == (2, 3, True)


def test_language_option_and_metadata_precedence(tmp_path: Path, fake_store: FakeStore) -> None:
    rows = tmp_path / "rows.jsonl"
    english = "The armed forces fired on the protesters in the main square of the city."
    rows.write_text(
        json.dumps({"text": english, "language": "es"})
        + "\n"
        + json.dumps({"text": english + " Again."})
        + "\n",
        encoding="utf-8",
    )
    ingest(fake_store, [str(rows)])
    assert [d.language for d in fake_store.docs.values()] == ["es", "en"]
    other = FakeStore()
    ingest(other, [str(rows)], IngestOptions(language="fr"))
    assert [d.language for d in other.docs.values()] == ["fr", "fr"]


def test_extraction_hook_without_documents_does_nothing(fake_store: FakeStore) -> None:
    assert run_extraction_after_ingest(fake_store, []) == 0  # type: ignore[arg-type]


def test_cli_url_refused_then_allowed(tmp_path: Path, server: LocalServer) -> None:
    from veeduria.cli.main import cli

    url = server.add("/puno", PAGE)
    db = f"sqlite:///{tmp_path / 'e.db'}"
    args = ["--db", db, "ingest", url, "--json", "--no-extract"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 1
    assert json.loads(refused.stdout)["failures"] == [
        {"source": url, "reason": f"refused {url}: loopback address; use --allow-private to allow"}
    ]
    assert refused.stderr == (
        f"error: {url}: refused {url}: loopback address; use --allow-private to allow\n"
    )
    allowed = CliRunner().invoke(cli, [*args, "--allow-private"])
    assert allowed.exit_code == 0, allowed.output
    summary = json.loads(allowed.stdout)
    assert (summary["ingested"], summary["failed"]) == (1, 0)
    [doc] = summary["documents"]
    assert (doc["source"], doc["title"], doc["language"]) == (url, "Paro en Puno", "es")


def test_cli_table_summary(tmp_path: Path) -> None:
    from veeduria.cli.main import cli

    write_docs(tmp_path / "docs", 2)
    (tmp_path / "docs" / "2.txt").write_bytes(b"")
    db = f"sqlite:///{tmp_path / 'e.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(tmp_path / "docs"), "--no-extract"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip() for line in lines[4:10]}
    assert rows == {
        "ingested (new)": "2",
        "syndicated (new, near-duplicate of an earlier document)": "0",
        "duplicates (same text earlier in this run)": "0",
        "already stored (before this run)": "0",
        "skipped (not a document)": "0",
        "failed": "1",
    }
    assert lines[-1] == f"failed: {tmp_path / 'docs' / '2.txt'}: empty file"


class CountingStore(FakeStore):
    def __init__(self) -> None:
        super().__init__()
        self.minhash_reads = 0

    def iter_minhashes(self):  # type: ignore[no-untyped-def]
        self.minhash_reads += 1
        return super().iter_minhashes()


def test_signatures_are_read_only_when_something_is_new(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", 3)
    store = CountingStore()
    ingest(store, [str(tmp_path / "docs")])
    assert store.minhash_reads == 1
    again = ingest(store, [str(tmp_path / "docs")])
    assert again.counts["already_stored"] == 3
    assert store.minhash_reads == 1
