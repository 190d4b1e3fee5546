"""`veeduria patterns list|show|run`: sequences of events across countries, with evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from veeduria.cli.output import Column, echo_json, echo_json_lines, json_option, print_table

if TYPE_CHECKING:
    from veeduria.query.patterns import Pattern
    from veeduria.query.patterns.engine import Finding, StepMatch

__all__ = ["patterns_group"]

#: Events shown per step in the readable output (all of them with --json).
SHOWN_PER_STEP = 3


def _pattern(name: str) -> Pattern:
    from veeduria.query.patterns import PatternError, get_pattern

    try:
        return get_pattern(name)
    except PatternError as exc:
        raise click.ClickException(str(exc)) from exc


def _step_text(step: Any) -> str:
    parts = [" or ".join(step.types)]
    if step.absent:
        parts.insert(0, "NO")
    if step.after is not None:
        span = f"{step.after.days} days" if step.after.days else f"{step.after.months} months"
        parts.append(f"within {span} after {step.after.step}")
    if step.during_span:
        parts.append("within the span of the other steps")
    if step.country is not None:
        c = step.country
        for ref in c.same_as:
            parts.append(f"country same as {ref}")
        for ref in c.differs_from:
            parts.append(f"country differs from {ref}")
        if c.in_:
            parts.append(f"country in {', '.join(c.in_)}")
    if step.same_place_as:
        parts.append(f"same place as {step.same_place_as}")
    if step.at_least > 1:
        parts.append(f"at least {step.at_least} of them (by different countries' actors)")
    if step.actor is not None:
        a = step.actor
        who = "/".join(a.kinds) or "actor"
        if a.roles:
            who += f" ({'/'.join(a.roles)})"
        if a.country is not None:
            for ref in a.country.same_as:
                who += f" of the country of {ref}"
            for ref in a.country.differs_from:
                who += f" not of the country of {ref}"
            if a.country.in_:
                who += f" of {', '.join(a.country.in_)}"
        if a.bind:
            who += f", called {a.bind}"
        parts.append(f"involving a {who}")
    return "; ".join(parts)


def _pattern_dict(p: Pattern) -> dict[str, Any]:
    return {
        "name": p.name,
        "title": p.title,
        "version": p.version,
        "description": p.description,
        "steps": [
            {"step": s.number, "id": s.id, "label": s.title, "text": _step_text(s)} for s in p.steps
        ],
    }


@click.group("patterns")
def patterns_group() -> None:
    """Find sequences of events (coup, backing, deal, killings) with evidence for each step.

    \b
    Examples:
      veeduria patterns list
      veeduria patterns show coup-to-concession
      veeduria patterns run coup-to-concession --country PE
      veeduria patterns run killings-without-legal-action --json
    """


@patterns_group.command("list")
@json_option
def list_command(as_json: bool) -> None:
    """List the shipped patterns."""
    from veeduria.query.patterns import PatternError, builtin_patterns

    try:
        patterns = list(builtin_patterns().values())
    except PatternError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = [
        {"name": p.name, "steps": len(p.steps), "title": p.title, "description": p.description}
        for p in patterns
    ]
    if as_json:
        echo_json_lines(rows)
        return
    print_table(
        rows,
        [
            Column("name", "Pattern", no_wrap=True),
            Column("steps", "Steps", justify="right"),
            Column("title", "Title"),
        ],
    )


@patterns_group.command("show")
@click.argument("name")
@json_option
def show_command(name: str, as_json: bool) -> None:
    """Show a pattern's steps and constraints (NAME: a shipped pattern or a .yaml file)."""
    pattern = _pattern(name)
    data = _pattern_dict(pattern)
    if as_json:
        echo_json(data)
        return
    click.echo(f"{pattern.name} (version {pattern.version}): {pattern.title}")
    if pattern.description:
        click.echo(pattern.description)
    for step in data["steps"]:
        click.echo(f"  {step['step']}. {step['label']}: {step['text']}")


@patterns_group.command("run")
@click.argument("name")
@click.option("--country", metavar="CC", help="Only chains whose first step is in this country.")
@click.option(
    "--reviewed-only", is_flag=True, help="Use reviewed (accepted or edited) claims only."
)
@click.option(
    "--as-of",
    metavar="DATE",
    help="Judge negative steps as of this date (default: newest publication date stored).",
)
@json_option
@click.pass_context
def run_command(
    ctx: click.Context,
    name: str,
    country: str | None,
    reviewed_only: bool,
    as_of: str | None,
    as_json: bool,
) -> None:
    """Find every chain of PATTERN in the evidence base, with the evidence for each step.

    Reports of the same first event that bind the same countries are one finding; each step
    lists the events that complete it, best evidence first. With --json, one finding per line.
    """
    from datetime import date

    from veeduria.cli.db import open_cli_store
    from veeduria.query.patterns import TooManyChains, run_pattern

    pattern = _pattern(name)
    cutoff = None
    if as_of is not None:
        try:
            cutoff = date.fromisoformat(as_of)
        except ValueError as exc:
            raise click.ClickException(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from exc
    if country is not None:
        country = country.upper()
        if len(country) != 2 or not country.isalpha():
            raise click.ClickException(f"--country: {country!r} is not an ISO 3166-1 alpha-2 code")
    store = open_cli_store(ctx)
    try:
        run = run_pattern(
            store.engine, pattern, country=country, reviewed_only=reviewed_only, as_of=cutoff
        )
    except TooManyChains as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        echo_json_lines(run.as_dicts())
        return
    scope = f" in {country}" if country else ""
    reviewed = ", reviewed claims only" if reviewed_only else ""
    count = len(run.findings)
    click.echo(
        f"{pattern.name}: {count} finding{'s' if count != 1 else ''}{scope}{reviewed}"
        + (f" (as of {run.as_of.isoformat()})" if run.as_of else "")
    )
    for finding in run.findings:
        click.echo("")
        _echo_finding(finding)


def _short(text: str, width: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _echo_finding(finding: Finding) -> None:
    head = [f"Finding {finding.number}", finding.country or "?"]
    if finding.date is not None:
        head.append(finding.date.value)
    for key, actor in sorted(finding.bound.items()):
        head.append(f"{key}: {actor.name}" + (f" ({actor.country})" if actor.country else ""))
    click.echo(" · ".join(head))
    for match in finding.steps:
        _echo_step(match)


def _echo_step(match: StepMatch) -> None:
    step = match.step
    if step.absent:
        where = (
            f"{match.window[0].isoformat()} to {match.window[1].isoformat()}"
            if match.window
            else "the window"
        )
        click.echo(f"  {step.number}. {step.title}: no {' or '.join(step.types)} from {where}")
        return
    click.echo(f"  {step.number}. {step.title}")
    for event in match.events[:SHOWN_PER_STEP]:
        when = event.date.value if event.date else "undated"
        where = ",".join(sorted(event.countries)) or "?"
        click.echo(f"     {event.type} · {when} · {where}")
        for actor in match.actors.get(event.id, [])[:2]:
            country = next((i.country for i in actor.infos if i.country), None)
            click.echo(
                f"       {actor.name}"
                + (f" ({country})" if country else "")
                + f": “{_short(actor.evidence.quote, 120)}”"
            )
        if event.evidence:
            ev = event.evidence[0]
            click.echo(f"       “{_short(ev.quote)}”")
            source = ", ".join(x for x in (ev.publisher or ev.title, ev.published) if x)
            click.echo(f"       — {source or 'unknown source'} [document {ev.document_id}]")
            if len(event.evidence) > 1:
                click.echo(f"       (+{len(event.evidence) - 1} more reports)")
    hidden = len(match.events) - SHOWN_PER_STEP
    if hidden > 0:
        click.echo(f"     … {hidden} more events (see --json)")
