"""`veeduria extract --engine dask`: extraction as Dask tasks writing into PostgreSQL.

One LocalCluster of two worker processes (one thread each) is shared by the module's tests
and started on first use, after the PostgreSQL check, so a machine without PostgreSQL or
without the 'dask' extra skips them without starting anything. The corpus is the bundled
sample (20 documents); the local engine's claims on SQLite are the reference.
"""

from __future__ import annotations

import functools
import json
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="the 'dask' extra is not installed")

from veeduria.cli.main import cli  # noqa: E402
from veeduria.config import resolve_db_url  # noqa: E402
from veeduria.ingest.pipeline import ingest  # noqa: E402
from veeduria.nlp import dask_engine  # noqa: E402
from veeduria.nlp.dask_engine import DaskEngineError, run_extraction_dask  # noqa: E402
from veeduria.nlp.run import run_extraction  # noqa: E402
from veeduria.sample import sample_files  # noqa: E402
from veeduria.store import open_store  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import dask_faults  # noqa: E402

pytestmark = pytest.mark.slow

TABLES = ("claims", "events", "actors", "actor_aliases", "relations", "death_tolls")


class SharedCluster:
    """The module's LocalCluster, started by the first test that asks for its client."""

    def __init__(self) -> None:
        self.cluster: Any = None
        self.client: Any = None

    def get(self) -> Any:
        if self.client is None:
            import cloudpickle

            cloudpickle.register_pickle_by_value(dask_faults)
            self.cluster = dask_engine.local_cluster(2)
            self.client = distributed.Client(self.cluster)
        self.client.wait_for_workers(2, timeout=120)
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.cluster.close()


@pytest.fixture(scope="module")
def cluster() -> Iterator[SharedCluster]:
    shared = SharedCluster()
    try:
        yield shared
    finally:
        shared.close()


def _load_sample(url: str) -> None:
    store = open_store(url)
    try:
        store.upgrade()
        report = ingest(store, [str(p) for p in sample_files()])
        assert report.counts["failed"] == 0
    finally:
        store.close()


def _rows(url: str) -> dict[str, list[Any]]:
    """Every evidence table's ids (actor_aliases: its rows), and the extraction_runs rows."""
    engine = sa.create_engine(resolve_db_url(url))
    out: dict[str, list[Any]] = {}
    try:
        with engine.connect() as conn:
            for table in TABLES:
                column = "*" if table == "actor_aliases" else "id"
                rows = conn.execute(sa.text(f"SELECT {column} FROM {table}")).all()
                out[table] = sorted(tuple(r) for r in rows)
            runs = "SELECT document_id, extractor, version, claims_written FROM extraction_runs"
            out["extraction_runs"] = sorted(tuple(r) for r in conn.execute(sa.text(runs)).all())
    finally:
        engine.dispose()
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], dict[str, list[Any]]]:
    """The local engine's rows for the sample corpus, on SQLite: built on first call, so a
    test that skips for want of PostgreSQL does not pay for it."""

    @functools.cache
    def rows() -> dict[str, list[Any]]:
        url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'local.db'}"
        _load_sample(url)
        with open_store(url) as store:
            report = run_extraction(store)
        assert report.documents == 20 and not report.failed
        return _rows(url)

    return rows


@pytest.mark.postgres
def test_dask_writes_the_local_engines_claims_and_a_rerun_does_nothing(
    pg_url: str, cluster: SharedCluster, reference: Callable[[], dict[str, list[Any]]]
) -> None:
    _load_sample(pg_url)
    seen: list[tuple[str, int]] = []
    report = run_extraction_dask(
        pg_url, client=cluster.get(), on_document=lambda d, n: seen.append((d, n))
    )
    assert not report.failed
    assert report.documents == 20 == len(seen) == len({d for d, _ in seen})
    assert report.claims == len(reference()["claims"]) == sum(n for _, n in seen)
    rows = _rows(pg_url)
    assert rows == reference()
    again = run_extraction_dask(pg_url, client=cluster.get())
    assert (again.documents, again.claims, again.failed) == (0, 0, [])
    with open_store(pg_url) as store:  # the local engine sees the same work as done
        assert run_extraction(store).documents == 0
    assert _rows(pg_url) == rows


@pytest.mark.postgres
def test_killed_workers_batches_are_retried_and_nothing_is_written_twice(
    pg_url: str,
    cluster: SharedCluster,
    reference: Callable[[], dict[str, list[Any]]],
    tmp_path: Path,
) -> None:
    _load_sample(pg_url)
    client = cluster.get()
    client.run(dask_faults.install, str(tmp_path))
    try:
        report = run_extraction_dask(pg_url, client=client, batch_size=4)
    finally:
        client.run(dask_faults.uninstall, on_error="ignore")  # a worker may be restarting
    # Both faults fired: one worker died inside a batch's open transaction, one right after
    # a batch was committed; Dask ran both batches again on live workers.
    assert (tmp_path / dask_faults.BEFORE_COMMIT).exists()
    assert (tmp_path / dask_faults.AFTER_COMMIT).exists()
    assert not report.failed
    assert report.documents == 20
    assert report.claims == len(reference()["claims"])  # a committed batch counts its claims once
    assert _rows(pg_url) == reference()  # the same rows as a clean run, none twice


@pytest.mark.postgres
def test_cli_runs_on_an_existing_scheduler(pg_url: str, cluster: SharedCluster) -> None:
    _load_sample(pg_url)
    address = cluster.get().scheduler.address
    args = ["--db", pg_url, "extract", "--engine", "dask", "--scheduler", address, "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 20 and report["claims"] > 1000 and report["failed"] == []
    again = CliRunner().invoke(cli, args)
    assert json.loads(again.output)["documents"] == 0


@pytest.mark.postgres
def test_cli_workers_start_a_local_cluster(
    pg_url: str, cluster: SharedCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--engine dask --workers 2` asks for a local cluster of two processes (here the
    module's, so that the test does not start a third and fourth spaCy process)."""
    _load_sample(pg_url)
    asked: list[int] = []

    class Borrowed:
        def __init__(self, workers: int) -> None:
            asked.append(workers)

        def __enter__(self) -> Any:
            cluster.get()
            return cluster.cluster

        def __exit__(self, *exc: object) -> None:
            return None

    monkeypatch.setattr(dask_engine, "local_cluster", Borrowed)
    args = ["--db", pg_url, "extract", "--engine", "dask", "--workers", "2", "--limit", "5"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert asked == [2]
    assert "extracted 5 document(s)" in result.output


def test_sqlite_is_refused_with_what_to_do(sqlite_url: str) -> None:
    _load_sample(sqlite_url)
    with pytest.raises(DaskEngineError, match=r"single writer.*PostgreSQL.*local engine"):
        run_extraction_dask(sqlite_url, workers=2)
    result = CliRunner().invoke(
        cli, ["--db", sqlite_url, "extract", "--engine", "dask", "--workers", "2"]
    )
    assert result.exit_code == 1
    assert "SQLite has a single writer" in result.output
    assert "PostgreSQL" in result.output and "--workers N" in result.output
    with open_store(sqlite_url) as store:  # nothing was extracted
        assert store.stats()["claims"] == 0


def test_cli_options_that_do_not_go_together(sqlite_url: str) -> None:
    runner = CliRunner()
    local = runner.invoke(cli, ["--db", sqlite_url, "extract", "--scheduler", "tcp://h:8786"])
    assert local.exit_code == 2 and "--scheduler needs --engine dask" in local.output
    both = ["extract", "--engine", "dask", "--scheduler", "tcp://h:8786", "--workers", "3"]
    assert runner.invoke(cli, ["--db", sqlite_url, *both]).exit_code == 2
    llm = ["extract", "--engine", "dask", "--backend", "llm"]
    result = runner.invoke(cli, ["--db", sqlite_url, *llm])
    assert result.exit_code == 2 and "rules backend" in result.output


@pytest.mark.postgres
def test_an_unreachable_scheduler_is_one_clear_error(pg_url: str) -> None:
    import dask

    with open_store(pg_url) as store:
        store.upgrade()
        ingest(store, [str(sample_files()[0])])
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = ["--db", pg_url, "extract", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}"]
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
