"""`veeduria ingest`: read files, folders, URLs and feeds into the evidence base."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

__all__ = ["ingest_command"]


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL|FEED...")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow URLs on loopback, private and link-local addresses (refused by default).",
)
@click.option("--no-extract", is_flag=True, help="Only store documents; extract claims later.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option(
    "--language",
    metavar="xx",
    help="ISO 639-1 code to use for every document instead of detecting it (e.g. es).",
)
@click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="MB",
    help="Refuse files larger than this many megabytes (tables are streamed, no limit).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    metavar="N",
    help="Documents per transaction (COPY on PostgreSQL); 1 writes each on its own.",
)
@click.option(
    "--restart",
    is_flag=True,
    help="Read JSONL/CSV tables from the first row, ignoring where an interrupted run stopped.",
)
@click.pass_context
def ingest_command(
    ctx: click.Context,
    sources: tuple[str, ...],
    allow_private: bool,
    no_extract: bool,
    as_json: bool,
    language: str | None,
    max_size: int,
    batch_size: int,
    restart: bool,
) -> None:
    """Read documents into the evidence base, in batches of one transaction each.

    Accepts .txt/.md, .html, .pdf, .docx, .jsonl/.csv tables (a `text` or `url` column),
    folders (recursively), http(s) URLs and RSS/Atom feeds. Exact duplicates are skipped;
    near-duplicates are stored and linked to the earlier copy. Re-running is safe: what is
    already stored is left alone, and a table whose ingest was interrupted resumes after the
    last row stored ("resuming at row N"; --restart reads it all). Exits 1 if any input failed.

    \b
    Examples:
      veeduria ingest reports/
      veeduria ingest https://example.org/feed.xml --no-extract
      veeduria ingest articles.jsonl --language es --json
      veeduria ingest dump.jsonl --no-extract --batch-size 1000
    """
    from veeduria.ingest.pipeline import IngestOptions, run_extraction_after_ingest

    if language is not None:
        language = language.strip().lower()
        if len(language) != 2 or not language.isalpha():
            raise click.BadParameter("use a two-letter ISO 639-1 code", param_hint="--language")
    from veeduria.cli.db import open_cli_store

    store: Any = open_cli_store(ctx, create=True)  # closed when the command ends
    options = IngestOptions(
        allow_private=allow_private,
        language=language,
        max_file_bytes=max_size * 1024 * 1024,
        batch_size=batch_size,
        restart=restart,
    )
    err = _stderr_console()
    report = _run_with_progress(store, list(sources), options, err)
    extraction: dict[str, Any] | None = None
    if not no_extract and report.new_ids and not report.interrupted:
        try:
            claims = run_extraction_after_ingest(store, report.new_ids)
            extraction = {"claims": claims} if claims is not None else None
        except Exception as exc:  # ingest succeeded; say why extraction did not
            err.print(f"extraction failed: {type(exc).__name__}: {exc}", markup=False)
            extraction = {"error": f"{type(exc).__name__}: {exc}"}
    if as_json:
        payload = report.to_json()
        if extraction is not None:
            payload["extraction"] = extraction
        click.echo(json.dumps(payload, ensure_ascii=False, sort_keys=True))
    else:
        _print_summary(report, extraction)
    if report.interrupted:
        ctx.exit(130)
    if report.failures:
        ctx.exit(1)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _run_with_progress(store: Any, sources: list[str], options: Any, err: Any) -> Any:
    """Run the ingest; a progress display on stderr when it is a terminal, quiet otherwise."""
    from veeduria.ingest.pipeline import Outcome, ingest

    def say_failure(outcome: Outcome) -> None:
        if outcome.status == "failed":
            err.print(f"error: {outcome.source}: {outcome.detail}", markup=False, soft_wrap=True)

    def say(message: str) -> None:
        err.print(message, markup=False, soft_wrap=True)

    if not err.is_terminal:
        return ingest(store, sources, options, on_outcome=say_failure, on_notice=say)

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)

        def update(outcome: Outcome) -> None:
            say_failure(outcome)
            name = outcome.source if len(outcome.source) <= 60 else "…" + outcome.source[-59:]
            progress.update(task, advance=1, description=name)

        return ingest(store, sources, options, on_outcome=update, on_notice=say)


_LABELS = {
    "ingested": "ingested (new)",
    "syndicated": "syndicated (new, near-duplicate of an earlier document)",
    "duplicate": "duplicates (same text earlier in this run)",
    "already_stored": "already stored (before this run)",
    "skipped": "skipped (not a document)",
    "failed": "failed",
}


def _print_summary(report: Any, extraction: dict[str, Any] | None) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console(file=sys.stdout, highlight=False, soft_wrap=True)
    table = Table(title="ingest", title_justify="left")
    table.add_column("outcome")
    table.add_column("documents", justify="right")
    for status, count in report.counts.items():
        table.add_row(_LABELS[status], str(count))
    out.print(table)
    if extraction is not None:
        out.print(f"extraction: {extraction}", markup=False)
    if report.interrupted:
        out.print("interrupted: every stored document is whole; run again to continue")
    for outcome in report.failures:
        out.print(f"failed: {outcome.source}: {outcome.detail}", markup=False)
