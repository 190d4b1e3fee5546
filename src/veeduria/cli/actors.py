"""`veeduria actors list|show|merge|split`: the actors resolved across documents, and the
same / not-same judgements that correct them."""

from __future__ import annotations

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

if TYPE_CHECKING:
    from veeduria.store.sql import SQLStore

__all__ = ["actors_group"]

KINDS = (
    "person",
    "organization",
    "company",
    "government_body",
    "political_party",
    "country",
    "place",
)


@click.group("actors")
def actors_group() -> None:
    """Actors resolved across documents and languages ("Áñez", "Jeanine Añez" and "Jeanine
    Áñez" are one), and the judgements that merge or split them.

    \b
    Examples:
      veeduria actors list --kind person --country BO
      veeduria actors show "Jeanine Áñez"
      veeduria actors merge "PNP" "Policía Nacional del Perú" --by ana
      veeduria actors split "Morales" "Evo Morales" --comment "the footballer"
    """


@actors_group.command("list")
@click.option("--kind", type=click.Choice(KINDS), help="Only actors of this kind.")
@click.option("--country", metavar="XX", help="Only actors of this country (ISO alpha-2).")
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="How many actors to list.",
)
@json_option
@click.pass_context
def list_command(
    ctx: click.Context, kind: str | None, country: str | None, limit: int, as_json: bool
) -> None:
    """List actors, those in most documents first (as of the last `veeduria resolve`).

    \b
    Examples:
      veeduria actors list
      veeduria actors list --kind government_body --country PE --json
    """
    from veeduria.store.resolution import list_actors

    store = open_cli_store(ctx)
    rows = list_actors(store, kind=kind, country=country, limit=limit)
    if as_json:
        echo_json_lines(rows)
        return
    print_table(
        rows,
        [
            Column("id", "ID", no_wrap=True),
            Column("name", "Name"),
            Column("kind", "Kind"),
            Column("country", "Country"),
            Column("documents", "Docs", justify="right"),
            Column("names", "Also named", format=lambda names: "; ".join(names)),
        ],
    )


def _one_actor(store: SQLStore, ref: str) -> str:
    from veeduria.store.resolution import find_actors

    found = find_actors(store, ref)
    if not found:
        raise click.ClickException(
            f"no actor {ref!r}: `veeduria actors list` shows actors and their ids"
        )
    if len(found) > 1:
        raise click.ClickException(
            f"{ref!r} names {len(found)} actors ({', '.join(found)}): give one of these ids"
        )
    return found[0]


@actors_group.command("show")
@click.argument("actor")
@json_option
@click.pass_context
def show_command(ctx: click.Context, actor: str, as_json: bool) -> None:
    """Show one actor: its names and surface forms, kind, country, documents, events,
    relations and judgements. ACTOR is an id or a name (accents and case do not matter).

    \b
    Examples:
      veeduria actors show "Jeanine Añez"
      veeduria actors show a-3f2a91c0 --json
    """
    from veeduria.store.resolution import actor_detail

    store = open_cli_store(ctx)
    detail = actor_detail(store, _one_actor(store, actor))
    assert detail is not None
    if as_json:
        echo_json(detail)
        return
    print_fields(
        {
            "id": detail["id"],
            "name": detail["name"],
            "kind": detail["kind"],
            "country": detail["country"],
            "names": "; ".join(f"{n['name']} ({n['kind']})" for n in detail["names"]),
            "aliases": "; ".join(detail["aliases"]),
            "documents": len(detail["documents"]),
            "events": len(detail["events"]),
            "relations": len(detail["relations"]),
        },
        title=detail["name"],
    )
    if detail["documents"]:
        print_table(
            detail["documents"],
            [
                Column("id", "Document", no_wrap=True),
                Column("published", "Published"),
                Column("language", "Lang"),
                Column("title", "Title"),
            ],
            title="Documents",
        )
    if detail["events"]:
        print_table(
            detail["events"],
            [
                Column("event", "Event", no_wrap=True),
                Column("type", "Type"),
                Column("roles", "Role", format=lambda roles: ", ".join(roles)),
                Column("documents", "Docs", justify="right"),
            ],
            title="Events",
        )
    if detail["relations"]:
        print_table(
            detail["relations"],
            [
                Column("type", "Relation"),
                Column("source", "Source"),
                Column("target", "Target"),
                Column("document", "Document", no_wrap=True),
            ],
            title="Relations",
        )
    if detail["judgements"]:
        print_table(
            detail["judgements"],
            [
                Column("id", "#", justify="right"),
                Column("judgement", "Judgement"),
                Column("left", "Left", no_wrap=True),
                Column("right", "Right", no_wrap=True),
                Column("author", "By"),
                Column("comment", "Comment"),
            ],
            title="Judgements",
        )


def _judge(
    ctx: click.Context,
    left: str,
    right: str,
    judgement: Any,
    by: str | None,
    comment: str | None,
    as_json: bool,
) -> None:
    from veeduria.review.decisions import default_reviewer
    from veeduria.store.resolution import find_actors, resolve_store_actors

    store = open_cli_store(ctx)
    left_id, right_id = _one_actor(store, left), _one_actor(store, right)
    if left_id == right_id and judgement == "same":
        raise click.ClickException(f"{left!r} and {right!r} are already one actor ({left_id})")
    if left_id == right_id:
        # two names of one actor: judge the names themselves (the first node of each)
        left_id, right_id = _name_node(store, left, left_id), _name_node(store, right, right_id)
        if left_id == right_id:
            raise click.ClickException(f"{left!r} and {right!r} are the same name")
    who = by or default_reviewer()
    jid = store.add_judgement("actor", left_id, right_id, judgement, who, comment=comment)
    resolution, _ = resolve_store_actors(store)
    now_left, now_right = find_actors(store, left_id), find_actors(store, right_id)
    together = now_left == now_right
    result = {
        "judgement": jid,
        "left": left_id,
        "right": right_id,
        "verdict": judgement,
        "author": who,
        "together": together,
        "actors": sorted(set(now_left) | set(now_right)),
    }
    if as_json:
        echo_json(result)
        return
    words = "the same" if judgement == "same" else "not the same"
    state = (
        f"now one actor: {resolution.names.get(now_left[0], now_left[0])} ({now_left[0]})"
        if together
        else "now apart: "
        + ", ".join(f"{resolution.names.get(a, a)} ({a})" for a in result["actors"])
    )
    click.echo(f"Recorded judgement {jid} by {who}: {left_id} and {right_id} are {words}; {state}")


def _name_node(store: SQLStore, ref: str, actor_id: str) -> str:
    """The name node `ref` means inside a resolved actor: its own id or its name's."""
    import sqlalchemy as sa

    from veeduria.store.ids import name_key
    from veeduria.store.schema import actors

    with store.engine.connect() as conn:
        if conn.execute(sa.select(actors.c.id).where(actors.c.id == ref)).first():
            return ref
        found = (
            conn.execute(
                sa.select(actors.c.id)
                .where(actors.c.key == name_key(ref), actors.c.resolved_id == actor_id)
                .order_by(actors.c.id)
            )
            .scalars()
            .first()
        )
    return found or actor_id


def _judgement_options(func: Any) -> Any:
    func = click.option("--comment", help="Why: kept with the judgement.")(func)
    func = click.option(
        "--by", metavar="NAME", help="Who judges (default: VEEDURIA_REVIEWER or the OS user)."
    )(func)
    return json_option(func)


@actors_group.command("merge")
@click.argument("left")
@click.argument("right")
@_judgement_options
@click.pass_context
def merge_command(
    ctx: click.Context, left: str, right: str, by: str | None, comment: str | None, as_json: bool
) -> None:
    """Record that LEFT and RIGHT are the same actor (a "same" judgement) and re-resolve actors.

    The judgement is appended, never edited; a person's latest judgement outranks the
    machine's and survives re-extraction (it names the actors' stable ids).

    \b
    Examples:
      veeduria actors merge "PNP" "Policía Nacional del Perú" --by ana
    """
    _judge(ctx, left, right, "same", by, comment, as_json)


@actors_group.command("split")
@click.argument("left")
@click.argument("right")
@_judgement_options
@click.pass_context
def split_command(
    ctx: click.Context, left: str, right: str, by: str | None, comment: str | None, as_json: bool
) -> None:
    """Record that LEFT and RIGHT are not the same actor (a "not same" judgement, which no
    machine link can override) and re-resolve actors. Two names of one actor can be split
    by name.

    \b
    Examples:
      veeduria actors split "Morales" "Evo Morales" --comment "the footballer"
    """
    _judge(ctx, left, right, "not_same", by, comment, as_json)
