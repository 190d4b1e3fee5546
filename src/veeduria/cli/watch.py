"""`veeduria watch add|list|remove|run`: watchlists and alerts, cron-friendly."""

from __future__ import annotations

import click

from veeduria.cli.output import Column, echo_json, echo_json_lines, json_option, print_table

__all__ = ["watch_group"]

DEFAULT_LIST = "default"


@click.group("watch")
def watch_group() -> None:
    """Watch actors, companies, event types and countries; hear of each new report once.

    \b
    Examples:
      veeduria watch add --actor "Hudbay Minerals" --name mining --email desk@example.org
      veeduria watch add --type repression_killing --country PE --name peru
      veeduria watch list
      veeduria watch run                     # from cron: new reports since the last run
      veeduria watch run --since 2023-01-01  # also what already matched, dated since then
    """


@watch_group.command("add")
@click.option("--actor", help="An actor or company, by any of its names.")
@click.option("--type", "event_type", metavar="TYPE", help="An event type (see the ontology).")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code of the event's country.")
@click.option(
    "--name",
    "list_name",
    metavar="LIST",
    default=DEFAULT_LIST,
    show_default=True,
    help="The watchlist to add this rule to (created when new).",
)
@click.option("--email", metavar="ADDR", help="Also e-mail the list's new reports here.")
@click.option("--webhook", metavar="URL", help="Also POST the list's new reports here (JSON).")
@json_option
@click.pass_context
def add_command(
    ctx: click.Context,
    actor: str | None,
    event_type: str | None,
    country: str | None,
    list_name: str,
    email: str | None,
    webhook: str | None,
    as_json: bool,
) -> None:
    """Add a rule: reports that match every given field (actor, type, country)."""
    from veeduria.cli.db import open_cli_store
    from veeduria.ontology import load_ontology
    from veeduria.store.watch import add_rule

    if not (actor or event_type or country):
        raise click.UsageError("give at least one of --actor, --type, --country")
    if event_type is not None:
        try:
            load_ontology().check_event_type(event_type)
        except ValueError as exc:
            raise click.ClickException(f"--type: {exc}") from exc
    if country is not None:
        country = country.upper()
        if len(country) != 2 or not country.isalpha():
            raise click.ClickException(f"--country: {country!r} is not an ISO 3166-1 alpha-2 code")
    if email is not None and "@" not in email:
        raise click.ClickException(f"--email: {email!r} is not an e-mail address")
    if webhook is not None and not webhook.startswith(("http://", "https://")):
        raise click.ClickException(f"--webhook: {webhook!r} is not an http(s) URL")
    store = open_cli_store(ctx)
    rule = add_rule(
        store.engine,
        watchlist=list_name,
        actor=actor,
        event_type=event_type,
        country=country,
        email=email,
        webhook=webhook,
    )
    if as_json:
        echo_json(rule)
        return
    click.echo(f"Added watch {rule.id} to the watchlist {list_name!r} (list {rule.watchlist_id}).")


@watch_group.command("list")
@json_option
@click.pass_context
def list_command(ctx: click.Context, as_json: bool) -> None:
    """List the watches, with their watchlist and its channels."""
    from veeduria.cli.db import open_cli_store
    from veeduria.store.watch import list_watchlists

    store = open_cli_store(ctx)
    rows = [
        {
            "id": rule.id,
            "watchlist_id": wl.id,
            "watchlist": wl.name,
            "actor": rule.actor,
            "type": rule.event_type,
            "country": rule.country,
            "email": wl.email,
            "webhook": wl.webhook,
            "channels": wl.channels,
            "feed": f"/watch/{wl.id}/feed.atom",
            "started_at": rule.started_at,
        }
        for wl in list_watchlists(store.engine)
        for rule in wl.rules
    ]
    if as_json:
        echo_json_lines(rows)
        return
    print_table(
        rows,
        [
            Column("id", "ID", justify="right"),
            Column("watchlist", "List"),
            Column("actor", "Actor"),
            Column("type", "Type"),
            Column("country", "Country"),
            Column("channels", "Channels", format=lambda v: ", ".join(v)),
            Column("started_at", "Since"),
        ],
    )


@watch_group.command("remove")
@click.argument("watch_id", type=int)
@click.pass_context
def remove_command(ctx: click.Context, watch_id: int) -> None:
    """Remove a watch (a list left without watches goes too)."""
    from veeduria.cli.db import open_cli_store
    from veeduria.store.watch import remove_rule

    store = open_cli_store(ctx)
    removed = remove_rule(store.engine, watch_id)
    if removed is None:
        raise click.ClickException(f"no watch with id {watch_id}: see `veeduria watch list`")
    click.echo(f"Removed watch {watch_id} from the watchlist {removed.watchlist!r}.")


@watch_group.command("run")
@click.option(
    "--since",
    metavar="DATE",
    help="Also deliver what already matched, dated on or after DATE (YYYY-MM-DD).",
)
@click.option("--smtp-host", envvar="VEEDURIA_SMTP_HOST", help="Also VEEDURIA_SMTP_HOST.")
@click.option(
    "--smtp-port",
    envvar="VEEDURIA_SMTP_PORT",
    type=int,
    default=25,
    show_default=True,
    help="Also VEEDURIA_SMTP_PORT.",
)
@click.option("--smtp-user", envvar="VEEDURIA_SMTP_USER", help="Also VEEDURIA_SMTP_USER.")
@click.option(
    "--smtp-password", envvar="VEEDURIA_SMTP_PASSWORD", help="Also VEEDURIA_SMTP_PASSWORD."
)
@click.option(
    "--smtp-from",
    envvar="VEEDURIA_SMTP_FROM",
    default="veeduria@localhost",
    show_default=True,
    help="Also VEEDURIA_SMTP_FROM.",
)
@click.option(
    "--smtp-starttls/--no-smtp-starttls",
    envvar="VEEDURIA_SMTP_STARTTLS",
    default=False,
    help="Upgrade the SMTP connection with STARTTLS. Also VEEDURIA_SMTP_STARTTLS=1.",
)
@json_option
@click.pass_context
def run_command(
    ctx: click.Context,
    since: str | None,
    smtp_host: str | None,
    smtp_port: int,
    smtp_user: str | None,
    smtp_password: str | None,
    smtp_from: str,
    smtp_starttls: bool,
    as_json: bool,
) -> None:
    """Deliver every new matching report once per channel; safe to run from cron.

    The first run of a watch records what already matches and sends nothing (no old backlog),
    unless --since is given. A channel that fails is retried on the next run; the others do
    not send twice. Exits 1 when a channel failed, with one line per failure on stderr.
    """
    from datetime import date

    from veeduria.alerts import ChannelSettings, SmtpSettings, run_watchlists
    from veeduria.cli.db import open_cli_store

    start = None
    if since is not None:
        try:
            start = date.fromisoformat(since)
        except ValueError as exc:
            raise click.ClickException(f"--since: {since!r} is not a date (YYYY-MM-DD)") from exc
    settings = ChannelSettings(
        echo=click.echo,
        as_json=as_json,
        smtp=SmtpSettings(
            host=smtp_host,
            port=smtp_port,
            user=smtp_user,
            password=smtp_password,
            sender=smtp_from,
            starttls=smtp_starttls,
        ),
    )
    store = open_cli_store(ctx)
    report = run_watchlists(store.engine, settings, since=start)
    for failure in report.failures:
        click.echo(
            f"Error: watchlist {failure.watchlist!r}, channel {failure.channel}: "
            f"{failure.error} ({failure.events} reports kept for the next run)",
            err=True,
        )
    if not as_json:
        for name, count in sorted(report.baseline.items()):
            click.echo(
                f"[{name}] first run: {count} report{'s' if count != 1 else ''} already "
                "matching, not sent (use --since DATE to send them)",
                err=True,
            )
    if report.failures:
        ctx.exit(1)
