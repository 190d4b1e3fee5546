"""`veeduria demo`: build the bundled sample corpus into a fresh SQLite evidence base."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["demo_command"]


@click.command("demo")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("veeduria-demo.db"),
    show_default=True,
    help="SQLite file to build; an existing file there is replaced.",
)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--serve/--no-serve",
    default=True,
    show_default=True,
    help="Serve the web interface on the result (Ctrl-C stops); --no-serve only builds.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def demo_command(out_path: Path, workers: int, serve: bool, port: int) -> None:
    """Ingest and extract the bundled bilingual sample corpus into a fresh SQLite file.

    The corpus holds about twenty short English and Spanish articles (text, HTML and PDF)
    on Peru 2022–23 and Bolivia 2019–20, written for this project.

    \b
    Examples:
      veeduria demo                      build, then open http://127.0.0.1:8000/
      veeduria demo --no-serve --out /tmp/sample.db
      veeduria --db sqlite:///veeduria-demo.db search "Añez"
    """
    from veeduria.demo import build_demo

    summary = build_demo(out_path, workers=workers, echo=click.echo)
    click.echo("")
    click.echo(f"Evidence base ready: {out_path}")
    for key, value in summary.items():
        click.echo(f"  {key:<14} {value}")
    click.echo("")
    click.echo("Try:")
    db = f"--db sqlite:///{out_path}"
    click.echo(f"  .venv/bin/veeduria {db} documents list")
    click.echo(f'  .venv/bin/veeduria {db} search "Anez"')
    click.echo(f"  .venv/bin/veeduria {db} stats")
    click.echo(f"  .venv/bin/veeduria {db} serve")
    if serve:
        from veeduria.cli.serve import run_server
        from veeduria.store import open_store

        click.echo("")
        url = f"sqlite:///{out_path}"
        with open_store(url, must_exist=True) as store:
            run_server(store, url, port=port)
