"""`veeduria events list|show`: the timeline and the event page, from the terminal."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import click

from veeduria.cli.db import open_cli_store
from veeduria.cli.output import (
    Column,
    echo_json,
    echo_json_lines,
    json_option,
    print_fields,
    print_table,
)
from veeduria.cli.review import format_value, reviewed_only_option

if TYPE_CHECKING:
    from veeduria.query.events import EventSummary
    from veeduria.resolve.figures import Figures

__all__ = ["events_group", "format_figure"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _DATE.match(value):
        raise click.BadParameter(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def format_figure(conservative: Any, low: Any, high: Any) -> str:
    """ "17" or "17 (17–18)" when sources disagree."""
    if conservative is None:
        return ""
    if low is not None and high is not None and low != high:
        return f"{conservative} ({low}–{high})"
    return str(conservative)


def _sources(e: EventSummary) -> str:
    copies = f" + {e.syndicated_copies} cop{'y' if e.syndicated_copies == 1 else 'ies'}"
    return f"{e.independent_sources}" + (copies if e.syndicated_copies else "")


def _date_cell(e: EventSummary) -> str:
    if e.date is None:
        return ""
    return e.date + (f"..{e.date_end}" if e.date_end else "")


@click.group("events")
def events_group() -> None:
    """List and show events, one per happening however many sources report it.

    \b
    Examples:
      veeduria events list --country PE --since 2022-12 --type repression_killing
      veeduria events list --actor "Dina Boluarte" --json
      veeduria events show k-juliaca
    """


@events_group.command("list")
@click.option("--type", "types", multiple=True, help="Only this event type (repeatable).")
@click.option("--country", "countries", multiple=True, help="ISO code or name (repeatable).")
@click.option("--actor", default=None, help="Only events with this actor (id or any name).")
@click.option("--since", "date_from", callback=_date, default=None, help="From this date on.")
@click.option("--until", "date_to", callback=_date, default=None, help="Up to this date.")
@click.option("--document", "document_id", default=None, help="Only events this document reports.")
@click.option("--text", "-q", default=None, help="Words in the sentence reporting the event.")
@click.option("--newest-first", is_flag=True, help="Latest events first.")
@reviewed_only_option
@click.option("--limit", "-n", type=click.IntRange(min=0), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@json_option
@click.pass_context
def list_command(
    ctx: click.Context,
    types: tuple[str, ...],
    countries: tuple[str, ...],
    actor: str | None,
    date_from: str | None,
    date_to: str | None,
    document_id: str | None,
    text: str | None,
    newest_first: bool,
    reviewed_only: bool,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List events by date (undated last).

    Dates keep their precision: an event of "2023-01" is within --since 2023-01-15. Deaths
    show the conservative figure and, when sources disagree, the range; Sources counts the
    independent reports and the syndicated copies.

    \b
    Examples:
      veeduria events list
      veeduria events list --country Perú --since 2022-12-07 --until 2023-03
      veeduria events list --type regime_change --type diplomatic_recognition
      veeduria events list --actor Áñez --reviewed-only --json
    """
    from veeduria.query.events import EventFilters, list_events, normalize_country

    codes = []
    for country in countries:
        code = normalize_country(country)
        if code is None:
            raise click.ClickException(f"unknown country {country!r}: use an ISO code or a name")
        codes.append(code)
    store = open_cli_store(ctx)
    events = list_events(
        store,
        EventFilters(
            types=list(types) or None,
            countries=codes or None,
            actor=actor,
            date_from=date_from,
            date_to=date_to,
            reviewed_only=reviewed_only,
            document_id=document_id,
            text=text,
            newest_first=newest_first,
        ),
        limit=limit,
        offset=offset,
    )
    if as_json:
        echo_json_lines(events)
        return
    if not events:
        click.echo("No events." + ("" if offset == 0 else f" (offset {offset})"), err=True)
        return
    print_table(
        [
            {
                "id": e.id,
                "date": _date_cell(e),
                "type": e.type,
                "country": e.country,
                "place": e.place,
                "deaths": format_figure(e.fatalities, e.fatalities_low, e.fatalities_high),
                "sources": _sources(e),
                "actors": ", ".join(a.name for a in e.actors),
            }
            for e in events
        ],
        [
            Column("id", "ID", no_wrap=True),
            Column("date", "Date", no_wrap=True),
            Column("type", "Type"),
            Column("country", "Country"),
            Column("place", "Place"),
            Column("deaths", "Deaths", justify="right"),
            Column("sources", "Sources"),
            Column("actors", "Actors"),
        ],
    )


def _print_figures(figures: Figures) -> None:
    if not figures.history:
        return
    click.echo()
    spread = format_figure(figures.conservative, figures.low, figures.high)
    basis = "reviewed claims" if figures.basis == "reviewed" else "unreviewed claims"
    click.echo(
        f"{figures.property.capitalize()}: {spread} — conservative, from {basis}; "
        f"latest {figures.latest} ({figures.latest_date or 'undated'})"
    )
    print_table(
        [
            {
                "value": h.value,
                "date": h.date,
                "publisher": h.source.publisher or h.source.document_id,
                "state": h.state,
                "quote": h.quote,
                "claim": h.claim_id,
            }
            for h in figures.history
        ],
        [
            Column("value", "Value", justify="right"),
            Column("date", "Date", no_wrap=True),
            Column("publisher", "Source"),
            Column("state", "Review"),
            Column("quote", "Quote"),
            Column("claim", "Claim", no_wrap=True),
        ],
    )


@events_group.command("show")
@click.argument("event_id", metavar="ID")
@reviewed_only_option
@json_option
@click.pass_context
def show_command(ctx: click.Context, event_id: str, reviewed_only: bool, as_json: bool) -> None:
    """Show one event: its summary, figures, sources and every claim with its quote.

    ID is a cluster id or an event id (as `events list` shows them).

    \b
    Examples:
      veeduria events show k-juliaca
      veeduria events show e-a5032f32cebd41f3615127c8 --reviewed-only
      veeduria events show k-juliaca --json
    """
    from veeduria.query.events import get_event

    store = open_cli_store(ctx)
    detail = get_event(store, event_id, reviewed_only=reviewed_only)
    if detail is None:
        raise click.ClickException(
            f"unknown event id {event_id!r}: `veeduria events list` shows the ids"
        )
    if as_json:
        echo_json(detail)
        return
    e = detail.summary
    place = e.place
    if place and e.lat is not None and e.lon is not None:
        place = f"{place} ({e.lat}, {e.lon})"
    fields = {
        "ID": e.id,
        "Type": e.type,
        "Date": (_date_cell(e) + f" ({e.date_precision})") if e.date else None,
        "Country": e.country,
        "Place": place,
        "Deaths": format_figure(e.fatalities, e.fatalities_low, e.fatalities_high) or None,
        "Injured": e.injured,
        "Actors": ", ".join(f"{a.name} ({a.role})" for a in e.actors) or None,
        "Sources": f"{e.independent_sources} independent, {e.syndicated_copies} syndicated",
        "Reviewed": "yes" if e.reviewed else "no",
    }
    print_fields({k: v for k, v in fields.items() if v is not None})
    for prop in ("fatalities", "injured"):
        _print_figures(detail.figures[prop])
    click.echo()
    print_table(
        [
            {
                "published": s.source.published,
                "publisher": s.source.publisher,
                "title": s.source.title,
                "kind": "independent" if s.independent else f"copy of {s.source.syndicated_of}",
                "document": s.source.document_id,
            }
            for s in detail.sources
        ],
        [
            Column("published", "Published", no_wrap=True),
            Column("publisher", "Publisher"),
            Column("title", "Title"),
            Column("kind", "Kind"),
            Column("document", "Document", no_wrap=True),
        ],
        title="Sources",
    )
    click.echo()
    print_table(
        [
            {
                "property": c.property,
                "value": format_value(c.value),
                "state": c.state,
                "quote": c.quote,
                "source": c.source.publisher or c.source.document_id,
                "id": c.id,
            }
            for c in detail.claims
        ],
        [
            Column("property", "Property"),
            Column("value", "Value"),
            Column("state", "Review"),
            Column("quote", "Quote"),
            Column("source", "Source"),
            Column("id", "Claim", no_wrap=True),
        ],
        title="Claims",
    )
