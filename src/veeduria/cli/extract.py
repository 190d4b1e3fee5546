"""`veeduria extract`: turn stored documents into claims."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from veeduria.cli.output import echo_json

__all__ = ["extract_command"]


@click.command("extract")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Workers: processes for rules (each loads its spaCy models), requests in flight for "
    "llm; with --engine dask, the local cluster's worker processes.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine, written from this process. dask: tasks on Dask distributed, "
    "written by the workers into PostgreSQL (docs/dask.md).",
)
@click.option(
    "--scheduler",
    envvar="VEEDURIA_DASK_SCHEDULER",
    metavar="ADDRESS",
    help="With --engine dask: run on the cluster at this scheduler (tcp://host:8786) instead "
    "of starting a local one [env VEEDURIA_DASK_SCHEDULER].",
)
@click.option("--limit", type=click.IntRange(min=1), help="Extract at most this many documents.")
@click.option(
    "--backend",
    type=click.Choice(["rules", "llm"]),
    default="rules",
    show_default=True,
    help="rules: the built-in extractor. llm: your OpenAI-compatible server (docs/llm.md).",
)
@click.option(
    "--llm-url",
    envvar="VEEDURIA_LLM_URL",
    metavar="URL",
    help="Base URL of the server, e.g. http://localhost:11434/v1 [env VEEDURIA_LLM_URL].",
)
@click.option(
    "--llm-model",
    envvar="VEEDURIA_LLM_MODEL",
    metavar="NAME",
    help="Model name the server knows [env VEEDURIA_LLM_MODEL].",
)
@click.option(
    "--llm-api-key-env",
    metavar="VAR",
    default="VEEDURIA_LLM_API_KEY",
    show_default=True,
    help="Environment variable holding the API key, if the server wants one.",
)
@click.option(
    "--llm-timeout",
    type=click.FloatRange(min=1),
    default=120.0,
    show_default=True,
    metavar="S",
    help="Seconds to wait for each answer.",
)
@click.option(
    "--llm-chunk-chars",
    type=click.IntRange(min=200),
    default=4000,
    show_default=True,
    metavar="N",
    help="Longer documents are sent in chunks of whole paragraphs of at most N characters.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_context
def extract_command(
    ctx: click.Context,
    workers: int,
    engine: str,
    scheduler: str | None,
    limit: int | None,
    backend: str,
    llm_url: str | None,
    llm_model: str | None,
    llm_api_key_env: str,
    llm_timeout: float,
    llm_chunk_chars: int,
    as_json: bool,
) -> None:
    """Extract entities, events, tolls and relations from documents not yet extracted.

    Documents already extracted by the same extractor version are skipped, so running it again
    does nothing; a new extractor version adds its claims beside the old ones and never
    removes reviewed ones. Each document's claims are written in one transaction.

    With --backend llm, each document's text is sent to the server you name; every quote the
    model returns is checked against the text, and claims whose quote is not there, or whose
    values are not in the ontology, are rejected and reported, never stored.

    With --engine dask, batches of documents are extracted as tasks on Dask distributed (a
    local cluster of --workers processes, or the cluster at --scheduler) and each worker writes
    its batches into the PostgreSQL database itself; SQLite is refused. Needs the 'dask' extra.

    \b
    Examples:
      veeduria extract
      veeduria extract --workers 2 --json
      veeduria extract --backend llm --llm-url http://localhost:11434/v1 --llm-model qwen2.5:7b
      veeduria --db postgresql://me@db/veeduria extract --engine dask --workers 4
      veeduria --db postgresql://me@db/veeduria extract --engine dask --scheduler tcp://sched:8786
    """
    from veeduria.cli.db import open_cli_store
    from veeduria.nlp.run import extractor_identity

    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if scheduler is not None and workers != 1:
        raise click.UsageError(
            "--workers sizes a local cluster: the one at --scheduler has its own"
        )
    if engine == "dask" and backend != "rules":
        raise click.UsageError(
            "--engine dask runs the rules backend; --backend llm waits on its server, so run it "
            "with the local engine and --workers N requests in flight"
        )
    chosen = _backend(backend, llm_url, llm_model, llm_api_key_env, llm_timeout, llm_chunk_chars)
    store = open_cli_store(ctx)
    if engine == "dask" and store.engine.dialect.name == "sqlite":
        from veeduria.nlp.dask_engine import SQLITE_REFUSED

        raise click.ClickException(SQLITE_REFUSED)
    name, version = extractor_identity(chosen)
    total = sum(1 for _ in store.documents_to_extract(name, version, limit=limit))
    runner = _local_runner(store, workers, chosen)
    if engine == "dask":
        runner = _dask_runner(store.url, workers, scheduler)
    try:
        report = _run(runner, limit, total, quiet=as_json)
    finally:
        close = getattr(chosen, "close", None)
        if callable(close):
            close()
    if as_json:
        echo_json(report.as_dict())
    else:
        click.echo(
            f"extracted {report.documents} document(s) with {report.extractor} {report.version}: "
            f"{report.claims} new claim(s)"
            + (f", {len(report.rejected)} rejected" if report.rejected else "")
        )
        for doc_id, reason in report.rejected:
            click.echo(f"rejected: {doc_id}: {reason}", err=True)
        for doc_id, reason in report.failed:
            click.echo(f"failed: {doc_id}: {reason}", err=True)
    if report.failed:
        ctx.exit(1)


def _backend(
    name: str,
    url: str | None,
    model: str | None,
    key_env: str,
    timeout: float,
    chunk_chars: int,
) -> Any:
    """The backend to run, or None for the default rule extractor."""
    if name == "rules":
        return None
    if not url:
        raise click.ClickException("--backend llm needs --llm-url (or VEEDURIA_LLM_URL)")
    if not model:
        raise click.ClickException("--backend llm needs --llm-model (or VEEDURIA_LLM_MODEL)")
    if not url.startswith(("http://", "https://")):
        raise click.ClickException(f"--llm-url {url!r} is not an http(s) URL")
    from veeduria.nlp.backends import get_backend
    from veeduria.nlp.llm import LLMConfig

    config = LLMConfig(
        url=url,
        model=model,
        api_key=os.environ.get(key_env) or None,
        timeout=timeout,
        max_chars=chunk_chars,
    )
    return get_backend("llm", llm=config)


# A runner takes (limit, on_document) and returns the ExtractReport; on_document is called
# once per document with its claims written (the argument before is its DocumentInput for the
# local engine, its id for the dask engine).
Runner = Callable[[int | None, Callable[[Any, int], None] | None], Any]


def _local_runner(store: Any, workers: int, backend: Any) -> Runner:
    def run(limit: int | None, on_document: Callable[[Any, int], None] | None) -> Any:
        from veeduria.nlp.run import run_extraction

        return run_extraction(
            store, workers=workers, limit=limit, on_document=on_document, backend=backend
        )

    return run


def _dask_runner(url: str, workers: int, scheduler: str | None) -> Runner:
    def run(limit: int | None, on_document: Callable[[Any, int], None] | None) -> Any:
        from veeduria.nlp.dask_engine import DaskEngineError, run_extraction_dask

        try:
            return run_extraction_dask(
                url, workers=workers, scheduler=scheduler, limit=limit, on_document=on_document
            )
        except DaskEngineError as exc:
            raise click.ClickException(str(exc)) from exc

    return run


def _run(runner: Runner, limit: int | None, total: int, *, quiet: bool) -> Any:
    """Run with a progress bar on stderr when it is a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    err = Console(stderr=True)
    if quiet or not err.is_terminal or total == 0:
        return runner(limit, None)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("extracting", total=total)
        return runner(limit, lambda doc, claims: progress.advance(task))
