"""The README documents every command and option (fails when one is added without docs)."""

from pathlib import Path

import pytest
import typer.main

from claimtrace.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_documented(name):
    assert f"claimtrace {name}" in README


@pytest.mark.parametrize(
    "name,flag",
    sorted({(name, opt) for name, cmd in COMMANDS.items() for p in cmd.params for opt in p.opts
            if opt.startswith("--")}),
)
def test_option_is_documented(name, flag):
    assert f"`{flag}" in README or f"{flag}`" in README or f" {flag} " in README, flag


def test_exit_codes_are_documented():
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |"):
        assert code in README
