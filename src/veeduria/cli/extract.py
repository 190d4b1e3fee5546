"""`veeduria extract`: turn stored documents into claims."""

from __future__ import annotations

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
    help="Worker processes; each loads its own spaCy models.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Extract at most this many documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_context
def extract_command(ctx: click.Context, workers: int, limit: int | None, as_json: bool) -> None:
    """Extract entities, events, tolls and relations from documents not yet extracted.

    Documents already extracted by the same extractor version are skipped, so running it again
    does nothing; a new extractor version adds its claims beside the old ones and never
    removes reviewed ones. Each document's claims are written in one transaction.

    \b
    Examples:
      veeduria extract
      veeduria extract --workers 2 --json
    """
    from veeduria.cli.db import open_cli_store
    from veeduria.nlp.run import extractor_identity

    store = open_cli_store(ctx)
    name, version = extractor_identity()
    total = sum(1 for _ in store.documents_to_extract(name, version, limit=limit))
    report = _run(store, workers, limit, total, quiet=as_json)
    if as_json:
        echo_json(report.as_dict())
    else:
        click.echo(
            f"extracted {report.documents} document(s) with {report.extractor} {report.version}: "
            f"{report.claims} new claim(s)"
        )
        for doc_id, reason in report.failed:
            click.echo(f"failed: {doc_id}: {reason}", err=True)
    if report.failed:
        ctx.exit(1)


def _run(store: Any, workers: int, limit: int | None, total: int, *, quiet: bool) -> Any:
    """Run with a progress bar on stderr when it is a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from veeduria.nlp.run import run_extraction

    err = Console(stderr=True)
    if quiet or not err.is_terminal or total == 0:
        return run_extraction(store, workers=workers, limit=limit)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("extracting", total=total)
        return run_extraction(
            store,
            workers=workers,
            limit=limit,
            on_document=lambda doc, claims: progress.advance(task),
        )
