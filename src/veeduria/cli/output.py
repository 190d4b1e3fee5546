"""Output shared by every command: a readable table for people, JSON lines for pipes.

    @click.command()
    @json_option
    def my_command(as_json: bool) -> None:
        rows = [...]
        if as_json:
            echo_json_lines(rows)
        else:
            print_table(rows, [Column("id", "ID"), Column("title", "Title")])

Rows may be dicts or dataclasses; datetimes become ISO 8601 strings and bytes hex in JSON.
rich is imported only when a table is printed, so `--help` stays instant.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "Column",
    "echo_json",
    "echo_json_lines",
    "json_option",
    "print_fields",
    "print_table",
    "to_jsonable",
]

F = TypeVar("F", bound=Callable[..., Any])


def json_option(func: F) -> F:
    """`--json`: JSON lines (one object per line) instead of a table; passed as `as_json`."""
    option = click.option(
        "--json",
        "as_json",
        is_flag=True,
        default=False,
        help="Print JSON lines (one object per line) instead of a table.",
    )
    return option(func)


def to_jsonable(value: Any) -> Any:
    """Plain JSON types for records, dataclasses, datetimes and bytes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return value


def echo_json(value: Any) -> None:
    """One JSON object on one line (UTF-8, not ASCII-escaped: "Áñez" stays readable)."""
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False))


def echo_json_lines(rows: Iterable[Any]) -> None:
    for row in rows:
        echo_json(row)


@dataclass(frozen=True)
class Column:
    """A table column: the row key, its header, and how to show a value."""

    key: str
    header: str
    format: Callable[[Any], str] | None = None
    max_width: int | None = None
    no_wrap: bool = False
    justify: str = "left"


def _cell(value: Any, column: Column) -> str:
    if column.format is not None:
        return column.format(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        suffix = " UTC" if value.utcoffset() is not None and not value.utcoffset() else ""
        return value.strftime("%Y-%m-%d %H:%M") + suffix
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def _get(row: Any, key: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def console() -> Console:
    """A console on the current stdout (so click's test runner captures it)."""
    from rich.console import Console

    return Console(file=click.get_text_stream("stdout"), highlight=False, soft_wrap=False)


def print_table(
    rows: Sequence[Any],
    columns: Sequence[Column],
    *,
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """A rich table of `rows` (dicts or objects)."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, caption=caption, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(
            column.header,
            max_width=column.max_width,
            no_wrap=column.no_wrap,
            justify=column.justify,  # type: ignore[arg-type]
            overflow="ellipsis" if column.no_wrap else "fold",
        )
    for row in rows:
        # Text() keeps brackets in titles from being read as rich markup.
        table.add_row(*(Text(_cell(_get(row, c.key), c)) for c in columns))
    console().print(table)


def print_fields(fields: Mapping[str, Any], *, title: str | None = None) -> None:
    """A two-column table of name and value, for one record."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in fields.items():
        table.add_row(Text(name), Text(_cell(value, Column(name, name))))
    console().print(table)
