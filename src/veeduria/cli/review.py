"""`veeduria review next|accept|reject|edit|merge|split|candidates|agreement`: the review
workflow.

Also home of `reviewed_only_option`, the `--reviewed-only` flag every read command shares:

    from veeduria.cli.review import reviewed_only_option

    @click.command()
    @reviewed_only_option
    def my_export(reviewed_only: bool) -> None: ...

Filter claims with `veeduria.review.state.reviewed_claims(claims)` (or `is_reviewed(claim)`),
events with `EventFilters(reviewed_only=True)`, tolls with `toll_series(..., reviewed_only=True)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from veeduria.cli.db import open_cli_store
from veeduria.cli.output import Column, echo_json, echo_json_lines, json_option, print_fields

if TYPE_CHECKING:
    from veeduria.review.queue import QueueItem

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["format_value", "review_group", "reviewed_only_option"]


def reviewed_only_option(func: F) -> F:
    """`--reviewed-only`: use and show only reviewed claims (accepted, or a reviewer's edit);
    passed as `reviewed_only`."""
    option = click.option(
        "--reviewed-only",
        "reviewed_only",
        is_flag=True,
        default=False,
        help="Only reviewed claims (accepted, or edited by a reviewer).",
    )
    return option(func)


def _by_option(func: F) -> F:
    return click.option(
        "--by",
        "reviewer",
        metavar="NAME",
        default=None,
        help="Reviewer name (default: VEEDURIA_REVIEWER, else the OS user name).",
    )(func)


def _comment_option(func: F) -> F:
    return click.option("--comment", "-m", default=None, help="Why (kept with the decision).")(func)


def format_value(value: Any) -> str:
    """A claim value for people: dates with their precision, places and actors by name."""
    if isinstance(value, dict):
        if "value" in value and "precision" in value:
            end = f"..{value['end']}" if value.get("end") else ""
            return f"{value['value']}{end} ({value['precision']})"
        if "name" in value and "role" in value:
            return f"{value['name']} ({value['role']})"
        if "name" in value:
            return str(value["name"])
        if "type" in value and "source" in value:
            return f"{value['source']} {value['type']} {value['target']}"
    return str(value)


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group("review")
def review_group() -> None:
    """Review claims: the queue, decisions, merges and agreement.

    Decisions are appended with the reviewer's name, the time and an optional comment;
    an edit writes a new claim and keeps the machine's.

    \b
    Examples:
      veeduria review next --country PE
      veeduria review accept c-1b66a2 --by ana
      veeduria review edit c-1b66a2 19 --by ana -m "Defensoría update"
      veeduria review merge e-ac4fa5 e-de9ff3
      veeduria review claims 3f2a --reviewed-only
      veeduria review agreement
    """


def _queue_row(item: QueueItem) -> dict[str, Any]:
    claim = item.claim
    return {
        "claim_id": claim.id,
        "priority": "deaths" if item.tier == 0 else "other",
        "subject_type": claim.subject_type,
        "subject_id": claim.subject_id,
        "event_type": item.event_type,
        "property": claim.property,
        "value": claim.value,
        "confidence": claim.confidence,
        "quote": claim.quote,
        "sentence": item.sentence,
        "document": item.source,
        "extractor": f"{claim.extractor} {claim.extractor_version}",
        "context": {c.property: c.value for c in item.context if c.property != claim.property},
    }


@review_group.command("next")
@click.option("--country", default=None, help="Only claims about this country (code or name).")
@click.option("--type", "event_type", default=None, help="Only claims about this event type.")
@click.option("--actor", default=None, help="Only claims about events with this actor.")
@click.option(
    "--reviewer",
    "--by",
    "reviewer",
    default=None,
    help="Who is reviewing (default: VEEDURIA_REVIEWER, else the OS user name).",
)
@click.option(
    "--second-opinion",
    is_flag=True,
    help="Claims someone else decided and this reviewer has not (for agreement).",
)
@click.option("--limit", "-n", type=click.IntRange(min=1), default=1, show_default=True)
@json_option
@click.pass_context
def next_command(
    ctx: click.Context,
    country: str | None,
    event_type: str | None,
    actor: str | None,
    reviewer: str | None,
    second_opinion: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Show the next claims to review, most valuable first.

    Claims about events with deaths and death tolls come first, then the rest; within each,
    the least confident first. A claim anyone has decided is done (--second-opinion shows
    those others decided, for agreement).

    \b
    Examples:
      veeduria review next
      veeduria review next --country Perú --type repression_killing
      veeduria review next --by ben --second-opinion --json
    """
    from veeduria.query.events import normalize_country
    from veeduria.review.decisions import default_reviewer
    from veeduria.review.queue import QueueFilters, next_claims

    code = None
    if country is not None:
        code = normalize_country(country)
        if code is None:
            raise click.ClickException(f"unknown country {country!r}: use an ISO code or a name")
    store = open_cli_store(ctx)
    who = reviewer or default_reviewer()
    items = next_claims(
        store,
        QueueFilters(country=code, type=event_type, actor=actor),
        reviewer=who,
        second_opinion=second_opinion,
        limit=limit,
    )
    rows = [_queue_row(item) for item in items]
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo("Nothing left to review.", err=True)
        return
    for i, row in enumerate(rows):
        if i:
            click.echo()
        doc = row["document"]
        source = " — ".join(
            str(x) for x in (doc.title, doc.publisher, doc.published) if x is not None
        )
        subject = row["subject_type"] + (f" {row['event_type']}" if row["event_type"] else "")
        fields = {
            "Claim": row["claim_id"],
            "Priority": row["priority"],
            "About": f"{subject} {row['subject_id']}",
            "Property": row["property"],
            "Value": format_value(row["value"]),
            "Quote": row["quote"],
            "Sentence": row["sentence"],
            "Source": f"{source} ({doc.document_id})",
            "Confidence": row["confidence"],
            "Extractor": row["extractor"],
        }
        print_fields({k: v for k, v in fields.items() if v is not None})
        click.echo(f"Decide: veeduria review accept|reject {row['claim_id']}, or edit it VALUE")


def _decision_command(decision: str) -> click.Command:
    verb = {"accept": "Accepted", "reject": "Rejected"}[decision]

    @click.command(decision)
    @click.argument("claim_id", metavar="CLAIM_ID")
    @_by_option
    @_comment_option
    @json_option
    @click.pass_context
    def command(
        ctx: click.Context,
        claim_id: str,
        reviewer: str | None,
        comment: str | None,
        as_json: bool,
    ) -> None:
        from veeduria.review.decisions import decide, find_claim

        store = open_cli_store(ctx)
        try:
            claim = find_claim(store, claim_id)
            result = decide(store, claim.id, decision, reviewer, comment=comment)  # type: ignore[arg-type]
        except ValueError as exc:
            raise _fail(exc) from exc
        if as_json:
            echo_json(result)
            return
        click.echo(
            f"{verb} {result.claim_id} ({claim.property} = {format_value(claim.value)}) "
            f"by {result.reviewer}."
        )

    command.help = (
        f"{decision.capitalize()} a claim (its id or a unique prefix).\n\n"
        "\b\nExamples:\n"
        f"  veeduria review {decision} c-1b66a2 --by ana\n"
        f"  veeduria review {decision} c-1b66a2 -m 'checked against the report'"
    )
    return command


review_group.add_command(_decision_command("accept"))
review_group.add_command(_decision_command("reject"))


@review_group.command("edit")
@click.argument("claim_id", metavar="CLAIM_ID")
@click.argument("value", metavar="VALUE")
@_by_option
@_comment_option
@json_option
@click.pass_context
def edit_command(
    ctx: click.Context,
    claim_id: str,
    value: str,
    reviewer: str | None,
    comment: str | None,
    as_json: bool,
) -> None:
    """Correct a claim's value: a new reviewed claim is written, the machine's stays.

    VALUE is read per property: a whole number for fatalities, injured and toll counts;
    YYYY[-MM[-DD]] (or FROM..TO) for dates; an ISO code or a name for countries; an
    ontology type for types; "Name:role" for actors; a name for places; JSON anywhere.

    \b
    Examples:
      veeduria review edit c-1b66a2 19 --by ana
      veeduria review edit c-5e0d11 2023-01-09
      veeduria review edit c-77ab02 Bolivia -m "the text says Bolivia"
      veeduria review edit c-91f2c3 '{"name": "Juliaca", "precision": "place"}'
    """
    from veeduria.review.decisions import edit, find_claim

    store = open_cli_store(ctx)
    try:
        claim = find_claim(store, claim_id)
        result = edit(store, claim.id, value, reviewer, comment=comment)
    except ValueError as exc:
        raise _fail(exc) from exc
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"Edited {result.claim_id} ({claim.property}): {format_value(claim.value)} → "
        f"{format_value(result.value)} by {result.reviewer}; new claim {result.claim_with_value}."
    )


def _judgement_command(name: str, judgement: str, words: str) -> click.Command:
    @click.command(name)
    @click.argument("left", metavar="ID1")
    @click.argument("right", metavar="ID2")
    @_by_option
    @_comment_option
    @json_option
    @click.pass_context
    def command(
        ctx: click.Context,
        left: str,
        right: str,
        reviewer: str | None,
        comment: str | None,
        as_json: bool,
    ) -> None:
        from veeduria.review.decisions import judge

        store = open_cli_store(ctx)
        try:
            result = judge(store, left, right, judgement, reviewer, comment=comment)  # type: ignore[arg-type]
        except ValueError as exc:
            raise _fail(exc) from exc
        if as_json:
            echo_json(result)
            return
        click.echo(
            f"Recorded judgement {result.id}: {result.subject_type}s {result.left_id} and "
            f"{result.right_id} {words} (by {result.author}); clustering applies it on its "
            "next run."
        )

    command.help = (
        f"Record that two events (event or cluster ids) or two actors are {words}.\n\n"
        "A cluster id stands for its first event row. The judgement is appended; a person's "
        "latest judgement outranks the machine's.\n\n"
        "\b\nExamples:\n"
        f"  veeduria review {name} e-ac4fa5aef879d8aa95d4d2bf e-de9ff34111bde0980afda362\n"
        f"  veeduria review {name} ID1 ID2 --by ana -m 'same day, same town'"
    )
    return command


review_group.add_command(_judgement_command("merge", "same", "are the same"))
review_group.add_command(_judgement_command("split", "not_same", "are not the same"))


@review_group.command("candidates")
@click.option("--limit", default=20, show_default=True, help="How many pairs to show.")
@json_option
@click.pass_context
def candidates_command(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Pairs of events that `veeduria resolve` almost linked, for you to merge or split.

    The clustering links two reports only when it is sure; pairs it came close to linking
    (same type, country and compatible dates; similar sentences) are listed here until a
    person decides them with `veeduria review merge` or `veeduria review split`.

    \b
    Examples:
      veeduria resolve && veeduria review candidates
      veeduria review candidates --json --limit 100
    """
    from veeduria.review.candidates import merge_candidates

    store = open_cli_store(ctx)
    found = merge_candidates(store, limit=limit)
    if as_json:
        echo_json_lines(c.as_dict() for c in found)
        return
    if not found:
        click.echo("No open merge candidates (run `veeduria resolve` to look for them).")
        return
    for c in found:
        click.echo(f"[{c.judgement_id}] {c.note or 'unsure'}")
        for s in (c.left, c.right):
            e = s.event
            where = ", ".join(x for x in (e.place, e.country) if x)
            click.echo(f"  {e.id}  {e.type} · {e.date or 'undated'} · {where or '?'}")
            click.echo(f"    “{s.quote}” — {s.publisher or s.document_id}, {s.published or '?'}")
        click.echo(f"  veeduria review merge {c.left.row} {c.right.row}   (or: split)")


@review_group.command("claims")
@click.argument("doc_id", metavar="DOCUMENT_ID")
@reviewed_only_option
@json_option
@click.pass_context
def claims_command(ctx: click.Context, doc_id: str, reviewed_only: bool, as_json: bool) -> None:
    """A document's claims in text order, with their review state.

    DOCUMENT_ID may be a unique prefix. With --reviewed-only, only accepted claims and
    reviewers' edits.

    \b
    Examples:
      veeduria review claims 3f2a
      veeduria review claims 3f2a --reviewed-only --json
    """
    from veeduria.cli.documents import resolve_document
    from veeduria.review.state import claim_state

    store = open_cli_store(ctx)
    doc = resolve_document(store, doc_id)
    found = store.claims_for_document(doc.id)
    rows = [{**c.__dict__, "state": claim_state(c)} for c in found]
    if reviewed_only:
        rows = [r for r in rows if r["state"] == "accepted"]
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo(f"No {'reviewed ' if reviewed_only else ''}claims in {doc.id}.", err=True)
        return
    from veeduria.cli.output import print_table

    print_table(
        [{**r, "value": format_value(r["value"])} for r in rows],
        [
            Column("subject_type", "About"),
            Column("property", "Property"),
            Column("value", "Value"),
            Column("state", "Review"),
            Column("quote", "Quote"),
            Column("id", "Claim", no_wrap=True),
        ],
    )


@review_group.command("agreement")
@json_option
@click.pass_context
def agreement_command(ctx: click.Context, as_json: bool) -> None:
    """Agreement between reviewers who decided the same claims.

    Per pair of reviewers: the claims both decided (n), the percent on which they made the same
    decision (accept, reject, edit) and Cohen's kappa; the last row pools every pair.

    \b
    Examples:
      veeduria review agreement
      veeduria review agreement --json
    """
    from veeduria.cli.output import print_table
    from veeduria.review.agreement import agreement

    report = agreement(open_cli_store(ctx))
    rows = list(report.pairs)
    if report.overall is not None:
        rows.append(report.overall)
    if as_json:
        echo_json_lines(rows)
        return
    if not rows:
        click.echo("No claim has been decided by two reviewers yet.", err=True)
        return

    def pct(v: Any) -> str:
        return "" if v is None else f"{v:.1f}"

    def kappa(v: Any) -> str:
        return "n/a" if v is None else f"{v:.3f}"

    print_table(
        [
            {**r.__dict__, "reviewer_a": "all pairs" if r.reviewer_a == "*" else r.reviewer_a}
            for r in rows
        ],
        [
            Column("reviewer_a", "Reviewer"),
            Column("reviewer_b", "Reviewer", format=lambda v: "" if v == "*" else str(v)),
            Column("n", "N", justify="right"),
            Column("agreed", "Agreed", justify="right"),
            Column("percent", "%", format=pct, justify="right"),
            Column("kappa", "Kappa", format=kappa, justify="right"),
        ],
    )
