"""`veeduria import cline|ucdp|ftm|backup FILE`: bring other data into the evidence base.

Every import is all or nothing: a bad row or line stops it with an error naming the file and
line, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from veeduria.cli.db import db_url_from_context, open_cli_store
from veeduria.cli.output import echo_json, json_option

__all__ = ["import_group"]


@click.group("import")
def import_group() -> None:
    """Import reference datasets, FollowTheMoney entities or a backup.

    \b
    Examples:
      veeduria import cline cline_coup_data_v2.1.2.csv
      veeduria import ucdp ucdp_ged_mexico_1989-2023.csv --version 24.1
      veeduria import ftm entities.ftm.json
      veeduria --db sqlite:///restored.db import backup veeduria.backup.jsonl
    """


def _report(result: Any, as_json: bool, what: str) -> None:
    import dataclasses

    values = dataclasses.asdict(result)
    if as_json:
        echo_json(values)
    else:
        click.echo(f"{what}: " + ", ".join(f"{k} {v}" for k, v in values.items()))


def _run(func: Any, *args: Any, **kwargs: Any) -> Any:
    import sqlalchemy as sa

    from veeduria.export import ExportError
    from veeduria.export.imports import ImportFailure

    try:
        return func(*args, **kwargs)
    except (ImportFailure, ExportError) as exc:
        raise click.ClickException(str(exc)) from exc
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise click.ClickException(f"cannot use the database: {reason}") from exc


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@import_group.command("cline")
@click.argument("path", type=_FILE)
@click.option("--version", "version", default="2.1.2", show_default=True, help="Dataset version.")
@json_option
@click.pass_context
def cline_command(ctx: click.Context, path: Path, version: str, as_json: bool) -> None:
    """Import the Cline Center coups CSV as reference events (one per row)."""
    from veeduria.export.imports.cline import import_cline

    store = open_cli_store(ctx, create=True)
    _report(_run(import_cline, store, path, version=version), as_json, f"Imported {path}")


@import_group.command("ucdp")
@click.argument("path", type=_FILE)
@click.option("--version", "version", default="24.1", show_default=True, help="GED version.")
@json_option
@click.pass_context
def ucdp_command(ctx: click.Context, path: Path, version: str, as_json: bool) -> None:
    """Import a UCDP GED CSV as reference events (one per row), streamed."""
    from veeduria.export.imports.ucdp import import_ucdp

    store = open_cli_store(ctx, create=True)
    _report(_run(import_ucdp, store, path, version=version), as_json, f"Imported {path}")


@import_group.command("ftm")
@click.argument("path", type=_FILE)
@json_option
@click.pass_context
def ftm_command(ctx: click.Context, path: Path, as_json: bool) -> None:
    """Import FollowTheMoney entities as written by `veeduria export ftm`."""
    from veeduria.export.imports.ftm import import_ftm

    store = open_cli_store(ctx, create=True)
    _report(_run(import_ftm, store, path), as_json, f"Imported {path}")


@import_group.command("backup")
@click.argument("path", type=_FILE)
@json_option
@click.pass_context
def backup_command(ctx: click.Context, path: Path, as_json: bool) -> None:
    """Restore a backup into an EMPTY database (the whole file or nothing)."""
    from veeduria.config import ConfigError
    from veeduria.export.imports.backup import import_backup
    from veeduria.store import StoreError, open_store

    # Not open_cli_store(create=True): a database that is refused (not empty) must not be
    # migrated first; import_backup creates the schema only in an empty one.
    try:
        store = open_store(db_url_from_context(ctx))
    except (ConfigError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.call_on_close(store.close)
    _report(_run(import_backup, store, path), as_json, f"Restored {path}")
