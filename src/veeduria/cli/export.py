"""`veeduria export FORMAT`: the evidence base in the formats other tools read.

Output goes to stdout unless `-o FILE`; it is written as a stream, page by page.
"""

from __future__ import annotations

import click

from veeduria.cli.db import open_cli_store
from veeduria.cli.review import reviewed_only_option

__all__ = ["export_command"]

_FORMATS = ["csv", "jsonl", "ftm", "graphml", "geojson", "acled", "backup"]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import re

    if value is None:
        return None
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise click.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return value


@click.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(_FORMATS))
@click.option("--type", "types", multiple=True, help="Event type (repeatable).")
@click.option("--country", "countries", multiple=True, help="ISO alpha-2 code (repeatable).")
@click.option("--since", callback=_date, help="Events on or after this date (YYYY[-MM[-DD]]).")
@click.option("--until", callback=_date, help="Events on or before this date.")
@click.option(
    "--table",
    type=click.Choice(["events", "actors", "relations", "claims", "death_tolls"]),
    help="csv only: one table instead of a zip of all five.",
)
@reviewed_only_option
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="File to write; '-' is stdout.",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    fmt: str,
    types: tuple[str, ...],
    countries: tuple[str, ...],
    since: str | None,
    until: str | None,
    table: str | None,
    reviewed_only: bool,
    output: str,
) -> None:
    """Write the evidence base as CSV, JSON Lines, FollowTheMoney, GraphML, GeoJSON,
    ACLED-style CSV, or a full backup.

    Filters select events; actors, relations and claims follow the selected events (see
    docs/interop.md). A backup always holds everything.

    \b
    Examples:
      veeduria export geojson --country PE --since 2022-12 -o peru.geojson
      veeduria export csv --table events --reviewed-only > events.csv
      veeduria export csv -o all.zip
      veeduria export ftm | ftm validate
      veeduria export backup -o veeduria.backup.jsonl
    """
    from veeduria.export import ExportError, ExportFilters, ExportOptions, stream_export
    from veeduria.ontology import load_ontology

    if table and fmt != "csv":
        raise click.UsageError("--table is for the csv format")
    if fmt == "backup" and (types or countries or since or until or reviewed_only):
        raise click.UsageError("a backup holds everything: it takes no filters")
    ontology = load_ontology()
    for t in types:
        if t not in ontology.event_types:
            raise click.BadParameter(
                f"unknown event type {t!r}; use one of {', '.join(ontology.event_types)}",
                param_hint="--type",
            )
    if fmt == "csv" and not table and output == "-" and click.get_binary_stream("stdout").isatty():
        raise click.UsageError("csv without --table writes a zip: give -o FILE.zip or --table")
    filters = ExportFilters(
        types=tuple(types),
        countries=tuple(c.upper() for c in countries),
        since=since,
        until=until,
        reviewed_only=reviewed_only,
    )
    store = open_cli_store(ctx)
    options = ExportOptions(filters=filters, table=table)
    try:
        chunks = stream_export(store, fmt, options)
        if output == "-":
            out = click.get_binary_stream("stdout")
            for chunk in chunks:
                out.write(chunk)
            out.flush()
        else:
            _write_file(output, chunks)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc


def _write_file(path: str, chunks: object) -> None:
    """Write to a temporary file beside `path`, then move it there: no half-written file."""
    import os
    import tempfile
    from collections.abc import Iterable
    from pathlib import Path

    assert isinstance(chunks, Iterable)
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
