"""`veeduria users add|list|role`: team-mode accounts for `veeduria serve --team`."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["users_group"]

_USERS_OPTION = click.option(
    "--users",
    "users_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Accounts file [default: <db>.users.json next to a SQLite file, or $VEEDURIA_USERS].",
)


def _file(ctx: click.Context, users_path: Path | None) -> Path:
    from veeduria.cli.db import db_url_from_context
    from veeduria.config import ConfigError
    from veeduria.web.settings import default_users_path

    if users_path is not None:
        return users_path
    try:
        found = default_users_path(db_url_from_context(ctx))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if found is None:
        raise click.ClickException(
            "this database is not a SQLite file: name the accounts file with --users FILE "
            "or VEEDURIA_USERS"
        )
    return found


@click.group("users")
def users_group() -> None:
    """Accounts for team mode: viewer (read), reviewer (also review), admin (everything).

    Accounts live in a JSON file next to the evidence base (`<db>.users.json`, mode 0600) with
    argon2 password hashes.

    \b
    Examples:
      veeduria users add ana --role reviewer
      veeduria users list
      veeduria users role ana admin
    """


@users_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["viewer", "reviewer", "admin"]),
    default="viewer",
    show_default=True,
)
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
@_USERS_OPTION
@click.pass_context
def add_command(
    ctx: click.Context, name: str, role: str, password_stdin: bool, users_path: Path | None
) -> None:
    """Add an account; the password is asked twice (or read from stdin)."""
    from veeduria.store.users import UserError, UserFile

    path = _file(ctx, users_path)
    if password_stdin:
        password = click.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = UserFile(path).add(name, password, role)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Added {user.name} ({user.role}) to {path}.")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON lines.")
@_USERS_OPTION
@click.pass_context
def list_command(ctx: click.Context, as_json: bool, users_path: Path | None) -> None:
    """List accounts and their roles (never the hashes)."""
    import json

    from veeduria.store.users import UserError, UserFile

    path = _file(ctx, users_path)
    try:
        users = UserFile(path).list()
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    for user in users:
        if as_json:
            click.echo(
                json.dumps({"name": user.name, "role": user.role, "created_at": user.created_at})
            )
        else:
            click.echo(f"{user.name:<24} {user.role:<9} {user.created_at}")
    if not users and not as_json:
        click.echo(f"No accounts in {path}.")


@users_group.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["viewer", "reviewer", "admin"]))
@_USERS_OPTION
@click.pass_context
def role_command(ctx: click.Context, name: str, role: str, users_path: Path | None) -> None:
    """Change an account's role; it applies to the next request that account makes."""
    from veeduria.store.users import UserError, UserFile

    path = _file(ctx, users_path)
    try:
        user = UserFile(path).set_role(name, role)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.name} is now {user.role}.")
