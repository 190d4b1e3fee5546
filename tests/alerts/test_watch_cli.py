"""`veeduria watch add|list|remove|run`, with a failing channel making the run exit 1."""

from __future__ import annotations

import json

from alert_servers import SmtpServer, free_port
from click.testing import CliRunner
from pattern_helpers import KILLING, Article, Ev, add_article

from veeduria.cli.main import cli
from veeduria.store import open_store

JULIACA = Ev(
    "Security forces killed 17 protesters in Juliaca on January 9.",
    "repression_killing",
    "2023-01-09",
    "PE",
)


def test_watch_commands(sqlite_url: str, smtp_server: SmtpServer) -> None:
    store = open_store(sqlite_url)
    store.upgrade()
    add_article(store, Article([KILLING], "2022-12-16", "Highland Times"))
    runner = CliRunner()

    def watch(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
        result = runner.invoke(cli, ["--db", sqlite_url, "watch", *args], env=env)
        return result.exit_code, result.output

    code, out = watch(
        "add",
        "--type",
        "repression_killing",
        "--country",
        "pe",
        "--name",
        "peru",
        "--email",
        "desk@example.org",
    )
    assert (code, out) == (0, "Added watch 1 to the watchlist 'peru' (list 1).\n")
    code, out = watch("add", "--type", "coup")
    assert code == 1 and "--type: unknown event type 'coup'" in out
    code, out = watch("list", "--json")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["country"] == "PE" and row["channels"] == ["stdout", "atom", "email"]
    assert row["feed"] == "/watch/1/feed.atom"

    env = {"VEEDURIA_SMTP_HOST": "127.0.0.1", "VEEDURIA_SMTP_PORT": str(free_port())}
    code, out = watch("run", env=env)
    assert code == 0
    assert "[peru] first run: 1 report already matching, not sent" in out
    add_article(store, Article([JULIACA], "2023-01-10", "La Voz"))
    code, out = watch("run", env=env)  # nothing listens on that port: e-mail fails
    assert code == 1
    assert "[peru] repression_killing · 2023-01-09 · PE" in out
    assert "Error: watchlist 'peru', channel email: e-mail to desk@example.org" in out
    env["VEEDURIA_SMTP_PORT"] = str(smtp_server.port)
    code, out = watch("run", "--json", env=env)
    assert (code, out) == (0, "")  # stdout had it already; the e-mail goes now
    assert len(smtp_server.messages) == 1
    code, out = watch("run", "--since", "2022-12-01", "--json", env=env)
    (line,) = [json.loads(x) for x in out.splitlines()]
    assert line["quote"] == KILLING.sentence and line["watchlist"] == "peru"
    code, out = watch("remove", "1")
    assert (code, out) == (0, "Removed watch 1 from the watchlist 'peru'.\n")
    code, out = watch("remove", "1")
    assert code == 1 and "no watch with id 1" in out
    store.close()
