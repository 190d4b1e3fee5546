"""`veeduria init` and `veeduria db ...`: create and migrate the evidence base.

`open_cli_store(ctx)` is also what other commands call to get a store from `--db`: it turns
every "cannot use this database" situation into a one-line error that says what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

__all__ = ["db_group", "db_url_from_context", "init_command", "open_cli_store"]


def db_url_from_context(ctx: click.Context) -> str:
    """The URL from the top-level `--db` / VEEDURIA_DB, or the default."""
    import os

    from veeduria.config import DB_ENV, DEFAULT_DB_URL

    obj = ctx.find_root().obj
    if isinstance(obj, dict) and obj.get("db_url"):
        return str(obj["db_url"])
    return os.environ.get(DB_ENV) or DEFAULT_DB_URL


def open_cli_store(ctx: click.Context, *, create: bool = False) -> SQLStore:
    """The store for this command, closed when the command ends.

    With `create`, a missing database is created and the schema upgraded (init, ingest);
    without, the database must exist at the current schema revision (read commands).
    """
    import sqlalchemy as sa

    from veeduria.config import ConfigError, display_url
    from veeduria.store import StoreError, open_store

    url = db_url_from_context(ctx)
    store = None
    try:
        store = open_store(url, must_exist=not create)
        if create:
            store.upgrade()
        else:
            store.check_schema()
    except (ConfigError, StoreError) as exc:
        if store is not None:
            store.close()
        raise click.ClickException(str(exc)) from exc
    except sa.exc.OperationalError as exc:
        if store is not None:
            store.close()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise click.ClickException(f"cannot open {display_url(url)}: {reason}") from exc
    ctx.call_on_close(store.close)
    return store


@click.command("init")
@click.pass_context
def init_command(ctx: click.Context) -> None:
    """Create the evidence base, or bring an existing one to the current schema.

    Safe to run again: it only applies what is missing.

    \b
    Examples:
      veeduria init
      veeduria --db sqlite:///bolivia.db init
      veeduria --db postgresql://me@localhost/veeduria init
    """
    from veeduria.config import display_url

    store = open_cli_store(ctx, create=True)
    click.echo(
        f"Evidence base ready at {display_url(db_url_from_context(ctx))} "
        f"(schema revision {store.schema_revision()})."
    )


@click.group("db")
def db_group() -> None:
    """Database maintenance.

    \b
    Examples:
      veeduria db upgrade     apply new schema revisions after upgrading veeduria
      veeduria db status      show the schema revision
    """


@db_group.command("upgrade")
@click.pass_context
def upgrade_command(ctx: click.Context) -> None:
    """Apply the schema revisions this veeduria has and the database lacks.

    Idempotent. The database must exist: create one with `veeduria init`.
    """
    import sqlalchemy as sa

    from veeduria.config import ConfigError, display_url
    from veeduria.store import StoreError, open_store

    url = db_url_from_context(ctx)
    try:
        store = open_store(url, must_exist=True)
    except (ConfigError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        before = store.schema_revision()
        store.upgrade()
        after = store.schema_revision()
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise click.ClickException(f"cannot upgrade {display_url(url)}: {reason}") from exc
    finally:
        store.close()
    where = display_url(url)
    if before == after:
        click.echo(f"{where} is already at schema revision {after}.")
    else:
        click.echo(f"Upgraded {where} from schema revision {before or 'none'} to {after}.")


@db_group.command("status")
@click.pass_context
def status_command(ctx: click.Context) -> None:
    """Show the database's schema revision and the one this veeduria needs."""
    from veeduria.config import ConfigError, display_url
    from veeduria.store import StoreError, open_store
    from veeduria.store.migrate import head_revision

    url = db_url_from_context(ctx)
    try:
        store = open_store(url, must_exist=True)
    except (ConfigError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        current = store.schema_revision()
    finally:
        store.close()
    head = head_revision()
    state = "up to date" if current == head else "run `veeduria db upgrade`"
    click.echo(f"{display_url(url)}: schema revision {current or 'none'}, needs {head} ({state}).")
