"""Alembic, configured in code: the migrations ship inside the package, no alembic.ini needed.

`upgrade(connection)` is what `Store.upgrade()` runs; `python -m veeduria.store.migrate ...`
gives developers the ordinary alembic commands (revision, history, ...) against `--db`/VEEDURIA_DB.
"""

from __future__ import annotations

import sys

from alembic import command
from alembic.config import CommandLine, Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

__all__ = [
    "alembic_config",
    "current_revision",
    "head_revision",
    "is_ancestor",
    "known_revisions",
    "upgrade",
]

SCRIPT_LOCATION = "veeduria.store:migrations"


def alembic_config(*, connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision this version of veeduria knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None when it has no schema yet."""
    return MigrationContext.configure(connection).get_current_revision()


def is_ancestor(older: str, newer: str) -> bool:
    """Whether revision `older` comes before `newer` (or is it) in the packaged history."""
    script = ScriptDirectory.from_config(alembic_config())
    return older in {rev.revision for rev in script.iterate_revisions(newer, "base")}


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate to `target` (the newest revision by default) on `connection`; the caller
    commits."""
    command.upgrade(alembic_config(connection=connection), target)


def main(argv: list[str] | None = None) -> None:
    """`python -m veeduria.store.migrate [alembic arguments]`, for developers."""
    from veeduria.config import resolve_db_url

    cli = CommandLine(prog="python -m veeduria.store.migrate")
    options = cli.parser.parse_args(argv if argv is not None else sys.argv[1:])
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    cli.run_cmd(alembic_config(url=resolve_db_url(None)), options)


if __name__ == "__main__":
    main()
