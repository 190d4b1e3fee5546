"""`veeduria eval`: run the extractor over a gold file and print the reference scorer's figures."""

from __future__ import annotations

import json
import sys

import click


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the predictions (FORMAT.md prediction lines) to this file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--per-doc", is_flag=True, help="Add a breakdown per document.")
@click.option(
    "--clusters",
    "clusters_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Gold event clusters across documents (scores cross-document resolution).",
)
def eval_command(
    gold: str, out_path: str | None, as_json: bool, per_doc: bool, clusters_path: str | None
) -> None:
    """Score the extractor on GOLD.jsonl with the reference scoring rules (FORMAT.md).

    \b
    Examples:
      veeduria eval dev.jsonl --out pred.jsonl
      veeduria eval dev.jsonl --json --per-doc
    """
    from veeduria.evaluation.runner import format_report, run_eval

    report, pred_path = run_eval(gold, out_path, per_doc, clusters_path)
    for warning in report.get("warnings", []):
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        sys.stdout.write(format_report(report, gold, pred_path))
