"""`veeduria documents list|show`, `veeduria search`, `veeduria stats`: read the evidence base."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

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
    from veeduria.store.api import DocumentRecord
    from veeduria.store.sql import SQLStore

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["documents_group", "resolve_document", "search_command", "stats_command"]


def _language_option(help_text: str) -> Callable[[F], F]:
    return click.option("--language", "-l", metavar="xx", default=None, help=help_text)


def _listing(doc: DocumentRecord) -> dict[str, Any]:
    """A document for listings and JSON: every field but the text."""
    from dataclasses import asdict

    row = asdict(doc)
    row.pop("text", None)
    return row


@click.group("documents")
def documents_group() -> None:
    """List and show stored documents.

    \b
    Examples:
      veeduria documents list --language es
      veeduria documents list --json | jq .title
      veeduria documents show 3f2a         (a unique id prefix is enough)
      veeduria documents show 3f2a --text
    """


@documents_group.command("list")
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="How many documents to list.",
)
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Skip this many documents first (for paging).",
)
@_language_option("Only documents in this language (ISO 639-1: en, es, ...).")
@json_option
@click.pass_context
def list_command(
    ctx: click.Context, limit: int, offset: int, language: str | None, as_json: bool
) -> None:
    """List documents in the order they were ingested.

    \b
    Examples:
      veeduria documents list
      veeduria documents list --limit 20 --offset 40
      veeduria documents list --language es --json
    """
    store = open_cli_store(ctx)
    docs = store.list_documents(limit=limit, offset=offset, language=language)
    if as_json:
        echo_json_lines(_listing(d) for d in docs)
        return
    if not docs:
        click.echo("No documents." + ("" if offset == 0 else f" (offset {offset})"), err=True)
        return
    print_table(
        docs,
        [
            Column("id", "ID", no_wrap=True, max_width=16),
            Column("published", "Published", no_wrap=True),
            Column("language", "Lang", no_wrap=True),
            Column("title", "Title"),
            Column("source", "Source", max_width=40),
            Column("length", "Chars", justify="right"),
        ],
    )


def resolve_document(store: SQLStore, doc_id: str) -> DocumentRecord:
    """The document with this id, or with this unique id prefix; ClickException otherwise."""
    doc = store.get_document(doc_id)
    if doc is not None:
        return doc
    matches = store.match_document_ids(doc_id, limit=6) if doc_id else []
    if not matches:
        raise click.ClickException(
            f"unknown document id {doc_id!r}: `veeduria documents list` shows the ids"
        )
    if len(matches) > 1:
        shown = ", ".join(matches[:5]) + (", …" if len(matches) > 5 else "")
        raise click.ClickException(
            f"document id prefix {doc_id!r} is ambiguous: it matches {shown}"
        )
    found = store.get_document(matches[0])
    assert found is not None
    return found


@documents_group.command("show")
@click.argument("doc_id", metavar="ID")
@click.option("--text", "with_text", is_flag=True, help="Also print the full text.")
@json_option
@click.pass_context
def show_command(ctx: click.Context, doc_id: str, with_text: bool, as_json: bool) -> None:
    """Show one document's metadata (and its text with --text).

    ID may be a unique prefix of the document id.

    \b
    Examples:
      veeduria documents show 3f2a
      veeduria documents show 3f2a --text
      veeduria documents show 3f2a --json --text
    """
    store = open_cli_store(ctx)
    doc = resolve_document(store, doc_id)
    claims = len(store.claims_for_document(doc.id))
    if as_json:
        row = _listing(doc)
        row["claims"] = claims
        if with_text:
            row["text"] = doc.text
        echo_json(row)
        return
    fields = _listing(doc)
    fields["claims"] = claims
    print_fields({k: v for k, v in fields.items() if v is not None})
    if with_text:
        click.echo()
        click.echo(doc.text)


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many documents to show, best matches first.",
)
@_language_option("Only documents in this language (ISO 639-1: en, es, ...).")
@json_option
@click.pass_context
def search_command(
    ctx: click.Context, query: tuple[str, ...], limit: int, language: str | None, as_json: bool
) -> None:
    """Full-text search over titles and texts.

    Case and accents do not matter ("Anez" finds "Áñez"). Every word must match; quote a
    phrase to match words in order; end a word with * to match a prefix.

    \b
    Examples:
      veeduria search Anez
      veeduria search '"estado de sitio"' --language es
      veeduria search Boluart* Juliaca --limit 5
      veeduria search masacre Senkata --json
    """
    text = " ".join(query)
    store = open_cli_store(ctx)
    hits = store.search(text, limit=limit, language=language)
    if as_json:
        echo_json_lines(hits)
        return
    if not hits:
        click.echo(f"No documents match {text!r}.", err=True)
        return
    print_table(
        hits,
        [
            Column("document_id", "ID", no_wrap=True, max_width=16),
            Column("published", "Published", no_wrap=True),
            Column("language", "Lang", no_wrap=True),
            Column("title", "Title", max_width=40),
            Column("snippet", "Excerpt"),
        ],
    )


@click.command("stats")
@json_option
@click.pass_context
def stats_command(ctx: click.Context, as_json: bool) -> None:
    """Counts of what the evidence base holds.

    \b
    Examples:
      veeduria stats
      veeduria stats --json
    """
    store = open_cli_store(ctx)
    counts = store.stats()
    if as_json:
        echo_json(counts)
        return
    print_table(
        [{"what": key, "count": value} for key, value in counts.items()],
        [Column("what", "What"), Column("count", "Count", justify="right")],
    )
