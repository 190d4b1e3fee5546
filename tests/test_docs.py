"""Docs that cannot drift: every command is documented with an example."""

from pathlib import Path

import pytest

from veeduria.cli.main import COMMANDS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_is_in_the_cli_reference(name: str) -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## `veeduria {name}" in reference, f"docs/cli.md has no section for {name}"
    assert f"veeduria {name}" in reference.split(f"## `veeduria {name}", 1)[1]


def test_readme_holds_the_two_setup_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme
    assert "make test" in readme


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == "make test"
