"""The `veeduria` command: a thin layer over the library.

Each command lives in its own module and is imported only when it runs, so `--help` is instant
and no model or database is touched at import.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from veeduria import __version__

# name -> "module:attribute", in the order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("veeduria.cli.db:init_command", "Create or upgrade the evidence base."),
    "db": ("veeduria.cli.db:db_group", "Database maintenance (upgrade)."),
    "ingest": ("veeduria.cli.ingest:ingest_command", "Read files, folders, URLs and feeds."),
    "documents": ("veeduria.cli.documents:documents_group", "List and show documents."),
    "search": ("veeduria.cli.documents:search_command", "Full-text search, accent-insensitive."),
    "stats": ("veeduria.cli.documents:stats_command", "Counts of what the evidence base holds."),
    "extract": ("veeduria.cli.extract:extract_command", "Extract claims from stored documents."),
    "resolve": ("veeduria.cli.resolve:resolve_command", "Group actors and events across docs."),
    "eval": ("veeduria.cli.eval:eval_command", "Score the extractor on a gold file."),
    "demo": ("veeduria.cli.demo:demo_command", "Build the bundled sample evidence base."),
    "events": ("veeduria.cli.events:events_group", "List and show events with their sources."),
    "actors": ("veeduria.cli.actors:actors_group", "List, show, merge and split actors."),
    "tolls": ("veeduria.cli.tolls:tolls_command", "Death-toll series per scope for a country."),
    "review": ("veeduria.cli.review:review_group", "Review claims: queue, decisions, agreement."),
    "patterns": ("veeduria.cli.patterns:patterns_group", "Find event chains with evidence."),
    "watch": ("veeduria.cli.watch:watch_group", "Watchlists and alerts for new events."),
    "serve": ("veeduria.cli.serve:serve_command", "Serve the web interface and JSON API."),
    "users": ("veeduria.cli.users:users_group", "Team-mode accounts: add, list, role."),
    "export": ("veeduria.cli.export:export_command", "Export: CSV, JSONL, FtM, GraphML, GeoJSON."),
    "import": ("veeduria.cli.imports:import_group", "Import Cline, UCDP, FtM or a backup."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target[0].split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return _unavailable(cmd_name, target[1])
            raise
        command = getattr(module, attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help comes from the table above, so listing commands imports nothing.
        rows = [(name, help_text) for name, (_, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _unavailable(name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text + " (not available in this build)")
    def missing() -> None:
        raise click.ClickException(f"the '{name}' command is not available in this build")

    return missing


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="veeduria")
@click.option(
    "--db",
    "db_url",
    envvar="VEEDURIA_DB",
    default="sqlite:///veeduria.db",
    show_default=True,
    help="Database URL (sqlite:///FILE or postgresql://…); also VEEDURIA_DB.",
)
@click.pass_context
def cli(ctx: click.Context, db_url: str) -> None:
    """veeduria: an evidence base of who took power, who backed them, which deals followed,
    and who was killed, every fact tied to its quote and source.

    \b
    Examples:
      veeduria demo                      build the sample evidence base
      veeduria ingest reports/ feed.xml  read a folder and a feed
      veeduria search "Anez"             accent-insensitive full-text search
      veeduria documents list --json     JSON lines, for pipes
    """
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point; a closed pipe ends quietly."""
    try:
        return cli.main(args=argv, prog_name="veeduria")
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":
    main()
