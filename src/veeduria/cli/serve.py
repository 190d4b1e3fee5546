"""`veeduria serve`: the web interface (FastAPI + uvicorn) over the evidence base."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

__all__ = ["run_server", "serve_command"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--team",
    is_flag=True,
    help="Accounts and roles (viewer/reviewer/admin) from the users file; needed off loopback.",
)
@click.option(
    "--users",
    "users_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Team mode accounts file [default: <db>.users.json, or $VEEDURIA_USERS].",
)
@click.option(
    "--online-tiles",
    is_flag=True,
    help="Draw OpenStreetMap tiles over the offline basemap (the browser fetches them).",
)
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure (behind HTTPS).")
@click.pass_context
def serve_command(
    ctx: click.Context,
    host: str,
    port: int,
    team: bool,
    users_path: Path | None,
    online_tiles: bool,
    secure_cookies: bool,
) -> None:
    """Serve the web interface: dashboard, search, documents with highlighted claims, events,
    actors, timeline, map, network and the review queue, plus a JSON API under /api.

    Local mode (default) listens on 127.0.0.1 for one person with no login. Team mode needs
    accounts (`veeduria users add`); the session secret comes from VEEDURIA_SECRET_KEY or
    `<users file>.secret` (created on first use, mode 0600).

    \b
    Examples:
      veeduria serve
      veeduria --db sqlite:///veeduria-demo.db serve --port 8080
      veeduria --db postgresql://me@db/veeduria serve --team --host 0.0.0.0 --users team.json
    """
    from veeduria.cli.db import db_url_from_context, open_cli_store

    if not team and host not in _LOOPBACK:
        raise click.ClickException(
            f"--host {host} without --team would publish the evidence base with no login: "
            "add --team (and accounts with `veeduria users add`) or keep 127.0.0.1"
        )
    store = open_cli_store(ctx)
    run_server(
        store,
        db_url_from_context(ctx),
        host=host,
        port=port,
        team=team,
        users_path=users_path,
        online_tiles=online_tiles,
        secure_cookies=secure_cookies,
    )


def run_server(
    store: SQLStore,
    db_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    team: bool = False,
    users_path: Path | None = None,
    online_tiles: bool = False,
    secure_cookies: bool = False,
) -> None:
    """Build the settings, the app, and run uvicorn until interrupted."""
    import uvicorn

    from veeduria.config import ConfigError
    from veeduria.store.users import UserFile
    from veeduria.web.app import create_app
    from veeduria.web.settings import WebSettings, default_users_path, load_secret, local_user_name

    secret = ""
    if team:
        users_path = users_path or default_users_path(db_url)
        if users_path is None:
            raise click.ClickException(
                "team mode needs an accounts file for this database: pass --users FILE"
            )
        if not UserFile(users_path).list():
            raise click.ClickException(
                f"no accounts in {users_path}: add one with `veeduria users add NAME --role admin`"
            )
        secret = load_secret(users_path)
    settings = WebSettings(
        db_url=db_url,
        team=team,
        users_path=users_path,
        secret_key=secret,
        local_user=local_user_name(),
        online_tiles=online_tiles,
        secure_cookies=secure_cookies,
    )
    try:
        app = create_app(settings, store=store)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    mode = "team mode" if team else "local mode, no login"
    click.echo(f"veeduria: http://{host}:{port}/  ({mode}; Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
