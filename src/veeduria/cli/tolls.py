"""`veeduria tolls COUNTRY`: death-toll series per scope, every figure with its source."""

from __future__ import annotations

import click

from veeduria.cli.db import open_cli_store
from veeduria.cli.output import Column, echo_json_lines, json_option, print_table
from veeduria.cli.review import reviewed_only_option

__all__ = ["tolls_command"]


@click.command("tolls")
@click.argument("country")
@reviewed_only_option
@json_option
@click.pass_context
def tolls_command(ctx: click.Context, country: str, reviewed_only: bool, as_json: bool) -> None:
    """Death tolls stated for a country, one series per scope, oldest first.

    COUNTRY is an ISO code or a name in English or Spanish. Each figure is shown with the date
    it is valid for (the source's date, marked *, when the text gives none), its source and
    whether a reviewer accepted it; a reviewer's edit replaces the machine's figure.

    \b
    Examples:
      veeduria tolls PE
      veeduria tolls Perú --reviewed-only
      veeduria tolls Bolivia --json
    """
    from veeduria.query.events import normalize_country
    from veeduria.resolve.figures import toll_series

    code = normalize_country(country)
    if code is None:
        raise click.ClickException(f"unknown country {country!r}: use an ISO code or a name")
    points = toll_series(open_cli_store(ctx), code, reviewed_only=reviewed_only)
    if as_json:
        echo_json_lines(points)
        return
    if not points:
        click.echo(f"No {'reviewed ' if reviewed_only else ''}death tolls for {code}.", err=True)
        return
    scopes: dict[str | None, list[dict[str, object]]] = {}
    for p in points:
        scopes.setdefault(p.scope, []).append(
            {
                "as_of": (p.as_of or "") + ("" if p.as_of_stated else "*"),
                "count": p.count,
                "source": p.source.publisher or p.source.document_id,
                "review": p.state,
                "quote": p.quote,
                "claim": p.claim_id,
            }
        )
    for i, (scope, rows) in enumerate(scopes.items()):
        if i:
            click.echo()
        print_table(
            rows,
            [
                Column("as_of", "As of", no_wrap=True),
                Column("count", "Deaths", justify="right"),
                Column("source", "Source"),
                Column("review", "Review"),
                Column("quote", "Quote"),
                Column("claim", "Claim", no_wrap=True),
            ],
            title=f"{code}: {scope or '(no scope stated)'}",
        )
